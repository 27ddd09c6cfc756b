"""Security profile 3 (TLS with a client certificate that names the charge point) with real
TLS: certificates made by trustme, websockets servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import ssl
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus

from ocpp_codegen.runtime.security import (
    CertificateCheck,
    ClientProfile3,
    PeerCertificate,
    ServerProfile3,
    client_tls_context,
    common_name_is_identity,
    subject_attribute,
    subject_names_identity,
)

from .security_peers import GREETING, Certificates, greeting, make_certificates, serving


@pytest.fixture
def certificates(tmp_path: Path) -> Certificates:
    return make_certificates(tmp_path)


def server(certificates: Certificates, check_certificate: CertificateCheck = common_name_is_identity) -> ServerProfile3:
    return ServerProfile3(certificates.central_system, client_ca=certificates.ca, check_certificate=check_certificate)


def connect_as(
    profile: ServerProfile3 | object, context: ssl.SSLContext | None, path: str = "/ocpp/CP_1"
) -> tuple[str | int | Exception, list[str]]:
    """Connect: (the greeting, the refusal's HTTP status, or the TLS failure; the paths handled)."""

    async def scenario() -> tuple[str | int | Exception, list[str]]:
        async with serving(profile) as served:
            try:
                outcome: str | int | Exception = await greeting(served, path, context)
            except InvalidStatus as refusal:
                outcome = refusal.response.status_code
            except Exception as failure:  # the TLS handshake's: the test names which
                outcome = failure
            return outcome, served.handled

    return asyncio.run(scenario())


def charge_point(certificates: Certificates, common_name: str, organization: str | None = None) -> ssl.SSLContext:
    client = ClientProfile3(certificates.charge_point(common_name, organization), server_ca=certificates.ca)
    assert client.ssl_context is not None and client.headers(common_name) == {}
    return client.ssl_context


def test_a_certificate_whose_common_name_is_the_identity_connects(certificates: Certificates) -> None:
    assert connect_as(server(certificates), charge_point(certificates, "CP_1")) == (GREETING, ["/ocpp/CP_1"])


def test_a_charge_point_without_a_certificate_is_refused_in_the_tls_handshake(certificates: Certificates) -> None:
    outcome, handled = connect_as(server(certificates), client_tls_context(certificates.ca))
    assert isinstance(outcome, Exception) and not isinstance(outcome, InvalidStatus)
    assert handled == []


def test_a_certificate_another_authority_issued_is_refused_in_the_tls_handshake(
    certificates: Certificates, tmp_path_factory: pytest.TempPathFactory
) -> None:
    strangers = make_certificates(tmp_path_factory.mktemp("strangers"))
    context = client_tls_context(certificates.ca, strangers.charge_point("CP_1"))
    outcome, handled = connect_as(server(certificates), context)
    assert isinstance(outcome, Exception) and not isinstance(outcome, InvalidStatus)
    assert handled == []


def test_a_certificate_naming_another_charge_point_gets_403_by_the_default_rule(certificates: Certificates) -> None:
    assert connect_as(server(certificates), charge_point(certificates, "CP_2")) == (403, [])


def test_the_callback_sees_the_verified_certificate_and_decides(certificates: Certificates) -> None:
    seen: list[tuple[str, PeerCertificate]] = []

    async def serial_numbers_of_the_fleet(identity: str, certificate: PeerCertificate) -> bool:
        seen.append((identity, certificate))
        return subject_attribute(certificate, "commonName") == ["SN-0001"] and identity == "CP_1"

    profile = server(certificates, serial_numbers_of_the_fleet)
    assert connect_as(profile, charge_point(certificates, "SN-0001"))[0] == GREETING
    assert connect_as(profile, charge_point(certificates, "SN-0002"))[0] == 403
    (identity, certificate), _ = seen
    assert identity == "CP_1"
    assert subject_attribute(certificate, "commonName") == ["SN-0001"]
    assert certificate["issuer"] and certificate["serialNumber"] and certificate["notAfter"]


def test_the_rule_with_an_organization_also_checks_the_subjects_organization(certificates: Certificates) -> None:
    profile = server(certificates, subject_names_identity(organization="Charging Ltd"))
    assert connect_as(profile, charge_point(certificates, "CP_1", "Charging Ltd"))[0] == GREETING
    assert connect_as(profile, charge_point(certificates, "CP_1", "Another Operator"))[0] == 403
    assert connect_as(profile, charge_point(certificates, "CP_1"))[0] == 403


def test_the_identity_is_the_percent_decoded_last_path_segment(certificates: Certificates) -> None:
    context = charge_point(certificates, "CP 1")
    assert connect_as(server(certificates), context, "/ocpp/CP%201")[0] == GREETING


def test_a_profile_3_check_without_tls_refuses_with_403(certificates: Certificates) -> None:
    class WithoutTls:
        ssl_context = None
        check_request = server(certificates).check_request

    assert connect_as(WithoutTls(), None) == (403, [])


def test_the_server_requires_and_verifies_client_certificates(certificates: Certificates) -> None:
    context = server(certificates).ssl_context
    assert context is not None and context.verify_mode == ssl.CERT_REQUIRED
    assert context.minimum_version == ssl.TLSVersion.TLSv1_2


def test_profile_3_ignores_basic_credentials(certificates: Certificates) -> None:
    async def scenario() -> str:
        async with serving(server(certificates)) as served:
            wrong = {"Authorization": "Basic " + "not even base64!"}
            return await greeting(served, "/ocpp/CP_1", charge_point(certificates, "CP_1"), wrong)

    assert asyncio.run(scenario()) == GREETING


def test_an_expired_certificate_is_refused_in_the_tls_handshake(certificates: Certificates) -> None:
    expired = certificates.charge_point("CP_1", not_after=datetime.now(timezone.utc) - timedelta(days=1))
    outcome, handled = connect_as(server(certificates), client_tls_context(certificates.ca, expired))
    assert isinstance(outcome, Exception) and not isinstance(outcome, InvalidStatus)
    assert handled == []
