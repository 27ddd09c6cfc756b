"""OCPP security profiles 1, 2 and 3 for the WebSocket transport (the `websockets` library).

One profile per server (per port), as the specifications require; a charge point that comes
with another profile fails the TLS handshake or the checks below. Server side, a profile has
`ssl_context` (None for profile 1) and `check_request(connection, request)`, which is
`websockets`' `process_request`: it returns None to let the upgrade go on, or the HTTP
response that refuses it (the handler never runs). Client side, a profile has `ssl_context`
and `headers(identity)`, the headers of the upgrade request.

- Profile 1, `ServerProfile1` / `ClientProfile1`: HTTP Basic authentication on the upgrade
  request, no TLS (trusted networks only). The username must be the identity in the URL (its
  last path segment, percent-decoded). The password is checked by `check_password(identity,
  password)`, an async callback, with the password exactly as it arrived: raw bytes, never
  decoded. OCPP 1.6 sends the AuthorizationKey's 16-20 raw bytes (configured as hex digits:
  `authorization_key("0a1b...")` gives them); OCPP 2.0.1 sends the passwordString as UTF-8
  (`"text".encode()`). `PasswordTable` is such a callback over a fixed table, comparing in
  constant time. No credentials, another scheme, a wrong username or password: 401 with
  `WWW-Authenticate`; credentials that are not Basic's syntax (not base64, no `:`, a username
  that is not UTF-8, two Authorization headers): 400.
- Profile 2, `ServerProfile2` / `ClientProfile2`: profile 1 over TLS 1.2 or newer, with the
  four TLS 1.2 cipher suites the specifications list (TLS_ECDHE_{ECDSA,RSA}_WITH_AES_128_GCM_
  SHA256 and ..._AES_256_GCM_SHA384; TLS 1.3 suites as OpenSSL enables them), no compression.
  The server's certificate chain and key come from PEM files. TLS 1.0 and 1.1, which OCPP 1.6
  allows for legacy charge points only, are refused.
- Profile 3, `ServerProfile3` / `ClientProfile3`: TLS with a client certificate, required
  and verified against the server's CA file; no Basic authentication (an Authorization header
  is ignored). `check_certificate(identity, certificate)`, an async callback, gets the peer
  certificate as `ssl.SSLSocket.getpeercert()` decodes it (a dict) and decides; the default,
  `common_name_is_identity`, accepts a certificate whose subject's commonName is the identity
  (`subject_names_identity(organization=...)` also checks the organizationName, the CPO).
  Refused: 403, after which the connection closes.

A callback that raises fails the handshake with 500, as `websockets` answers any error of
`process_request`. Refusals are logged at INFO on the connection's logger, without passwords.

Only the transport and this module import `websockets`; the package root does not import it.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import ssl
from collections.abc import Awaitable, Callable, Mapping
from http import HTTPStatus
from os import PathLike
from typing import Any, Final, Protocol, TypeAlias
from urllib.parse import unquote, urlsplit

from websockets.asyncio.server import ServerConnection
from websockets.datastructures import MultipleValuesError
from websockets.http11 import Request, Response

PeerCertificate: TypeAlias = dict[str, Any]
"""A peer certificate as `ssl.SSLSocket.getpeercert()` decodes it (subject, issuer, dates...)."""
PasswordCheck: TypeAlias = Callable[[str, bytes], Awaitable[bool]]
"""`async (identity, password) -> bool`: whether the password (raw bytes) is the identity's."""
CertificateCheck: TypeAlias = Callable[[str, PeerCertificate], Awaitable[bool]]
"""`async (identity, certificate) -> bool`: whether the verified certificate may be identity."""
FilePath: TypeAlias = str | PathLike[str]

TLS_12_CIPHERS: Final = ":".join(
    (
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384",
    )
)
"""The TLS 1.2 cipher suites of profiles 2 and 3, in OpenSSL's names."""
REALM: Final = "OCPP"
"""The realm a 401 response names in its `WWW-Authenticate` header."""


class ServerSecurity(Protocol):
    """What a server's security profile gives the transport."""

    @property
    def ssl_context(self) -> ssl.SSLContext | None: ...

    async def check_request(
        self, connection: ServerConnection, request: Request
    ) -> Response | None: ...


class ClientSecurity(Protocol):
    """What a charge point's security profile gives the transport."""

    @property
    def ssl_context(self) -> ssl.SSLContext | None: ...

    def headers(self, identity: str) -> dict[str, str]: ...


# --- passwords ------------------------------------------------------------------------------


