"""The certificate as an Open Badges 3.0 credential (a W3C Verifiable Credential 2.0 of type
``OpenBadgeCredential``), signed with the issuer's Ed25519 key (see ``signing``).

Identifiers, all absolute URLs on ``SITE_URL``:

* issuer profile: ``/.well-known/certificates-issuer.json`` (``Profile``);
* key (verificationMethod): ``/.well-known/certificates-key.json`` (``Multikey``);
* achievement: the course, ``/achievements/<course translation key>``-style URN
  (``urn:uuid:<course key>``) so it is the same in every language;
* the credential: ``urn:uuid:<certificate uuid>``; its verification page is given as
  ``evidence`` and the JSON status is named in ``credentialStatus``-free form (OB 3.0 allows
  issuers to publish status elsewhere): the public verification endpoint reports revocation.

The learner is identified by a salted SHA-256 hash of the printed name (``identityHash``), not
by the name in clear: a credential forwarded to a wallet or an employer names the person only to
someone who already knows the name.

Must never: put a field in the credential that is not in the certificate's snapshot (a credential
built twice from the same certificate is the same document).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from . import signing

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def site_url() -> str:
    return (getattr(settings, "SITE_URL", "") or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def issuer_id() -> str:
    return site_url() + "/.well-known/certificates-issuer.json"


def verification_method() -> str:
    return site_url() + "/.well-known/certificates-key.json"


def verification_url(certificate, language: str | None = None) -> str:
    language = (language or certificate.language or settings.LANGUAGE_CODE).split("-")[0]
    with translation.override(language):
        path = reverse("certificates:verify", kwargs={"code": certificate.grouped_code})
    return site_url() + path


def issuer_profile() -> dict:
    names = getattr(settings, "CERTIFICATE_ISSUER", {}) or {}
    return {
        "@context": CONTEXTS,
        "id": issuer_id(),
        "type": ["Profile"],
        "name": names.get("fr") or next(iter(names.values()), ""),
        "url": site_url() + "/",
        "verificationMethod": [key_document()],
    }


def key_document() -> dict:
    return {
        "@context": ["https://w3id.org/security/multikey/v1"],
        "id": verification_method(),
        "type": "Multikey",
        "controller": issuer_id(),
        "publicKeyMultibase": signing.public_key_multibase(),
        "publicKeyJwk": signing.public_key_jwk(),
    }


def identity_hash(name: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((name + salt).encode("utf-8")).hexdigest()


def _iso(value) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _number(value):
    """A JSON number for OB 3.0's numeric fields: 12, or 2.5."""
    return int(value) if value == value.to_integral_value() else float(value)


def unsigned_credential(certificate) -> dict:
    title = certificate.title_in(certificate.language)
    subject = {
        "type": ["AchievementSubject"],
        "achievement": {
            "id": f"urn:uuid:{certificate.course_key}",
            "type": ["Achievement"],
            "achievementType": "Course",
            "name": title,
            "description": title,
            "criteria": {
                "narrative": "Every required lesson completed and every graded quiz passed."
            },
            "humanCode": certificate.course_code,
            "inLanguage": certificate.language,
            "fieldOfStudy": "Cooperative management",
        },
        "activityEndDate": _iso(certificate.completed_at),
        "creditsEarned": _number(certificate.hours),
    }
    if certificate.learner_name:
        subject["identifier"] = [
            {
                "type": "IdentityObject",
                "identityHash": identity_hash(certificate.learner_name, certificate.identity_salt),
                "identityType": "name",
                "hashed": True,
                "salt": certificate.identity_salt,
            }
        ]
    return {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{certificate.uuid}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer_id(),
            "type": ["Profile"],
            "name": certificate.issuer_in("fr"),
        },
        "validFrom": _iso(certificate.issued_at),
        "name": title,
        "credentialSubject": subject,
        "evidence": [
            {
                "id": verification_url(certificate),
                "type": ["Evidence"],
                "name": f"Verification {certificate.grouped_code}",
            }
        ],
    }


def signed_credential(certificate) -> dict:
    return signing.add_proof(
        unsigned_credential(certificate),
        verification_method=verification_method(),
        created=_iso(certificate.issued_at),
    )


def check(document) -> str | None:
    """None if ``document`` is a credential signed by our key and unaltered; else a reason."""
    return signing.check_proof(document, verification_method=verification_method())


def certificate_uuid(document) -> str | None:
    """The certificate uuid named by a credential's id, if it is ours."""
    value = document.get("id") if isinstance(document, dict) else None
    if isinstance(value, str) and value.startswith("urn:uuid:"):
        return value[len("urn:uuid:") :]
    return None
