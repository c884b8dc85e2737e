"""The signed credential: Open Badges 3.0 / W3C VC with an eddsa-jcs-2022 proof by the key
published at /.well-known/; the check endpoint accepts it, and rejects it with ANY field altered."""

import base64
import copy
import hashlib
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.exceptions import ImproperlyConfigured

from certificates import jcs, services, signing
from certificates.models import Certificate
from tests.factories.accounts import UserFactory
from tests.factories.certificates import certified_learner

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    _tree, user = certified_learner(name="Aït Bahâ")
    return Certificate.objects.get(user=user)


# --- JCS (RFC 8785) ----------------------------------------------------------------------------


def test_jcs_matches_the_rfc_8785_examples():
    assert (
        jcs.canonicalize(
            {
                "numbers": [333333333.33333329, 1e30, 4.50, 2e-3, 0.000000000000000000000000001],
                "string": "\u20ac$\u000f\u000aA'\u0042\u0022\u005c\\\"/",
                "literals": [None, True, False],
            }
        )
        == b'{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        b'"string":"\xe2\x82\xac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )
    # Keys sorted by UTF-16 code units (the emoji's surrogates sort before U+FB33).
    sorted_keys = jcs.canonicalize(
        {"\u20ac": 1, "\r": 2, "\ufb33": 3, "1": 4, "\U0001f600": 5, "\u0080": 6, "\u00f6": 7}
    ).decode()
    assert [part.split(":")[0] for part in sorted_keys[1:-1].split(",")] == [
        '"\\r"',
        '"1"',
        '"\u0080"',
        '"\u00f6"',
        '"\u20ac"',
        '"\U0001f600"',
        '"\ufb33"',
    ]


@pytest.mark.parametrize(
    ("number", "text"),
    [(0.0, "0"), (-0.0, "0"), (1e21, "1e+21"), (1e20, "100000000000000000000"), (1e-7, "1e-7"),
     (1e-6, "0.000001"), (5e-324, "5e-324"), (-12.5, "-12.5"), (2**60, "1152921504606847000")],
)  # fmt: skip
def test_jcs_numbers_are_written_as_ecmascript_writes_them(number, text):
    assert jcs.canonicalize(number).decode() == text


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), {1: "x"}, "\ud800", object()])
def test_jcs_refuses_what_json_cannot_carry(bad):
    with pytest.raises(ValueError):
        jcs.canonicalize(bad)


# --- The credential ----------------------------------------------------------------------------