def authorization_key(hex_digits: str) -> bytes:
    """An OCPP 1.6 AuthorizationKey, configured as hex digits, as the raw bytes it sends."""
    try:
        key = bytes.fromhex(hex_digits)
    except ValueError:
        raise ValueError("an AuthorizationKey is written in hex digits") from None
    if not 16 <= len(key) <= 20:
        raise ValueError(f"an AuthorizationKey has 16 to 20 bytes, not {len(key)}")
    return key


def passwords_match(expected: bytes, given: bytes) -> bool:
    """Whether two passwords are equal, in a time that does not tell where they differ."""
    return hmac.compare_digest(expected, given)


class PasswordTable:
    """A `check_password` callback over a fixed table: identity -> password (raw bytes)."""

    def __init__(self, passwords: Mapping[str, bytes]) -> None:
        self._passwords = dict(passwords)

    async def __call__(self, identity: str, password: bytes) -> bool:
        expected = self._passwords.get(identity)
        if expected is None:
            # Compare anyway: an unknown identity costs the time a known one does.
            passwords_match(password, password)
            return False
        return passwords_match(expected, password)


def basic_credentials(identity: str, password: bytes) -> str:
    """The Authorization header's value for profiles 1 and 2."""
    if ":" in identity:
        raise ValueError("an identity with ':' cannot be a Basic username")
    token = base64.b64encode(identity.encode("utf-8") + b":" + password)
    return "Basic " + token.decode("ascii")


class MalformedCredentials(ValueError):
    """An Authorization header that is not Basic's syntax."""


def parse_basic_credentials(header: str) -> tuple[str, bytes] | None:
    """(username, password) of a Basic Authorization header; None for another scheme.

    Raises MalformedCredentials when the header is Basic but its credentials are not base64
    of `username:password` with a UTF-8 username."""
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(token.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise MalformedCredentials("the credentials are not base64") from None
    username, colon, password = decoded.partition(b":")
    if not colon:
        raise MalformedCredentials("the credentials have no ':'")
    try:
        return username.decode("utf-8"), password
    except UnicodeDecodeError:
        raise MalformedCredentials("the username is not UTF-8") from None


# --- the identity and the peer certificate --------------------------------------------------


def identity_of(path: str) -> str | None:
    """The charge point's identity in a request path: its last segment, percent-decoded."""
    try:
        identity = unquote(urlsplit(path).path.rsplit("/", 1)[-1], errors="strict")
    except UnicodeDecodeError:
        return None
    return identity or None


def peer_certificate(connection: ServerConnection) -> PeerCertificate | None:
    """The verified certificate the peer presented over TLS, None without TLS or certificate."""
    ssl_object = connection.transport.get_extra_info("ssl_object")
    if not isinstance(ssl_object, (ssl.SSLObject, ssl.SSLSocket)):
        return None
    certificate = ssl_object.getpeercert()
    return dict(certificate) if certificate else None


def subject_attribute(certificate: PeerCertificate, name: str) -> list[str]:
    """Every value of one attribute (`commonName`, `organizationName`) of the subject."""
    subject = certificate.get("subject", ())
    return [value for rdn in subject for key, value in rdn if key == name]


def subject_names_identity(organization: str | None = None) -> CertificateCheck:
    """The specifications' rule: the subject's commonName is the charge point (its identity),
    and, if given, its organizationName is the operator's."""

    async def check(identity: str, certificate: PeerCertificate) -> bool:
        if subject_attribute(certificate, "commonName") != [identity]:
            return False
        if organization is None:
            return True
        return subject_attribute(certificate, "organizationName") == [organization]

    return check


common_name_is_identity: Final = subject_names_identity()
"""The default `check_certificate`: the subject's one commonName is the identity."""


# --- TLS contexts ---------------------------------------------------------------------------


def _restrict(context: ssl.SSLContext) -> ssl.SSLContext:
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers(TLS_12_CIPHERS)
    context.options |= ssl.OP_NO_COMPRESSION
    return context


def server_tls_context(
    certificate_chain: FilePath,
    private_key: FilePath | None = None,
    client_ca: FilePath | None = None,
) -> ssl.SSLContext:
    """A server's TLS context for profile 2, or 3 when `client_ca` is given (clients must then
    present a certificate it issued). `private_key` may be in the `certificate_chain` file.
    """
    context = _restrict(ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER))
    context.load_cert_chain(certificate_chain, private_key)
    if client_ca is not None:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(cafile=client_ca)
    return context


