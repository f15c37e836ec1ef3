"""Signature matrix of the inbound webhooks: Quo (legacy and Standard Webhooks), Chatwoot, Uazapi.

Every case uses a fixed ``now`` so that nothing depends on the clock or on sleeping.
"""

import base64
import hashlib
import hmac
import time

import pytest

from odoo.addons.crm_messaging.tools.chatwoot import sign_chatwoot, verify_chatwoot
from odoo.addons.crm_messaging.tools.quo import sign_quo, sign_standard_webhook, verify_quo
from odoo.addons.crm_messaging.tools.signatures import DEFAULT_TOLERANCE, SignatureError, verify_token

NOW = 1_750_000_000.0
NOW_MS = int(NOW * 1000)
BODY = '{"type":"message.received","data":{"object":{"body":"Olá, tudo bem?"}}}'.encode()
QUO_KEY = "BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSY="
OTHER_QUO_KEY = base64.b64encode(b"another key of thirty-two bytes!").decode()
WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
OTHER_WHSEC = "whsec_" + base64.b64encode(b"a different 24-byte key!").decode()
MSG_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
CW_SECRET = "chatwoot-webhook-secret-4f9a"
TOKEN = "uazapi-channel-token-7c1e"


def code_of(call, *args, **kwargs):
    with pytest.raises(SignatureError) as info:
        call(*args, **kwargs)
    return info.value.code


def legacy(header, body=BODY, key=QUO_KEY, now=NOW):
    return verify_quo(body, {"openphone-signature": header}, key, now=now)


# --- Quo, legacy openphone-signature --------------------------------------------------


def test_quo_legacy_valid_and_header_name_case_insensitive():
    header = sign_quo(BODY, QUO_KEY, NOW_MS)
    assert header.startswith(f"hmac;1;{NOW_MS};")
    assert legacy(header) is None
    assert verify_quo(BODY, {"OpenPhone-Signature": header}, QUO_KEY, now=NOW) is None


def test_quo_legacy_wrong_key_and_tampered_body():
    header = sign_quo(BODY, OTHER_QUO_KEY, NOW_MS)
    assert code_of(legacy, header) == "bad_signature"
    assert code_of(legacy, sign_quo(BODY, QUO_KEY, NOW_MS), body=BODY + b" ") == "bad_signature"


@pytest.mark.parametrize("headers", [{}, {"openphone-signature": ""}, {"content-type": "application/json"}])
def test_quo_missing_header(headers):
    assert code_of(verify_quo, BODY, headers, QUO_KEY, now=NOW) == "missing_signature"


@pytest.mark.parametrize(
    "header",
    [
        "garbage",
        f"hmac;1;{NOW_MS}",
        "hmac;1;soon;bXcxSzRmdmg=",
        "hmac;1;\uff11\uff12\uff13;bXcxSzRmdmg=",  # full-width digits pass str.isdigit()
        f"hmac;2;{NOW_MS};bXcxSzRmdmg=",
        f"hmac;1;{NOW_MS};not base64!",
    ],
)
def test_quo_legacy_malformed(header):
    assert code_of(legacy, header) == "malformed_signature"


@pytest.mark.parametrize(
    "offset_s, code",
    [(-DEFAULT_TOLERANCE, None), (DEFAULT_TOLERANCE, None)]
    + [(offset, "stale_timestamp") for offset in (-DEFAULT_TOLERANCE - 1, DEFAULT_TOLERANCE + 1, -86_400)],
)
def test_quo_legacy_timestamp_window(offset_s, code):
    header = sign_quo(BODY, QUO_KEY, NOW_MS + offset_s * 1000)
    if code is None:
        assert legacy(header) is None
    else:
        assert code_of(legacy, header) == code


def test_quo_legacy_timestamp_is_milliseconds():
    # A timestamp in seconds reads as 1970 once taken as milliseconds.
    assert code_of(legacy, sign_quo(BODY, QUO_KEY, int(NOW))) == "stale_timestamp"


def test_quo_legacy_rotation_accepts_any_matching_signature():
    old, new = sign_quo(BODY, OTHER_QUO_KEY, NOW_MS), sign_quo(BODY, QUO_KEY, NOW_MS)
    assert legacy(f"{old},{new}") is None
    assert legacy(f"{new}, {old}") is None
    assert legacy(f"v9;future;format,{new}") is None
    assert code_of(legacy, f"{old},{sign_quo(BODY, OTHER_QUO_KEY, NOW_MS + 1)}") == "bad_signature"


def test_quo_default_clock_is_used_when_now_is_omitted():
    header = sign_quo(BODY, QUO_KEY, int(time.time() * 1000))
    assert verify_quo(BODY, {"openphone-signature": header}, QUO_KEY) is None


