"""A valid request and response payload (wire JSON) for every action, for the dispatcher and interop tests.

Each sample fills optional fields too, with enums, date-times, nested objects and arrays, so
that what crosses the wire is more than the bare minimum. `test_dispatch_samples` checks
every one against its schema with jsonschema.
"""

from __future__ import annotations

from typing import Any

T0 = "2026-11-25T08:00:00Z"
T1 = "2026-11-25T09:30:00.500+01:00"

_ID_TAG_INFO = {"status": "Accepted", "expiryDate": "2026-12-31T23:59:59Z", "parentIdTag": "PARENT-1"}
_SCHEDULE = {
    "duration": 3600,
    "startSchedule": T0,
    "chargingRateUnit": "A",
    "chargingSchedulePeriod": [
        {"startPeriod": 0, "limit": 16.0, "numberPhases": 3},
        {"startPeriod": 1800, "limit": 6.5},
    ],
    "minChargingRate": 6.0,
}
_PROFILE = {
    "chargingProfileId": 7,
    "stackLevel": 1,
    "chargingProfilePurpose": "TxDefaultProfile",
    "chargingProfileKind": "Recurring",
    "recurrencyKind": "Daily",
    "validFrom": T0,
    "validTo": "2027-01-01T00:00:00Z",
    "chargingSchedule": _SCHEDULE,
}
_METER_VALUE = {
    "timestamp": T1,
    "sampledValue": [
        {
            "value": "1234.5",
            "context": "Sample.Periodic",
            "measurand": "Energy.Active.Import.Register",
            "unit": "Wh",
            "location": "Outlet",
            "format": "Raw",
        },
        {"value": "16.2", "measurand": "Current.Import", "unit": "A", "phase": "L1"},
        {"value": "21.5", "measurand": "Temperature", "unit": "Celsius", "location": "Body"},
    ],
}
_HASH = {"hashAlgorithm": "SHA256", "issuerNameHash": "a1b2", "issuerKeyHash": "c3d4", "serialNumber": "0042"}

