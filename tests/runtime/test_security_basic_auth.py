"""Security profile 1 (HTTP Basic authentication on the upgrade request), over real websockets."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Sequence

import pytest
from websockets.exceptions import InvalidStatus

from ocpp_codegen.runtime.security import (
    ClientProfile1,
    PasswordTable,
    ServerProfile1,
    authorization_key,
    basic_credentials,
    parse_basic_credentials,
)

from .security_peers import GREETING, greeting, serving

PASSWORD = b"0123456789abcdef"


class RecordingCheck:
    """A check_password callback that records what it was asked and answers from a table."""

    def __init__(self, passwords: dict[str, bytes]) -> None:
        self.table = PasswordTable(passwords)
        self.asked: list[tuple[str, bytes]] = []

    async def __call__(self, identity: str, password: bytes) -> bool:
        self.asked.append((identity, password))
        return await self.table(identity, password)


def connect_once(
    profile: ServerProfile1, path: str, headers: dict[str, str] | Sequence[tuple[str, str]]
) -> tuple[str | int, list[str]]:
    """Connect to a server with the profile: (the greeting or the refusal's status, paths handled)."""

    async def scenario() -> tuple[str | int, list[str]]:
        async with serving(profile) as served:
            try:
                outcome: str | int = await greeting(served, path, None, headers)
            except InvalidStatus as refusal:
                outcome = refusal.response.status_code
            return outcome, served.handled

    return asyncio.run(scenario())


def refusal(profile: ServerProfile1, path: str, headers: dict[str, str] | Sequence[tuple[str, str]]) -> InvalidStatus:
    async def scenario() -> InvalidStatus:
        async with serving(profile) as served:
            with pytest.raises(InvalidStatus) as raised:
                await greeting(served, path, None, headers)
            assert served.handled == []
            return raised.value

    return asyncio.run(scenario())


def test_the_right_password_connects() -> None:
    profile = ServerProfile1(PasswordTable({"CP_1": PASSWORD}))
    assert connect_once(profile, "/ocpp/CP_1", ClientProfile1(PASSWORD).headers("CP_1")) == (GREETING, ["/ocpp/CP_1"])


def test_a_wrong_password_gets_401_and_the_handler_never_runs() -> None:
    profile = ServerProfile1(PasswordTable({"CP_1": PASSWORD}))
    headers = ClientProfile1(b"fedcba9876543210").headers("CP_1")
    assert connect_once(profile, "/ocpp/CP_1", headers) == (401, [])


def test_a_username_other_than_the_identity_in_the_url_gets_401_and_the_password_is_not_asked() -> None:
    check = RecordingCheck({"CP_1": PASSWORD, "CP_2": PASSWORD})
    headers = ClientProfile1(PASSWORD).headers("CP_2")
    assert connect_once(ServerProfile1(check), "/ocpp/CP_1", headers) == (401, [])
    assert check.asked == []


def test_an_unknown_identity_gets_401() -> None:
    profile = ServerProfile1(PasswordTable({"CP_1": PASSWORD}))
    assert connect_once(profile, "/ocpp/CP_9", ClientProfile1(PASSWORD).headers("CP_9")) == (401, [])


def test_a_request_without_credentials_gets_401_naming_the_basic_scheme() -> None:
    refused = refusal(ServerProfile1(PasswordTable({"CP_1": PASSWORD})), "/ocpp/CP_1", {})
    assert refused.response.status_code == 401
    assert refused.response.headers["WWW-Authenticate"] == 'Basic realm="OCPP", charset="UTF-8"'


def test_credentials_of_another_scheme_get_401() -> None:
    headers = {"Authorization": "Bearer 0123456789abcdef"}
    assert connect_once(ServerProfile1(PasswordTable({"CP_1": PASSWORD})), "/ocpp/CP_1", headers) == (401, [])


@pytest.mark.parametrize(
    "authorization",
    [
        "Basic not-base64!",
        "Basic " + base64.b64encode(b"CP_1 without a colon").decode(),
        "Basic " + base64.b64encode(b"\xff\xfe:" + PASSWORD).decode(),
        "Basic",
    ],
    ids=["not base64", "no colon", "username not UTF-8", "no token"],
)
def test_malformed_basic_credentials_get_400(authorization: str) -> None:
    check = RecordingCheck({"CP_1": PASSWORD})
    assert connect_once(ServerProfile1(check), "/ocpp/CP_1", {"Authorization": authorization}) == (400, [])
    assert check.asked == []


def test_two_authorization_headers_get_400() -> None:
    right = ClientProfile1(PASSWORD).headers("CP_1")["Authorization"]
    headers = [("Authorization", right), ("Authorization", right)]
    assert connect_once(ServerProfile1(PasswordTable({"CP_1": PASSWORD})), "/ocpp/CP_1", headers) == (400, [])


@pytest.mark.parametrize(
    "password",
    [
        authorization_key("00ff3a0d0a" * 4),  # OCPP 1.6: 20 raw bytes, a colon, CR and LF among them
        "Grüße aus Köln: 16 bis 40 Zeichen!".encode(),  # OCPP 2.0.1: a passwordString as UTF-8
        bytes(range(256)),
    ],
    ids=["1.6 AuthorizationKey", "2.0.1 passwordString", "every byte value"],
)
def test_the_password_reaches_the_callback_as_the_raw_bytes_sent(password: bytes) -> None:
    check = RecordingCheck({"CP_1": password})
    assert connect_once(ServerProfile1(check), "/ocpp/CP_1", ClientProfile1(password).headers("CP_1"))[0] == GREETING
    assert check.asked == [("CP_1", password)]


def test_the_callback_gets_the_percent_decoded_identity() -> None:
    check = RecordingCheck({"CP 1/ü": PASSWORD})
    headers = ClientProfile1(PASSWORD).headers("CP 1/ü")
    assert connect_once(ServerProfile1(check), "/ocpp/CP%201%2F%C3%BC", headers)[0] == GREETING
    assert check.asked == [("CP 1/ü", PASSWORD)]


def test_a_profile_1_server_has_no_tls() -> None:
    assert ServerProfile1(PasswordTable({})).ssl_context is None
    assert ClientProfile1(PASSWORD).ssl_context is None


# --- the parts -----------------------------------------------------------------------------


def test_a_password_table_accepts_only_the_identitys_own_password() -> None:
    table = PasswordTable({"CP_1": PASSWORD, "CP_2": b"another password"})
    assert asyncio.run(table("CP_1", PASSWORD))
    assert not asyncio.run(table("CP_2", PASSWORD))
    assert not asyncio.run(table("CP_1", PASSWORD + b"!"))
    assert not asyncio.run(table("CP_3", PASSWORD))


def test_an_authorization_key_is_hex_digits_of_16_to_20_bytes() -> None:
    assert authorization_key("00" * 16) == bytes(16)
    assert authorization_key("DEADBEEF" * 5) == bytes.fromhex("deadbeef" * 5)
    for wrong in ("00" * 15, "00" * 21, "not hex digits but long enough to be", "0" * 33):
        with pytest.raises(ValueError):
            authorization_key(wrong)


def test_basic_credentials_split_at_the_first_colon() -> None:
    assert parse_basic_credentials(basic_credentials("CP_1", b"pass:word")) == ("CP_1", b"pass:word")
    assert parse_basic_credentials("basic " + base64.b64encode(b"CP_1:").decode()) == ("CP_1", b"")


def test_an_identity_with_a_colon_cannot_be_a_basic_username() -> None:
    with pytest.raises(ValueError):
        ClientProfile1(PASSWORD).headers("CP:1")


def test_credentials_with_bytes_beyond_ascii_get_400() -> None:
    check = RecordingCheck({"CP_1": PASSWORD})
    upgrade = (
        b"GET /ocpp/CP_1 HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        b"Authorization: Basic Q1Bf\xc3\xa9\xff\r\n\r\n"
    )

    async def scenario() -> tuple[bytes, list[str]]:
        async with serving(ServerProfile1(check)) as served:
            reader, writer = await asyncio.open_connection("127.0.0.1", served.port)
            writer.write(upgrade)
            status_line = await reader.readline()
            writer.close()
            return status_line, served.handled

    assert asyncio.run(scenario()) == (b"HTTP/1.1 400 Bad Request\r\n", [])
    assert check.asked == []
