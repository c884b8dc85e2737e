"""Writes of certificates: issue (idempotent), render, revoke, reissue, withdraw, announce.

``issue_certificate`` reads like a named operation: check eligibility → write the snapshot (a
partial unique constraint allows one *valid* certificate per learner and course; a concurrent
issue loses on the constraint and returns the winner's) → sign the credential → after commit,
queue the PDF renders and the email, and flag the on-site message.

Must never: issue a second valid certificate for a learner and course; reissue automatically
what staff revoked; print a name that did not pass ``accounts.validators``; put user data into
Typst source (``pdf`` passes it as data).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass, field
from uuid import UUID

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.validators import normalise_name, printable_name, strip_invisible

from . import credentials
from .models import PDF_LANGUAGES, Certificate, CertificateFile

log = logging.getLogger(__name__)

LANGUAGES = ("ar", "fr", "zgh", "en")


class CertificateError(Exception):
    """A staff action that cannot be done (the message says why)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass
class Eligibility:
    eligible: bool
    missing_items: set[UUID] = field(default_factory=set)
    quizzes_not_passed: set[UUID] = field(default_factory=set)
    reason: str = ""


# --- Names -----------------------------------------------------------------------------------


def name_for(user) -> str:
    """The learner's name as on the profile (``full_name``), else first and last names, made
    printable by ``accounts.validators.printable_name``."""
    return printable_name(user.full_name) or printable_name(user.get_full_name())


def clean_title(value: str) -> str:
    """Course titles are authored text: the same invisible characters are removed for print."""
    return normalise_name(strip_invisible(value or ""))


# --- Eligibility -----------------------------------------------------------------------------


def _course_versions(course_key: UUID):
    from courses.models import CoursePage

    return list(
        CoursePage.objects.live()
        .filter(translation_key=course_key)
        .select_related("locale")
        .order_by("pk")
    )


def eligibility(*, user, course_key: UUID, course=None) -> Eligibility:
    """Every required item of the course done, and every graded quiz in it passed."""
    from courses.selectors import cached_outline
    from progress.selectors import completed_item_keys
    from quizzes.models import QuizMode, QuizPage, QuizRecord

    if course is None:
        versions = _course_versions(course_key)
        if not versions:
            return Eligibility(False, reason="no_course")
        course = versions[0]
    outline = cached_outline(course=course)
    required = set(outline.item_keys)
    if not required:
        return Eligibility(False, reason="empty_course")
    done = completed_item_keys(user=user, course_key=course_key)
    missing = required - done
    quiz_keys = {item.translation_key for item in outline.items if item.kind == "quizpage"}
    not_passed: set[UUID] = set()
    if quiz_keys:
        graded = set(
            QuizPage.objects.filter(translation_key__in=quiz_keys, mode=QuizMode.GRADED)
            .values_list("translation_key", flat=True)
            .distinct()
        )
        passed = set(
            QuizRecord.objects.filter(
                user=user, quiz_key__in=graded, passed_at__isnull=False
            ).values_list("quiz_key", flat=True)
        )
        not_passed = graded - passed
    ok = not missing and not not_passed
    return Eligibility(
        ok,
        missing_items=missing,
        quizzes_not_passed=not_passed,
        reason="" if ok else "incomplete",
    )


# --- Issue -----------------------------------------------------------------------------------


def _language_for(user, completed_language: str | None) -> str:
    preferred = (getattr(user, "preferred_language", "") or "").split("-")[0]
    if preferred in LANGUAGES:
        return preferred
    if completed_language in LANGUAGES:
        return completed_language
    return settings.LANGUAGE_CODE


def _snapshot(*, user, course_key: UUID, completed_language: str | None, versions) -> dict:
    titles = {v.locale.language_code: clean_title(v.title) for v in versions}
    language = _language_for(user, completed_language)
    base = next((v for v in versions if v.locale.language_code == completed_language), None)
    base = base or versions[0]
    return {
        "learner_name": name_for(user),
        "course_code": base.code or "",
        "course_titles": titles,
        "language": language,
        "hours": base.estimated_hours,
        "issuer": dict(getattr(settings, "CERTIFICATE_ISSUER", {}) or {}),
    }


def _completed_at(*, user, course_key: UUID) -> dt.datetime:
    from progress.models import CourseState

    value = (
        CourseState.objects.filter(user=user, course_key=course_key)
        .values_list("completed_at", flat=True)
        .first()
    )
    return value or timezone.now()


