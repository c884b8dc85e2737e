"""The issuer's Ed25519 key and the Data Integrity proof ``eddsa-jcs-2022`` (W3C VC Data
Integrity EdDSA Cryptosuites v1.0), the signature of every certificate credential.

The private key comes from ``settings.CERTIFICATE_SIGNING_KEY``: base64 of the 32-byte seed, or
a PEM (PKCS#8) private key. Development and test settings derive one from ``SECRET_KEY``;
production refuses to start without it. The public key is published at
``/.well-known/certificates-key.json`` (Multikey and JWK).

Proof (eddsa-jcs-2022): ``proofConfig`` = the proof without ``proofValue``, with the document's
``@context``; ``hashData`` = SHA-256(JCS(proofConfig)) ‖ SHA-256(JCS(document without proof));
``proofValue`` = multibase base58btc ("z…") of the Ed25519 signature of ``hashData``.

Must never: log or return the private key; accept a proof made with another key or suite.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import jcs

CRYPTOSUITE = "eddsa-jcs-2022"
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_ED25519_PUB_MULTICODEC = b"\xed\x01"


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _B58[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    number = 0
    for ch in text:
        index = _B58.find(ch)
        if index < 0:
            raise ValueError("not base58")
        number = number * 58 + index
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def derive_dev_key(secret: str) -> str:
    """A deterministic key for development and tests (never for production)."""
    seed = hashlib.sha256(b"taawuniya-certificate-signing:" + secret.encode()).digest()
    return base64.b64encode(seed).decode()


def load_private_key(value: str) -> Ed25519PrivateKey:
    value = (value or "").strip()
    if not value:
        raise ImproperlyConfigured("CERTIFICATE_SIGNING_KEY is not set")
    if value.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(value.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured("CERTIFICATE_SIGNING_KEY must be an Ed25519 key")
        return key
    try:
        seed = base64.b64decode(value, validate=True)
    except ValueError as exc:
        raise ImproperlyConfigured("CERTIFICATE_SIGNING_KEY is not base64") from exc
    if len(seed) != 32:
        raise ImproperlyConfigured("CERTIFICATE_SIGNING_KEY must be a 32-byte Ed25519 seed")
    return Ed25519PrivateKey.from_private_bytes(seed)


@lru_cache(maxsize=4)
def _key_for(value: str) -> Ed25519PrivateKey:
    return load_private_key(value)


def private_key() -> Ed25519PrivateKey:
    return _key_for(settings.CERTIFICATE_SIGNING_KEY)


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_bytes(key: Ed25519PublicKey | None = None) -> bytes:
    key = key or public_key()
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_multibase(key: Ed25519PublicKey | None = None) -> str:
    return "z" + b58encode(_ED25519_PUB_MULTICODEC + public_key_bytes(key))


def public_key_jwk(key: Ed25519PublicKey | None = None) -> dict:
    raw = public_key_bytes(key)
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": base64.urlsafe_b64encode(raw).rstrip(b"=").decode(),
    }


def _hash_data(document: dict, proof_config: dict) -> bytes:
    return (
        hashlib.sha256(jcs.canonicalize(proof_config)).digest()
        + hashlib.sha256(jcs.canonicalize(document)).digest()
    )


def add_proof(document: dict, *, verification_method: str, created: str) -> dict:
    """``document`` with a DataIntegrityProof (eddsa-jcs-2022) added; the input is unchanged."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    config = dict(proof, **({"@context": unsecured["@context"]} if "@context" in unsecured else {}))
    signature = private_key().sign(_hash_data(unsecured, config))
    return dict(unsecured, proof=dict(proof, proofValue="z" + b58encode(signature)))


def check_proof(document: dict, *, verification_method: str, key: Ed25519PublicKey | None = None):
    """Return None if ``document`` carries a valid proof by our key, else the reason (a code)."""
    if not isinstance(document, dict):
        return "not_an_object"
    proof = document.get("proof")
    if not isinstance(proof, dict):
        return "no_proof"
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        return "unsupported_proof"
    if proof.get("proofPurpose") != "assertionMethod":
        return "wrong_purpose"
    if proof.get("verificationMethod") != verification_method:
        return "unknown_key"
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        return "bad_signature"
    try:
        signature = b58decode(value[1:])
        unsecured = {k: v for k, v in document.items() if k != "proof"}
        config = {k: v for k, v in proof.items() if k != "proofValue"}
        if "@context" in unsecured:
            config["@context"] = unsecured["@context"]
        data = _hash_data(unsecured, config)
    except ValueError:
        return "not_canonicalizable"
    try:
        (key or public_key()).verify(signature, data)
    except InvalidSignature:
        return "bad_signature"
    return None