@pytest.mark.parametrize("key", ["", None, "   ", "not base64!"])
def test_quo_unusable_key_never_validates(key):
    # HMAC with an empty key is computable by anyone: a forged header must not pass.
    forged = hmac.new(b"", f"{NOW_MS}.".encode() + BODY, hashlib.sha256).digest()
    header = f"hmac;1;{NOW_MS};{base64.b64encode(forged).decode()}"
    assert code_of(legacy, header, key=key) == "bad_signature"


# --- Quo, Standard Webhooks -------------------------------------------------------------


def std(headers, body=BODY, secret=WHSEC, now=NOW):
    return verify_quo(body, headers, secret, now=now)


def test_standard_webhooks_reference_vector():
    # Test vector of the Standard Webhooks reference library (libraries/python/tests).
    body, stamp = b'{"test": 2432232314}', 1614265330
    headers = sign_standard_webhook(body, WHSEC, "msg_p5jXN8AQM9LWM0D4loKWxJek", stamp)
    assert headers["webhook-signature"] == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert std(headers, body=body, now=stamp) is None


def test_standard_valid_with_or_without_prefix_and_any_header_case():
    headers = sign_standard_webhook(BODY, WHSEC, MSG_ID, int(NOW))
    assert std(headers) is None
    assert std(headers, secret=WHSEC.removeprefix("whsec_")) is None
    assert std({name.title(): value for name, value in headers.items()}) is None


def test_standard_wrong_secret_tampered_body_or_id():
    headers = sign_standard_webhook(BODY, WHSEC, MSG_ID, int(NOW))
    assert code_of(std, headers, secret=OTHER_WHSEC) == "bad_signature"
    assert code_of(std, headers, body=BODY.replace(b"Ol", b"Oi")) == "bad_signature"
    assert code_of(std, {**headers, "webhook-id": "msg_other"}) == "bad_signature"


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_standard_missing_header(missing):
    headers = sign_standard_webhook(BODY, WHSEC, MSG_ID, int(NOW))
    del headers[missing]
    # A stray legacy header does not let a partial Standard Webhooks request fall back.
    headers["openphone-signature"] = sign_quo(BODY, QUO_KEY, NOW_MS)
    assert code_of(std, headers) == "missing_signature"


@pytest.mark.parametrize(
    "override",
    [
        {"webhook-timestamp": "soon"},
        {"webhook-timestamp": "1750000000.5"},
        {"webhook-signature": "v1"},
        {"webhook-signature": "v1,not-base64!"},
        {"webhook-signature": "v1a," + base64.b64encode(bytes(64)).decode()},  # ed25519 only
    ],
)
def test_standard_malformed(override):
    headers = {**sign_standard_webhook(BODY, WHSEC, MSG_ID, int(NOW)), **override}
    assert code_of(std, headers) == "malformed_signature"


@pytest.mark.parametrize("offset_s", [-DEFAULT_TOLERANCE - 1, DEFAULT_TOLERANCE + 1])
def test_standard_stale_or_future_timestamp(offset_s):
    headers = sign_standard_webhook(BODY, WHSEC, MSG_ID, int(NOW) + offset_s)
    assert code_of(std, headers) == "stale_timestamp"


def test_standard_rotation_accepts_any_v1_match():
    good = sign_standard_webhook(BODY, WHSEC, MSG_ID, int(NOW))
    old = sign_standard_webhook(BODY, OTHER_WHSEC, MSG_ID, int(NOW))["webhook-signature"]
    assert std({**good, "webhook-signature": f"{old} {good['webhook-signature']}"}) is None
    assert std({**good, "webhook-signature": f"v1a,AAAA {good['webhook-signature']} {old}"}) is None
    assert code_of(std, {**good, "webhook-signature": f"{old} {old}"}) == "bad_signature"


def test_standard_empty_secret_never_validates():
    forged = hmac.new(b"", f"{MSG_ID}.{int(NOW)}.".encode() + BODY, hashlib.sha256).digest()
    headers = {
        "webhook-id": MSG_ID,
        "webhook-timestamp": str(int(NOW)),
        "webhook-signature": "v1," + base64.b64encode(forged).decode(),
    }
    assert code_of(std, headers, secret="whsec_") == "bad_signature"


# --- Chatwoot ---------------------------------------------------------------------------


def cw(headers, body=BODY, secret=CW_SECRET, now=NOW):
    return verify_chatwoot(body, headers, secret, now=now)


