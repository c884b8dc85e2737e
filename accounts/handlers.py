"""Receivers of the accounts app: the sessions a user is logged in with are tracked so that
logout, deactivation and erasure end them all."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save, pre_save


def _on_login(sender, request, user, **kwargs):
    from . import sessions

    sessions.remember(user=user, request=request)


def _on_logout(sender, request, user, **kwargs):
    from . import sessions

    sessions.forget(request=request)


def _before_user_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """Notice an account being deactivated (admin, service, shell) to end its sessions."""
    if raw or instance.pk is None:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    if instance.is_active:
        instance._was_active = None
        return
    was = sender.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    instance._was_active = was


def _after_user_save(sender, instance, raw=False, **kwargs):
    if raw or not getattr(instance, "_was_active", None):
        return
    instance._was_active = None
    from . import sessions

    sessions.revoke_all(user=instance)
    sessions.revoke_tokens(user=instance)


def connect() -> None:
    user_model = get_user_model()
    user_logged_in.connect(_on_login, dispatch_uid="accounts.sessions.login")
    user_logged_out.connect(_on_logout, dispatch_uid="accounts.sessions.logout")
    pre_save.connect(_before_user_save, sender=user_model, dispatch_uid="accounts.deactivate.pre")
    post_save.connect(_after_user_save, sender=user_model, dispatch_uid="accounts.deactivate.post")
