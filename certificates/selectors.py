"""Reads of certificates, for this app's views and for the apps above it (cooperatives, the
HTTP API). Every function here runs a fixed number of queries (one), whatever the number of
learners or certificates.

Must never: return another learner's certificate to a caller that serves ``user`` (callers pass
the requester; ``certificate_for`` answers ``None`` for somebody else's).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from . import codes
from .models import Certificate


def certificates_for(user) -> list[Certificate]:
    """A learner's certificates, valid and revoked, newest first, with their rendered files.

    Two queries (certificates, files). Withdrawn certificates have no learner any more.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Certificate.objects.filter(user=user)
        .defer("credential")
        .prefetch_related("files")
        .order_by("-issued_at", "-pk")
    )


def certificate_for(*, user, code: str) -> Certificate | None:
    """``user``'s own certificate with this code (any case, dashes or not); else None. One query."""
    canonical = codes.normalise(code)
    if canonical is None or not getattr(user, "is_authenticated", False):
        return None
    return Certificate.objects.filter(code=canonical, user=user).first()


def valid_certificates_for_users(
    user_ids: Iterable[int], course_keys: Iterable[UUID] | None = None
) -> dict[tuple[int, UUID], Certificate]:
    """Valid certificates of many learners, keyed by ``(user_id, course_key)``. One query.

    For dashboards and exports (a cooperative's members, the API). The signed credential is
    not loaded.
    """
    user_ids = list(user_ids)
    if not user_ids:
        return {}
    rows = Certificate.objects.filter(user_id__in=user_ids, status=Certificate.Status.VALID).defer(
        "credential", "identity_salt"
    )
    if course_keys is not None:
        course_keys = list(course_keys)
        if not course_keys:
            return {}
        rows = rows.filter(course_key__in=course_keys)
    return {(c.user_id, c.course_key): c for c in rows}


@dataclass(frozen=True)
class Verification:
    """What the public verification page may say about a code.

    ``status`` is "valid", "revoked", "withdrawn", "unknown" (no such code) or "malformed"
    (cannot be a code). Only a valid or revoked certificate shows the learner's name; a withdrawn
    one shows none.
    """

    status: str
    certificate: Certificate | None = None
    code: str = ""

    @property
    def found(self) -> bool:
        return self.status == Certificate.Status.VALID

    @property
    def show_name(self) -> bool:
        return self.status in (Certificate.Status.VALID, Certificate.Status.REVOKED)


_PUBLIC_FIELDS = (
    "code",
    "uuid",
    "status",
    "learner_name",
    "course_code",
    "course_titles",
    "language",
    "hours",
    "completed_at",
    "issuer",
    "issued_at",
    "revoked_at",
    "revocation_reason",
    "withdrawn_at",
)


def verify(code: str) -> Verification:
    """Look a code up for the public. One query, the same one for a known and an unknown code,
    always read from the database (a revocation shows at once: nothing here is cached)."""
    canonical = codes.normalise(code)
    if canonical is None:
        return Verification(status="malformed")
    certificate = Certificate.objects.filter(code=canonical).only(*_PUBLIC_FIELDS).first()
    if certificate is None:
        return Verification(status="unknown", code=canonical)
    return Verification(status=certificate.status, certificate=certificate, code=canonical)