SAMPLES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "Authorize": ({"idTag": "TAG-1"}, {"idTagInfo": _ID_TAG_INFO}),
    "BootNotification": (
        {
            "chargePointVendor": "Acme",
            "chargePointModel": "X1",
            "chargePointSerialNumber": "SN-1",
            "firmwareVersion": "1.2.3",
            "meterType": "DC",
        },
        {"status": "Accepted", "currentTime": T0, "interval": 300},
    ),
    "DataTransfer": (
        {"vendorId": "com.acme", "messageId": "ping", "data": '{"n": 1}'},
        {"status": "Accepted", "data": "pong"},
    ),
    "Heartbeat": ({}, {"currentTime": T1}),
    "MeterValues": ({"connectorId": 1, "transactionId": 42, "meterValue": [_METER_VALUE]}, {}),
    "StartTransaction": (
        {"connectorId": 1, "idTag": "TAG-1", "meterStart": 1000, "reservationId": 3, "timestamp": T0},
        {"idTagInfo": _ID_TAG_INFO, "transactionId": 42},
    ),
    "StatusNotification": (
        {
            "connectorId": 1,
            "errorCode": "NoError",
            "status": "Charging",
            "timestamp": T0,
            "info": "ok",
            "vendorId": "com.acme",
            "vendorErrorCode": "0",
        },
        {},
    ),
    "StopTransaction": (
        {
            "idTag": "TAG-1",
            "meterStop": 2234,
            "timestamp": T1,
            "transactionId": 42,
            "reason": "EVDisconnected",
            "transactionData": [_METER_VALUE],
        },
        {"idTagInfo": _ID_TAG_INFO},
    ),
    "ChangeAvailability": ({"connectorId": 0, "type": "Inoperative"}, {"status": "Scheduled"}),
    "ChangeConfiguration": ({"key": "HeartbeatInterval", "value": "300"}, {"status": "Accepted"}),
    "ClearCache": ({}, {"status": "Accepted"}),
    "GetConfiguration": (
        {"key": ["HeartbeatInterval", "NoSuchKey"]},
        {
            "configurationKey": [{"key": "HeartbeatInterval", "readonly": False, "value": "300"}],
            "unknownKey": ["NoSuchKey"],
        },
    ),
    "RemoteStartTransaction": (
        {
            "connectorId": 1,
            "idTag": "TAG-1",
            "chargingProfile": {
                **_PROFILE,
                "chargingProfilePurpose": "TxProfile",
                "chargingProfileKind": "Absolute",
                "recurrencyKind": None,
            },
        },
        {"status": "Accepted"},
    ),
    "RemoteStopTransaction": ({"transactionId": 42}, {"status": "Accepted"}),
    "Reset": ({"type": "Soft"}, {"status": "Accepted"}),
    "UnlockConnector": ({"connectorId": 1}, {"status": "Unlocked"}),
    "DiagnosticsStatusNotification": ({"status": "Uploaded"}, {}),
    "FirmwareStatusNotification": ({"status": "Installed"}, {}),
    "GetDiagnostics": (
        {"location": "ftp://diag.example.com/up", "retries": 2, "retryInterval": 30, "startTime": T0, "stopTime": T1},
        {"fileName": "diag-2026-11-25.zip"},
    ),
    "UpdateFirmware": (
        {"location": "https://fw.example.com/x1.bin", "retries": 1, "retrieveDate": T0, "retryInterval": 60},
        {},
    ),
    "GetLocalListVersion": ({}, {"listVersion": 5}),
    "SendLocalList": (
        {
            "listVersion": 6,
            "updateType": "Differential",
            "localAuthorizationList": [{"idTag": "TAG-1", "idTagInfo": _ID_TAG_INFO}, {"idTag": "TAG-2"}],
        },
        {"status": "Accepted"},
    ),
    "CancelReservation": ({"reservationId": 3}, {"status": "Accepted"}),
    "ReserveNow": (
        {"connectorId": 1, "expiryDate": T1, "idTag": "TAG-1", "parentIdTag": "PARENT-1", "reservationId": 3},
        {"status": "Accepted"},
    ),
    "ClearChargingProfile": (
        {"id": 7, "connectorId": 1, "chargingProfilePurpose": "TxDefaultProfile", "stackLevel": 1},
        {"status": "Accepted"},
    ),
    "GetCompositeSchedule": (
        {"connectorId": 1, "duration": 3600, "chargingRateUnit": "W"},
        {"status": "Accepted", "connectorId": 1, "scheduleStart": T0, "chargingSchedule": _SCHEDULE},
    ),
    "SetChargingProfile": ({"connectorId": 1, "csChargingProfiles": _PROFILE}, {"status": "Accepted"}),
    "TriggerMessage": ({"requestedMessage": "StatusNotification", "connectorId": 1}, {"status": "Accepted"}),
    "LogStatusNotification": ({"status": "Uploaded", "requestId": 11}, {}),
    "SecurityEventNotification": ({"type": "FirmwareUpdated", "timestamp": T0, "techInfo": "v1.2.3"}, {}),
    "SignCertificate": (
        {"csr": "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----"},
        {"status": "Accepted"},
    ),
    "SignedFirmwareStatusNotification": ({"status": "SignatureVerified", "requestId": 12}, {}),
    "CertificateSigned": (
        {"certificateChain": "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----"},
        {"status": "Accepted"},
    ),
    "DeleteCertificate": ({"certificateHashData": _HASH}, {"status": "NotFound"}),
    "ExtendedTriggerMessage": ({"requestedMessage": "SignChargePointCertificate"}, {"status": "Accepted"}),
    "GetInstalledCertificateIds": (
        {"certificateType": "CentralSystemRootCertificate"},
        {"status": "Accepted", "certificateHashData": [_HASH]},
    ),
    "GetLog": (
        {
            "logType": "SecurityLog",
            "requestId": 13,
            "retries": 1,
            "retryInterval": 5,
            "log": {"remoteLocation": "https://logs.example.com/", "oldestTimestamp": T0, "latestTimestamp": T1},
        },
        {"status": "Accepted", "filename": "security.log"},
    ),
    "InstallCertificate": (
        {"certificateType": "ManufacturerRootCertificate", "certificate": "-----BEGIN CERTIFICATE-----"},
        {"status": "Accepted"},
    ),
    "SignedUpdateFirmware": (
        {
            "requestId": 14,
            "retries": 2,
            "retryInterval": 60,
            "firmware": {
                "location": "https://fw.example.com/x1.bin",
                "retrieveDateTime": T0,
                "installDateTime": T1,
                "signingCertificate": "-----BEGIN CERTIFICATE-----",
                "signature": "c2lnbmF0dXJl",
            },
        },
        {"status": "Accepted"},
    ),
}


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


SAMPLES = {
    action: (_without_nulls(request), _without_nulls(response)) for action, (request, response) in SAMPLES.items()
}


def request(action: str) -> dict[str, Any]:
    return SAMPLES[action][0]


def response(action: str) -> dict[str, Any]:
    return SAMPLES[action][1]