def _create(*, user, course_key: UUID, snapshot: dict, completed_at, reissued_from=None):
    """Insert a valid certificate and sign it; None if a valid one exists (constraint)."""
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                user=user,
                course_key=course_key,
                completed_at=completed_at,
                issued_at=timezone.now(),
                identity_salt=secrets.token_hex(16),
                reissued_from=reissued_from,
                **snapshot,
            )
    except IntegrityError:
        return None
    certificate.credential = credentials.signed_credential(certificate)
    certificate.save(update_fields=["credential"])
    return certificate


def _after_issue(certificate: Certificate) -> None:
    from . import tasks

    def follow_up():
        cache.set(announce_key(certificate.user_id), True, timeout=60 * 60 * 24 * 30)
        for language in PDF_LANGUAGES:
            tasks.render_certificate_pdf.enqueue(certificate.pk, language)
        tasks.send_certificate_email.enqueue(certificate.pk)

    transaction.on_commit(follow_up)


def issue_certificate(
    *,
    user,
    course_key: UUID,
    completed_language: str | None = None,
    completed_at: dt.datetime | None = None,
) -> Certificate | None:
    """Issue the certificate of ``course_key`` to ``user`` if they earned it; idempotent.

    Returns the learner's valid certificate (new or existing), or None when they are not
    eligible, the course is gone, or staff revoked their certificate (a revocation is undone
    only by a staff reissue). Safe under concurrent calls: one valid certificate, ever.
    """
    if user is None or not user.pk:
        return None
    existing = Certificate.objects.filter(
        user=user, course_key=course_key, status=Certificate.Status.VALID
    ).first()
    if existing is not None:
        return existing
    versions = _course_versions(course_key)
    if not versions:
        return None
    course = next(
        (v for v in versions if v.locale.language_code == completed_language), versions[0]
    )
    if not eligibility(user=user, course_key=course_key, course=course).eligible:
        return None
    snapshot = _snapshot(
        user=user, course_key=course_key, completed_language=completed_language, versions=versions
    )
    with transaction.atomic():
        # Serialise issues for this learner: the user row is the lock (a certificate row may
        # not exist yet); the partial unique constraint is the guarantee.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        current = (
            Certificate.objects.select_for_update()
            .filter(user=user, course_key=course_key)
            .exclude(status=Certificate.Status.WITHDRAWN)
            .order_by("-pk")
            .first()
        )
        if current is not None:
            return current if current.status == Certificate.Status.VALID else None
        certificate = _create(
            user=user,
            course_key=course_key,
            snapshot=snapshot,
            completed_at=completed_at or _completed_at(user=user, course_key=course_key),
        )
        if certificate is None:  # lost a race on the constraint
            return Certificate.objects.filter(
                user=user, course_key=course_key, status=Certificate.Status.VALID
            ).first()
        _after_issue(certificate)
    log.info("certificate %s issued to user %s", certificate.pk, user.pk)
    return certificate


# --- Staff actions ---------------------------------------------------------------------------


