"""Security profile 2 (Basic authentication over TLS 1.2 or newer) with real TLS: certificates
made by trustme, websockets servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import ssl
import warnings
from pathlib import Path

import pytest
import trustme
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidMessage, InvalidStatus

from ocpp_codegen.runtime.security import (
    TLS_12_CIPHERS,
    ClientProfile1,
    ClientProfile2,
    PasswordTable,
    ServerProfile2,
)

from .security_peers import GREETING, Certificates, greeting, make_certificates, serving

PASSWORD = b"0123456789abcdef"


@pytest.fixture
def certificates(tmp_path: Path) -> Certificates:
    return make_certificates(tmp_path)


def server(certificates: Certificates) -> ServerProfile2:
    return ServerProfile2(PasswordTable({"CP_1": PASSWORD}), certificates.central_system)


def negotiated(profile: ServerProfile2, context: ssl.SSLContext, headers: dict[str, str]) -> tuple[str, str]:
    """Connect as CP_1 with this TLS context: (the TLS version, the cipher suite)."""

    async def scenario() -> tuple[str, str]:
        async with serving(profile) as served:
            uri = served.uri("/ocpp/CP_1", tls=True)
            async with connect(uri, ssl=context, additional_headers=headers) as websocket:
                assert await websocket.recv() == GREETING
                tls = websocket.transport.get_extra_info("ssl_object")
                return tls.version(), tls.cipher()[0]

    return asyncio.run(scenario())


def refused_handshake(profile: ServerProfile2, context: ssl.SSLContext | None, headers: dict[str, str]) -> Exception:
    """Connect as CP_1 and return how it failed; the handler never ran."""

    async def scenario() -> Exception:
        async with serving(profile) as served:
            with pytest.raises((ssl.SSLError, InvalidMessage, InvalidStatus, ConnectionError)) as raised:
                await greeting(served, "/ocpp/CP_1", context, headers)
            assert served.handled == []
            return raised.value

    return asyncio.run(scenario())


def refused_by_tls(error: Exception) -> bool:
    """Whether the TLS handshake failed: an alert, or the server dropping the connection."""
    return isinstance(error, (ssl.SSLError, ConnectionResetError))


def legacy_client(certificates: Certificates, version: ssl.TLSVersion, ciphers: str) -> ssl.SSLContext:
    """A client that speaks one TLS version only, with OpenSSL's legacy ciphers allowed."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # TLS 1.1 is deprecated: that is the point
        context.minimum_version = context.maximum_version = version
    context.set_ciphers(ciphers)
    context.load_verify_locations(certificates.ca)
    return context


def test_the_right_password_over_tls_connects_with_tls_1_2_or_newer(certificates: Certificates) -> None:
    client = ClientProfile2(PASSWORD, server_ca=certificates.ca)
    assert client.ssl_context is not None
    version, _ = negotiated(server(certificates), client.ssl_context, client.headers("CP_1"))
    assert version in {"TLSv1.2", "TLSv1.3"}


def test_a_wrong_password_over_tls_gets_401(certificates: Certificates) -> None:
    client = ClientProfile2(b"fedcba9876543210", server_ca=certificates.ca)
    refused = refused_handshake(server(certificates), client.ssl_context, client.headers("CP_1"))
    assert isinstance(refused, InvalidStatus) and refused.response.status_code == 401


def test_a_charge_point_without_tls_is_refused(certificates: Certificates) -> None:
    client = ClientProfile1(PASSWORD)
    refused = refused_handshake(server(certificates), None, client.headers("CP_1"))
    assert not isinstance(refused, InvalidStatus)


def test_tls_1_1_is_refused(certificates: Certificates) -> None:
    client = legacy_client(certificates, ssl.TLSVersion.TLSv1_1, "DEFAULT:@SECLEVEL=0")
    refused = refused_handshake(server(certificates), client, ClientProfile1(PASSWORD).headers("CP_1"))
    assert refused_by_tls(refused)


def test_the_tls_1_1_client_of_these_tests_connects_where_tls_1_1_is_allowed(certificates: Certificates) -> None:
    profile = server(certificates)
    assert profile.ssl_context is not None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        profile.ssl_context.minimum_version = ssl.TLSVersion.TLSv1
    profile.ssl_context.set_ciphers("DEFAULT:@SECLEVEL=0")
    client = legacy_client(certificates, ssl.TLSVersion.TLSv1_1, "DEFAULT:@SECLEVEL=0")
    assert negotiated(profile, client, ClientProfile1(PASSWORD).headers("CP_1"))[0] == "TLSv1.1"


@pytest.mark.parametrize(
    ("key_type", "cipher"),
    [
        (trustme.KeyType.ECDSA, "ECDHE-ECDSA-AES128-GCM-SHA256"),
        (trustme.KeyType.ECDSA, "ECDHE-ECDSA-AES256-GCM-SHA384"),
        (trustme.KeyType.RSA, "ECDHE-RSA-AES128-GCM-SHA256"),
        (trustme.KeyType.RSA, "ECDHE-RSA-AES256-GCM-SHA384"),
    ],
)
def test_each_listed_tls_1_2_cipher_suite_is_accepted(tmp_path: Path, key_type: trustme.KeyType, cipher: str) -> None:
    certificates = make_certificates(tmp_path, key_type)
    client = legacy_client(certificates, ssl.TLSVersion.TLSv1_2, cipher)
    assert negotiated(server(certificates), client, ClientProfile1(PASSWORD).headers("CP_1")) == ("TLSv1.2", cipher)


@pytest.mark.parametrize(
    "cipher", ["ECDHE-ECDSA-AES128-SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-ECDSA-AES128-SHA"]
)
def test_a_tls_1_2_cipher_suite_the_specifications_do_not_list_is_refused(
    certificates: Certificates, cipher: str
) -> None:
    client = legacy_client(certificates, ssl.TLSVersion.TLSv1_2, cipher + ":@SECLEVEL=0")
    refused = refused_handshake(server(certificates), client, ClientProfile1(PASSWORD).headers("CP_1"))
    assert refused_by_tls(refused)


def test_the_tls_1_2_suites_are_the_four_the_specifications_list() -> None:
    assert sorted(TLS_12_CIPHERS.split(":")) == [
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES256-GCM-SHA384",
    ]


def test_the_charge_point_refuses_a_server_certificate_its_authority_did_not_issue(
    certificates: Certificates, tmp_path_factory: pytest.TempPathFactory
) -> None:
    strangers = make_certificates(tmp_path_factory.mktemp("strangers"))
    client = ClientProfile2(PASSWORD, server_ca=strangers.ca)
    refused = refused_handshake(server(certificates), client.ssl_context, client.headers("CP_1"))
    assert isinstance(refused, ssl.SSLCertVerificationError)