def test_the_credential_is_an_open_badge_with_a_data_integrity_proof(certificate):
    vc = certificate.credential
    assert vc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert "ob/v3p0" in vc["@context"][1]
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["id"] == f"urn:uuid:{certificate.uuid}"
    assert vc["issuer"]["id"] == "http://testserver/.well-known/certificates-issuer.json"
    subject = vc["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["achievement"]["id"] == f"urn:uuid:{certificate.course_key}"
    assert subject["achievement"]["name"] == "Course course"
    identity = subject["identifier"][0]
    # The name travels hashed (salted), not in clear.
    assert "Aït Bahâ" not in json.dumps(vc, ensure_ascii=False)
    assert (
        identity["identityHash"]
        == "sha256$" + hashlib.sha256(("Aït Bahâ" + identity["salt"]).encode()).hexdigest()
    )
    proof = vc["proof"]
    assert proof["type"] == "DataIntegrityProof" and proof["cryptosuite"] == "eddsa-jcs-2022"
    assert proof["verificationMethod"] == "http://testserver/.well-known/certificates-key.json"
    assert proof["proofValue"].startswith("z")


def _public_key_from_well_known(client) -> Ed25519PublicKey:
    doc = client.get("/.well-known/certificates-key.json").json()
    assert doc["type"] == "Multikey"
    raw = signing.b58decode(doc["publicKeyMultibase"][1:])
    assert raw[:2] == b"\xed\x01"
    jwk = doc["publicKeyJwk"]
    assert jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519"
    assert base64.urlsafe_b64decode(jwk["x"] + "=") == raw[2:]
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def test_the_proof_verifies_independently_with_the_published_key(client, certificate):
    key = _public_key_from_well_known(client)
    vc = copy.deepcopy(certificate.credential)
    proof = vc.pop("proof")
    signature = signing.b58decode(proof.pop("proofValue")[1:])
    proof["@context"] = vc["@context"]
    data = (
        hashlib.sha256(jcs.canonicalize(proof)).digest()
        + hashlib.sha256(jcs.canonicalize(vc)).digest()
    )
    key.verify(signature, data)  # raises InvalidSignature otherwise
    profile = client.get("/.well-known/certificates-issuer.json").json()
    assert profile["id"] == certificate.credential["issuer"]["id"]
    assert profile["verificationMethod"][0]["publicKeyMultibase"]


def _check(client, document, **extra):
    return client.post(
        "/fr/verify/credential/",
        data=json.dumps(document, ensure_ascii=False),
        content_type="application/json",
        **extra,
    )


def test_the_check_endpoint_accepts_the_credential(client, certificate):
    response = _check(client, certificate.credential)
    assert response.status_code == 200
    assert response.json() == {
        "valid": True,
        "signature": "valid",
        "status": "valid",
        "code": certificate.grouped_code,
    }


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def _altered(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str):
        return value[:-1] + ("X" if not value.endswith("X") else "Y") if value else "X"
    return "X"


def test_any_altered_field_fails_verification(client, certificate):
    original = certificate.credential
    paths = list(_leaves(original))
    assert len(paths) > 25
    for path, value in paths:
        tampered = copy.deepcopy(original)
        target = tampered
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = _altered(value)
        outcome = _check(client, tampered).json()
        assert outcome["valid"] is False, path
        assert outcome["signature"] == "invalid", path


def test_added_or_removed_fields_fail_verification(client, certificate):
    added = copy.deepcopy(certificate.credential)
    added["credentialSubject"]["achievement"]["level"] = "expert"
    removed = copy.deepcopy(certificate.credential)
    del removed["evidence"]
    swapped_name = copy.deepcopy(certificate.credential)
    swapped_name["credentialSubject"]["identifier"][0]["identityHash"] = (
        "sha256$" + hashlib.sha256(b"Someone Else").hexdigest()
    )
    for document in [added, removed, swapped_name]:
        assert _check(client, document).json()["valid"] is False


def test_a_credential_signed_by_another_key_fails(client, certificate, settings):
    settings.CERTIFICATE_SIGNING_KEY = base64.b64encode(b"\x01" * 32).decode()
    forged = services.credentials.signed_credential(certificate)
    settings.CERTIFICATE_SIGNING_KEY = signing.derive_dev_key(settings.SECRET_KEY)
    outcome = _check(client, forged).json()
    assert outcome == {
        "valid": False,
        "signature": "invalid",
        "reason": "bad_signature",
        "status": None,
    }


def test_a_revoked_certificates_credential_is_authentic_but_not_valid(client, certificate):
    services.revoke_certificate(certificate=certificate, by=UserFactory(), reason="Fraud")
    outcome = _check(client, certificate.credential).json()
    assert outcome["signature"] == "valid"
    assert outcome["valid"] is False and outcome["status"] == "revoked"


def test_the_html_form_names_the_status_of_an_authentic_but_revoked_credential(
    client, certificate, settings
):
    services.revoke_certificate(certificate=certificate, by=UserFactory(), reason="Fraud")
    settings.LOCALE_PATHS = [settings.BASE_DIR / "locale"]  # the real catalogues
    page = client.post(
        "/ar/verify/credential/", {"credential": json.dumps(certificate.credential)}
    ).content.decode()
    # The status in the page's language, not the code "revoked".
    assert "(ملغاة)" in page
    assert "(revoked)" not in page


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2]", b'"a string"', b"\xff\xfe", b"{" * 70000],
)
def test_bad_input_answers_400_and_changes_nothing(client, body, certificate):
    response = client.post("/fr/verify/credential/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    certificate.refresh_from_db()
    assert certificate.status == "valid"


def test_an_empty_post_answers_400(client):
    response = client.post("/fr/verify/credential/")
    assert response.status_code == 400
    assert "This is not a JSON credential." in response.content.decode()


def test_the_html_form_checks_a_pasted_credential(client, certificate):
    page = client.get("/fr/verify/credential/")
    assert page.status_code == 200
    ok = client.post(
        "/fr/verify/credential/", {"credential": json.dumps(certificate.credential)}
    ).content.decode()
    assert "Authentic and valid" in ok
    tampered = copy.deepcopy(certificate.credential)
    tampered["name"] = "Another course"
    bad = client.post("/fr/verify/credential/", {"credential": json.dumps(tampered)})
    assert "Not authentic" in bad.content.decode()


def test_the_signing_key_comes_from_settings_as_base64_or_pem():
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    loaded = signing.load_private_key(pem)
    assert signing.public_key_bytes(loaded.public_key()) == signing.public_key_bytes(
        key.public_key()
    )
    seed = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    assert signing.public_key_bytes(
        signing.load_private_key(base64.b64encode(seed).decode()).public_key()
    ) == signing.public_key_bytes(key.public_key())
    for bad in ["", "not base64!", base64.b64encode(b"short").decode()]:
        with pytest.raises(ImproperlyConfigured):
            signing.load_private_key(bad)


def test_production_settings_refuse_to_start_without_a_signing_key():
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"CERTIFICATE_SIGNING_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "SECRET_KEY": "p" * 30 + "roduction-secret-key-with-enough-characters-0123456789",
            "ALLOWED_HOSTS": "academy.example.ma",
            "DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        }
    )
    code = "import academy.settings.production"
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert run.returncode != 0
    assert "CERTIFICATE_SIGNING_KEY" in run.stderr
    env["CERTIFICATE_SIGNING_KEY"] = base64.b64encode(b"\x02" * 32).decode()
    ok = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