def test_chatwoot_valid_matches_documented_formula():
    headers = sign_chatwoot(BODY, CW_SECRET, int(NOW))
    digest = hmac.new(CW_SECRET.encode(), f"{int(NOW)}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert headers == {"X-Chatwoot-Signature": f"sha256={digest}", "X-Chatwoot-Timestamp": str(int(NOW))}
    assert cw(headers) is None
    assert cw({name.lower(): value for name, value in headers.items()}) is None


def test_chatwoot_wrong_secret_and_tampered_body():
    headers = sign_chatwoot(BODY, CW_SECRET, int(NOW))
    assert code_of(cw, headers, secret="another-secret") == "bad_signature"
    assert code_of(cw, headers, body=BODY + b"\n") == "bad_signature"
    assert code_of(cw, headers, secret="") == "bad_signature"


@pytest.mark.parametrize("missing", ["X-Chatwoot-Signature", "X-Chatwoot-Timestamp"])
def test_chatwoot_missing_header(missing):
    headers = sign_chatwoot(BODY, CW_SECRET, int(NOW))
    del headers[missing]
    assert code_of(cw, headers) == "missing_signature"


@pytest.mark.parametrize(
    "override",
    [
        {"X-Chatwoot-Signature": "deadbeef"},
        {"X-Chatwoot-Signature": "sha1=" + "ab" * 20},
        {"X-Chatwoot-Signature": "sha256=" + "zz" * 32},
        {"X-Chatwoot-Signature": "sha256=" + "ab" * 16},
        {"X-Chatwoot-Timestamp": "yesterday"},
    ],
)
def test_chatwoot_malformed(override):
    headers = {**sign_chatwoot(BODY, CW_SECRET, int(NOW)), **override}
    assert code_of(cw, headers) == "malformed_signature"


@pytest.mark.parametrize("offset_s", [-DEFAULT_TOLERANCE - 1, DEFAULT_TOLERANCE + 1])
def test_chatwoot_stale_or_future_timestamp(offset_s):
    headers = sign_chatwoot(BODY, CW_SECRET, int(NOW) + offset_s)
    assert code_of(cw, headers) == "stale_timestamp"


def test_chatwoot_timestamp_is_signed():
    # Replaying a captured signature with a fresh timestamp must fail.
    headers = sign_chatwoot(BODY, CW_SECRET, int(NOW) - 3600)
    headers["X-Chatwoot-Timestamp"] = str(int(NOW))
    assert code_of(cw, headers) == "bad_signature"


# --- Uazapi token -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "given, expected, code",
    [
        (TOKEN, TOKEN, None),
        ("tökén-ü", "tökén-ü", None),
        (TOKEN + "x", TOKEN, "bad_signature"),
        (TOKEN[:-1], TOKEN, "bad_signature"),
        (None, TOKEN, "missing_signature"),
        ("", TOKEN, "missing_signature"),
        (12345, TOKEN, "malformed_signature"),
        # An unconfigured channel (empty expected token) rejects everything.
        (None, "", "bad_signature"),
        ("", "", "bad_signature"),
        ("anything", "", "bad_signature"),
        ("", None, "bad_signature"),
    ],
)
def test_token(given, expected, code):
    if code is None:
        assert verify_token(given, expected) is None
    else:
        assert code_of(verify_token, given, expected) == code


# --- no secret material in errors ---------------------------------------------------------


def _failures():
    quo_good = sign_quo(BODY, QUO_KEY, NOW_MS)
    std_good = sign_standard_webhook(BODY, WHSEC, MSG_ID, int(NOW))
    cw_good = sign_chatwoot(BODY, CW_SECRET, int(NOW))
    tampered = BODY + b"!"
    yield lambda: legacy(quo_good, body=tampered), [QUO_KEY, sign_quo(tampered, QUO_KEY, NOW_MS)]
    yield lambda: legacy(quo_good, key=OTHER_QUO_KEY), [QUO_KEY, OTHER_QUO_KEY, sign_quo(BODY, OTHER_QUO_KEY, NOW_MS)]
    yield lambda: legacy(quo_good, now=NOW + 3600), [QUO_KEY, quo_good]
    yield lambda: std(std_good, body=tampered), [WHSEC, sign_standard_webhook(tampered, WHSEC, MSG_ID, int(NOW))]
    yield lambda: std(std_good, secret=OTHER_WHSEC), [WHSEC, OTHER_WHSEC]
    yield lambda: cw(cw_good, body=tampered), [CW_SECRET, sign_chatwoot(tampered, CW_SECRET, int(NOW))]
    yield lambda: cw(cw_good, secret="s3cr3t-other"), ["s3cr3t-other", CW_SECRET]
    yield lambda: verify_token("wrong-token", TOKEN), [TOKEN, "wrong-token"]


@pytest.mark.parametrize("call, secrets", list(_failures()))
def test_error_messages_carry_no_secret_material(call, secrets):
    with pytest.raises(SignatureError) as info:
        call()
    text = f"{info.value} {info.value!r} {info.value.args}"
    assert info.value.code in {"missing_signature", "malformed_signature", "bad_signature", "stale_timestamp"}
    for secret in secrets:
        values = secret.values() if isinstance(secret, dict) else [secret]
        for value in values:
            fragments = {value, value.removeprefix("whsec_"), value.split(";")[-1], value.partition("=")[2]}
            assert not any(fragment and fragment in text for fragment in fragments), (value, text)
