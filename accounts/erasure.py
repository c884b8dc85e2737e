"""Erasing an account ("erase my account", law 09-08 right of erasure; the retention command).

``erase_account`` ends every session and app key, walks the personal-data registry
(``accounts.privacy.erase_user``: rows deleted, pseudonymised or kept withdrawn by their owning
app's hook), pseudonymises the user's own row (it stays, so that every count and average that
included the learner still adds up, but it names nobody and can never log in again), drops
lockout counters kept for their logins, and writes one audit event. The user row's pk remains
the only link, and nothing points from it to a person any more.
"""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from . import audit, privacy, sessions
from .constants import Gender
from .models import User

ERASED_PREFIX = "erased-"


def pseudonymise_user(*, user) -> int:
    """The user row's erasure (``PSEUDONYMISE`` hook of ``accounts.User``)."""
    fields = {
        "username": f"{ERASED_PREFIX}{user.pk}",
        "email": "",
        "phone": "",
        "phone_verified": False,
        "full_name": "",
        "first_name": "",
        "last_name": "",
        "region": "",
        "status": "",
        "sector": "",
        "preferred_language": "",
        "password": make_password(None),  # unusable
        "is_active": False,
        "is_staff": False,
        "is_superuser": False,
        "last_login": None,
        "gender": Gender.UNDISCLOSED,
    }
    updated = User.objects.filter(pk=user.pk).update(**fields)
    user.groups.clear()
    user.user_permissions.clear()
    for key, value in fields.items():
        setattr(user, key, value)
    return updated


def is_erased(user) -> bool:
    return user.username.startswith(ERASED_PREFIX) and not user.is_active


def _forget_lockouts(user) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from .security import login_key

    keys = [login_key(v) for v in (user.email, user.phone) if v]
    if keys:
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username__in=keys).delete()


def erase_account(*, user, actor=None) -> dict[str, int]:
    """Erase ``user`` (``actor``: who asked — the user, staff, or None for the retention
    command). Idempotent: erasing an erased account changes nothing more."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if is_erased(user):
            return {}
        _forget_lockouts(user)  # before the contacts that key them are blanked
        ended = sessions.revoke_all(user=user)
        done = privacy.erase_user(user)
        done["sessions"] = ended
        audit.record(
            actor=actor,
            action=audit.ERASE,
            target=user,
            detail={"rows": sum(v for k, v in done.items() if k != "sessions")},
        )
    return done