def revoke_certificate(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke a valid certificate, with the reason shown on the verification page."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise CertificateError("reason_required")
    if len(reason) > 500:
        raise CertificateError("reason_too_long")
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.status != Certificate.Status.VALID:
            raise CertificateError("not_valid")
        locked.status = Certificate.Status.REVOKED
        locked.revoked_at = timezone.now()
        locked.revoked_by = by
        locked.revocation_reason = reason
        locked.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
    log.info("certificate %s revoked by %s", locked.pk, getattr(by, "pk", None))
    return locked


def reissue_certificate(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Replace a certificate with a new one (new code, fresh snapshot of name and titles).

    The old one is revoked with ``reason`` if still valid. Staff decide: eligibility is not
    re-checked (the course may have grown since). A withdrawn certificate has no learner left.
    """
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if old.status == Certificate.Status.WITHDRAWN or old.user_id is None:
            raise CertificateError("withdrawn")
        user = old.user
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        other = (
            Certificate.objects.filter(
                user=user, course_key=old.course_key, status=Certificate.Status.VALID
            )
            .exclude(pk=old.pk)
            .exists()
        )
        if other:
            raise CertificateError("already_valid")
        if old.status == Certificate.Status.VALID:
            old = revoke_certificate(certificate=old, by=by, reason=reason)
        versions = _course_versions(old.course_key)
        if versions:
            snapshot = _snapshot(
                user=user,
                course_key=old.course_key,
                completed_language=old.language,
                versions=versions,
            )
            snapshot["course_titles"] = snapshot["course_titles"] or old.course_titles
        else:  # the course was unpublished: keep what was certified
            snapshot = {
                "learner_name": name_for(user),
                "course_code": old.course_code,
                "course_titles": old.course_titles,
                "language": _language_for(user, old.language),
                "hours": old.hours,
                "issuer": old.issuer,
            }
        new = _create(
            user=user,
            course_key=old.course_key,
            snapshot=snapshot,
            completed_at=old.completed_at,
            reissued_from=old,
        )
        if new is None:
            raise CertificateError("already_valid")
        _after_issue(new)
    return new


def withdraw_certificates_for(user) -> int:
    """Account erasure (``accounts.privacy.KEEP_WITHDRAWN``): keep each certificate as
    withdrawn, cut the link to the person, remove the printed name, the credential and the PDFs.
    Returns how many certificates were withdrawn."""
    with transaction.atomic():
        rows = list(Certificate.objects.select_for_update().filter(user=user))
        files = list(CertificateFile.objects.filter(certificate__in=rows))
        names = [f.file.name for f in files if f.file.name]
        CertificateFile.objects.filter(pk__in=[f.pk for f in files]).delete()
        now = timezone.now()
        for certificate in rows:
            certificate.status = Certificate.Status.WITHDRAWN
            certificate.withdrawn_at = now
            certificate.user = None
            certificate.learner_name = ""
            certificate.credential = {}
            certificate.identity_salt = ""
            certificate.save(
                update_fields=[
                    "status",
                    "withdrawn_at",
                    "user",
                    "learner_name",
                    "credential",
                    "identity_salt",
                ]
            )

        def delete_files():
            for name in names:
                default_storage.delete(name)

        transaction.on_commit(delete_files)
    cache.delete(announce_key(getattr(user, "pk", None)))
    return len(rows)


# --- PDF files -------------------------------------------------------------------------------


def file_name(certificate: Certificate, language: str) -> str:
    """Generated from the certificate's random uuid: unguessable, and the same on a retry."""
    return f"certificates/{certificate.uuid}/{certificate.uuid.hex[:12]}-{language}.pdf"


def render_certificate_file(*, certificate_id: int, language: str) -> CertificateFile | None:
    """Render one PDF variant and store it, replacing any earlier render: one file per
    certificate and language however often this runs (a retry after a crash included)."""
    from . import pdf

    if language not in PDF_LANGUAGES:
        raise ValueError(f"unknown certificate language {language!r}")
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None or certificate.status == Certificate.Status.WITHDRAWN:
        return None
    content = pdf.certificate_pdf(certificate, language)
    name = file_name(certificate, language)
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:  # a concurrent render stored the same file first: keep that one
        default_storage.delete(saved)
    with transaction.atomic():
        row, _ = CertificateFile.objects.update_or_create(
            certificate=certificate,
            language=language,
            defaults={"file": name, "size": len(content), "rendered_at": timezone.now()},
        )
    return row


def certificate_file(*, certificate: Certificate, language: str) -> CertificateFile | None:
    """The stored PDF of ``certificate`` in ``language``, rendered now when the background
    render has not run yet (or its file is gone); None for a withdrawn certificate."""
    row = certificate.files.filter(language=language).first()
    if row is not None and default_storage.exists(row.file.name):
        return row
    return render_certificate_file(certificate_id=certificate.pk, language=language)


# --- The on-site message ---------------------------------------------------------------------


def announce_key(user_id) -> str:
    return f"certificates:announce:{user_id}"


def take_announcements(*, user) -> list[Certificate]:
    """Certificates the learner has not been told about on the site; marks them told."""
    if not cache.get(announce_key(user.pk)):
        return []
    with transaction.atomic():
        rows = list(
            Certificate.objects.select_for_update()
            .filter(user=user, status=Certificate.Status.VALID, announced_at__isnull=True)
            .defer("credential")
        )
        if rows:
            Certificate.objects.filter(pk__in=[c.pk for c in rows]).update(
                announced_at=timezone.now()
            )
    cache.delete(announce_key(user.pk))
    return rows
