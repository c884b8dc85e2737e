"""Writes of the cooperatives app. Keyword-only, atomic, safe under double clicks and re-uploads.

Check → execute → log → signal: every write checks its input first and changes nothing when it
is refused; messages and enrolments of many members go to the task worker after commit.

Must never: enrol half a members file (the whole file is validated before anything is
written, then written in one transaction), store an invitation token in clear, or let a
manager act on a cooperative they do not manage (views resolve the cooperative through
``selectors.managed_cooperative_or_404`` before calling anything here).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from content.text import one_line
from courses.models import CoursePage

from . import csvfile
from .models import Cooperative, CourseAssignment, Invitation, Membership


def invitation_days() -> int:
    return int(getattr(settings, "COOPERATIVES_INVITATION_DAYS", 14))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


class InvitationError(Exception):
    """An invitation that cannot be used; ``str()`` is a message for the person."""


# Actions written to the shared audit trail (``accounts.audit``): ids and counts only.
DASHBOARD = "members.dashboard"
EXPORT = "members.export"  # accounts.audit.EXPORT_MEMBERS
UPLOAD = "members.upload"
TERRITORY_EXPORT = "territory.export"


def log_access(*, actor, cooperative: Cooperative | None, action: str, detail=None) -> None:
    from accounts import audit

    audit.record(actor=actor, action=action, target=cooperative, detail=detail or {})


# --- invitations -------------------------------------------------------------------------------


def create_link_invitation(*, cooperative: Cooperative) -> str:
    """A one-use invitation link; returns the token (shown to the manager once)."""
    token, digest = _new_token()
    Invitation.objects.create(
        cooperative=cooperative,
        channel=Invitation.Channel.LINK,
        token_digest=digest,
        expires_at=timezone.now() + timedelta(days=invitation_days()),
    )
    return token


def invite_contact(
    *, cooperative: Cooperative, contact: str, channel: str, full_name: str = ""
) -> Invitation | None:
    """Invite one person by email or text message. Idempotent: returns None (and sends
    nothing) when the person is already a member or already has a pending invitation."""
    result = _invite_rows(
        cooperative=cooperative,
        rows=[csvfile.MemberRow(line=0, full_name=full_name, **{channel: contact})],
    )
    return result.invitations[0] if result.invitations else None


@dataclass
class BulkResult:
    errors: list[csvfile.RowError] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    already_members: int = 0
    already_invited: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def bulk_invite(*, cooperative: Cooperative, data: bytes) -> BulkResult:
    """Invite every person of a members file, or nobody.

    The whole file is parsed and validated first (row numbers in the report); any error →
    nothing is written. A person already a member or already invited is counted, not invited
    again, so uploading the same file twice adds nothing.
    """
    rows, errors = csvfile.parse_members(data)
    if errors:
        return BulkResult(errors=errors)
    return _invite_rows(cooperative=cooperative, rows=rows)


def _invite_rows(*, cooperative: Cooperative, rows: list[csvfile.MemberRow]) -> BulkResult:
    from accounts.models import User

    from .tasks import send_invitation

    result = BulkResult()
    phones = [r.phone for r in rows if r.phone]
    emails = [r.email for r in rows if r.email]
    with transaction.atomic():
        Cooperative.objects.select_for_update().get(pk=cooperative.pk)  # one upload at a time
        users = {}
        for user in User.objects.filter(phone__in=phones).only("pk", "phone", "email"):
            users[user.phone] = user
        for user in (
            User.objects.annotate(lower_email=Lower("email"))
            .filter(lower_email__in=emails)
            .only("pk", "phone", "email")
        ):
            users[user.email.lower()] = user
        memberships = {
            m.user_id: m
            for m in Membership.objects.filter(
                cooperative=cooperative, user__in=[u.pk for u in users.values()]
            )
        }
        # An expired invitation no longer counts: the person may be invited again.
        Invitation.objects.filter(
            cooperative=cooperative,
            accepted_at__isnull=True,
            expires_at__lte=timezone.now(),
            contact__in=phones + emails,
        ).delete()
        pending = set(
            Invitation.objects.filter(
                cooperative=cooperative,
                accepted_at__isnull=True,
                contact__in=phones + emails,
            ).values_list("contact", flat=True)
        )
        now = timezone.now()
        to_send = []
        for row in rows:
            contact = row.phone or row.email
            user = users.get(row.phone) or users.get(row.email)
            membership = memberships.get(user.pk) if user else None
            if membership is not None and membership.state == Membership.State.ACTIVE:
                result.already_members += 1
                continue
            if contact in pending:
                result.already_invited += 1
                continue
            if user is not None:
                if membership is None:
                    membership = Membership.objects.create(
                        cooperative=cooperative, user=user, state=Membership.State.INVITED
                    )
                    memberships[user.pk] = membership
                elif membership.state == Membership.State.LEFT:
                    membership.state = Membership.State.INVITED
                    membership.save(update_fields=["state"])
            # The token is drawn by the task that sends it (never stored in clear anywhere).
            _unusable, digest = _new_token()
            invitation = Invitation.objects.create(
                cooperative=cooperative,
                channel=Invitation.Channel.PHONE if row.phone else Invitation.Channel.EMAIL,
                contact=contact,
                full_name=row.full_name,
                token_digest=digest,
                expires_at=now + timedelta(days=invitation_days()),
            )
            pending.add(contact)
            result.invitations.append(invitation)
            to_send.append(invitation.pk)
        transaction.on_commit(lambda: [send_invitation.enqueue(pk) for pk in to_send])
    return result


def rotate_and_send_invitation(*, invitation_id: int, base_url: str = "") -> bool:
    """Draw the token of a pending email/phone invitation and send it. Returns False if there
    is nothing to send (accepted, expired, a link)."""
    from django.core.mail import send_mail

    from accounts.sms import send_sms

    token, digest = _new_token()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("cooperative")
            .filter(pk=invitation_id, accepted_at__isnull=True, expires_at__gt=timezone.now())
            .exclude(channel=Invitation.Channel.LINK)
            .first()
        )
        if invitation is None:
            return False
        invitation.token_digest = digest
        invitation.save(update_fields=["token_digest"])
    from django.urls import reverse
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        base = base_url or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
        link = base.rstrip("/") + reverse("cooperatives:join", args=[token])
        text = _("%(cooperative)s invites you to learn together on Taawuniya Academy: %(link)s") % {
            "cooperative": invitation.cooperative.name,
            "link": link,
        }
        if invitation.channel == Invitation.Channel.PHONE:
            send_sms(phone=invitation.contact, text=text)
        else:
            send_mail(
                one_line(
                    _("An invitation from %(cooperative)s")
                    % {"cooperative": invitation.cooperative}
                ),
                text,
                None,
                [invitation.contact],
            )
    return True


def purge_expired_invitations() -> int:
    """Delete invitations that expired unused (they hold a contact typed by a manager)."""
    deleted, _per_model = Invitation.objects.filter(
        accepted_at__isnull=True, expires_at__lte=timezone.now()
    ).delete()
    return deleted


def pending_invitation(*, token: str) -> Invitation:
    """The invitation for ``token`` if it can still be accepted, else InvitationError."""
    invitation = (
        Invitation.objects.select_related("cooperative")
        .filter(token_digest=token_digest(token or ""))
        .first()
    )
    _check_usable(invitation)
    return invitation


def _check_usable(invitation: Invitation | None) -> None:
    if invitation is None:
        raise InvitationError(
            _("This invitation link is not valid. Ask your manager for a new one.")
        )
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        raise InvitationError(_("This invitation has expired. Ask your manager for a new one."))


def accept_invitation(*, token: str, user, accepts_reminders: bool = False) -> Membership:
    """Join the cooperative of ``token`` as an active member (once: a token is used once) and
    enrol in the courses the cooperative assigned."""
    from courses.services import enrol

    digest = token_digest(token or "")
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("cooperative")
            .filter(token_digest=digest)
            .first()
        )
        _check_usable(invitation)
        cooperative = invitation.cooperative
        now = timezone.now()
        membership, _created = Membership.objects.get_or_create(
            cooperative=cooperative,
            user=user,
            defaults={"state": Membership.State.ACTIVE, "joined_at": now},
        )
        if membership.state != Membership.State.ACTIVE:
            membership.state = Membership.State.ACTIVE
            membership.joined_at = now
            membership.left_at = None
        membership.accepts_reminders = bool(accepts_reminders)
        membership.save(update_fields=["state", "joined_at", "left_at", "accepts_reminders"])
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at"])
        for course in _assigned_courses(cooperative):
            enrol(user=user, course=course)
    return membership


def _assigned_courses(cooperative: Cooperative) -> list[CoursePage]:
    keys = list(cooperative.assignments.values_list("course_key", flat=True))
    pages = {}
    for page in CoursePage.objects.live().filter(translation_key__in=keys).order_by("path"):
        pages.setdefault(page.translation_key, page)
    return list(pages.values())


def leave_cooperative(*, membership: Membership) -> None:
    Membership.objects.filter(pk=membership.pk).update(
        state=Membership.State.LEFT, left_at=timezone.now()
    )


# --- course assignment --------------------------------------------------------------------------


def assign_course(*, cooperative: Cooperative, course: CoursePage, target_date=None):
    """Assign a course to the cooperative (idempotent; a second call changes the target date)
    and enrol every active member, in the task worker after commit."""
    from .tasks import enrol_members

    if course.specific_class is not CoursePage or not course.live:
        raise ValueError("not a live course")
    key = course.translation_key
    with transaction.atomic():
        try:
            with transaction.atomic():
                assignment, created = CourseAssignment.objects.get_or_create(
                    cooperative=cooperative, course_key=key, defaults={"target_date": target_date}
                )
        except IntegrityError:  # a concurrent double click created it
            assignment, created = (
                CourseAssignment.objects.get(cooperative=cooperative, course_key=key),
                False,
            )
        if not created and assignment.target_date != target_date:
            assignment.target_date = target_date
            assignment.save(update_fields=["target_date"])
        transaction.on_commit(lambda: enrol_members.enqueue(cooperative.pk, str(key)))
    return assignment


def enrol_active_members(*, cooperative_id: int, course_key) -> int:
    """Enrol every active member of the cooperative in the course. Idempotent."""
    from courses.services import enrol

    course = CoursePage.objects.live().filter(translation_key=course_key).order_by("path").first()
    if course is None:
        return 0
    count = 0
    memberships = Membership.objects.filter(
        cooperative_id=cooperative_id, state=Membership.State.ACTIVE
    ).select_related("user")
    for membership in memberships:
        enrol(user=membership.user, course=course)
        count += 1
    return count


def set_reminders(*, cooperative: Cooperative, enabled: bool) -> None:
    Cooperative.objects.filter(pk=cooperative.pk).update(reminders_enabled=bool(enabled))


# --- the "trained cooperative" mark ------------------------------------------------------------


def update_trained_marks(*, user, course_key) -> list[Cooperative]:
    """After ``user`` completed ``course_key``: mark each of their cooperatives in which at
    least the set share of active members completed the governance course. A mark, once given,
    is kept."""
    from . import selectors

    if str(course_key) != str(selectors.trained_course_key() or ""):
        return []
    marked = []
    cooperative_ids = Membership.objects.filter(
        user=user, state=Membership.State.ACTIVE, cooperative__trained_at__isnull=True
    ).values_list("cooperative_id", flat=True)
    for cooperative_id in cooperative_ids:
        with transaction.atomic():
            cooperative = (
                Cooperative.objects.select_for_update()
                .filter(pk=cooperative_id, trained_at__isnull=True)
                .first()
            )
            if cooperative is None:
                continue
            if selectors.trained_share(cooperative=cooperative, course_key=course_key) >= (
                selectors.trained_threshold()
            ):
                cooperative.trained_at = timezone.now()
                cooperative.save(update_fields=["trained_at"])
                marked.append(cooperative)
    return marked


# --- reminders ----------------------------------------------------------------------------------


def send_stalled_reminders(*, cooperative_id: int) -> int:
    """Send one gentle message to each member who accepted reminders and stalled (no activity
    for ``COOPERATIVES_STALLED_DAYS`` days in an assigned course not finished). At most one
    message per member per that many days. Returns the number sent."""
    from django.core.mail import send_mail

    from accounts.sms import send_sms

    from . import selectors

    cooperative = Cooperative.objects.filter(pk=cooperative_id, reminders_enabled=True).first()
    if cooperative is None:
        return 0
    days = selectors.stalled_days()
    now = timezone.now()
    sent = 0
    for membership, course_titles in selectors.stalled_members(cooperative=cooperative):
        with transaction.atomic():
            claimed = (
                Membership.objects.filter(pk=membership.pk)
                .exclude(last_reminded_at__gt=now - timedelta(days=days))
                .update(last_reminded_at=now)
            )
        if not claimed:
            continue  # another worker sent it
        user = membership.user
        from django.utils import translation

        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            text = _(
                "Hello from %(cooperative)s: your course “%(course)s” is waiting for you on "
                "Taawuniya Academy. A few minutes today is enough to move on."
            ) % {"cooperative": cooperative.name, "course": course_titles[0]}
            if user.phone:
                send_sms(phone=user.phone, text=text)
            elif user.email:
                send_mail(_("Your course is waiting for you"), text, None, [user.email])
            else:
                continue
        sent += 1
    return sent