def client_tls_context(
    server_ca: FilePath | None = None,
    certificate_chain: FilePath | None = None,
    private_key: FilePath | None = None,
) -> ssl.SSLContext:
    """A charge point's TLS context: the server's certificate verified (against `server_ca`,
    or the system's authorities) with its host name; with `certificate_chain`, for profile 3.
    """
    context = _restrict(ssl.create_default_context(cafile=server_ca))
    if certificate_chain is not None:
        context.load_cert_chain(certificate_chain, private_key)
    return context


# --- server profiles ------------------------------------------------------------------------


def _refuse(
    connection: ServerConnection, status: HTTPStatus, reason: str, identity: str | None
) -> Response:
    connection.logger.info("refused %r: %s", identity, reason)
    return connection.respond(status, f"{status.phrase}: {reason}\n")


def _unauthorized(
    connection: ServerConnection, reason: str, identity: str | None
) -> Response:
    response = _refuse(connection, HTTPStatus.UNAUTHORIZED, reason, identity)
    response.headers["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'
    return response


class ServerProfile1:
    """Security profile 1: HTTP Basic authentication, no TLS."""

    def __init__(self, check_password: PasswordCheck) -> None:
        self.check_password = check_password
        self.ssl_context: ssl.SSLContext | None = None

    async def check_request(
        self, connection: ServerConnection, request: Request
    ) -> Response | None:
        identity = identity_of(request.path)
        try:
            header = request.headers.get("Authorization")
        except MultipleValuesError:
            return _refuse(
                connection,
                HTTPStatus.BAD_REQUEST,
                "two Authorization headers",
                identity,
            )
        if header is None:
            return _unauthorized(connection, "no credentials", identity)
        try:
            credentials = parse_basic_credentials(header)
        except MalformedCredentials as error:
            return _refuse(connection, HTTPStatus.BAD_REQUEST, str(error), identity)
        if credentials is None:
            return _unauthorized(connection, "not Basic credentials", identity)
        username, password = credentials
        if identity is None or username != identity:
            return _unauthorized(
                connection, "the username is not the identity", identity
            )
        if not await self.check_password(identity, password):
            return _unauthorized(connection, "wrong password", identity)
        return None


class ServerProfile2(ServerProfile1):
    """Security profile 2: profile 1 over TLS (the server's certificate only)."""

    def __init__(
        self,
        check_password: PasswordCheck,
        certificate_chain: FilePath,
        private_key: FilePath | None = None,
    ) -> None:
        super().__init__(check_password)
        self.ssl_context = server_tls_context(certificate_chain, private_key)


class ServerProfile3:
    """Security profile 3: TLS with a client certificate that names the charge point."""

    def __init__(
        self,
        certificate_chain: FilePath,
        private_key: FilePath | None = None,
        *,
        client_ca: FilePath,
        check_certificate: CertificateCheck = common_name_is_identity,
    ) -> None:
        self.check_certificate = check_certificate
        self.ssl_context: ssl.SSLContext | None = server_tls_context(
            certificate_chain, private_key, client_ca
        )

    async def check_request(
        self, connection: ServerConnection, request: Request
    ) -> Response | None:
        identity = identity_of(request.path)
        certificate = peer_certificate(connection)
        if certificate is None:
            return _refuse(
                connection, HTTPStatus.FORBIDDEN, "no client certificate", identity
            )
        if identity is None or not await self.check_certificate(identity, certificate):
            return _refuse(
                connection,
                HTTPStatus.FORBIDDEN,
                "the certificate does not name the charge point",
                identity,
            )
        return None


# --- client profiles ------------------------------------------------------------------------


class ClientProfile1:
    """Security profile 1 for a charge point: Basic credentials, no TLS."""

    def __init__(self, password: bytes) -> None:
        self.password = password
        self.ssl_context: ssl.SSLContext | None = None

    def headers(self, identity: str) -> dict[str, str]:
        return {"Authorization": basic_credentials(identity, self.password)}


class ClientProfile2(ClientProfile1):
    """Security profile 2 for a charge point: Basic credentials over TLS."""

    def __init__(self, password: bytes, server_ca: FilePath | None = None) -> None:
        super().__init__(password)
        self.ssl_context = client_tls_context(server_ca)


class ClientProfile3:
    """Security profile 3 for a charge point: its certificate in the TLS handshake."""

    def __init__(
        self,
        certificate_chain: FilePath,
        private_key: FilePath | None = None,
        server_ca: FilePath | None = None,
    ) -> None:
        self.ssl_context: ssl.SSLContext | None = client_tls_context(
            server_ca, certificate_chain, private_key
        )

    def headers(self, identity: str) -> dict[str, str]:
        return {}
