"""``Authorization: Token <key>`` for apps: keys issued by ``accounts.services.issue_token``,
expiring and revocable. A missing header lets the next class (the session) try; a wrong,
expired or revoked key is refused outright (401).

A key opens the HTTP API (``/api/``) and nothing else: the editors' admin (``/cms/``, Wagtail's
own API under it included) and ``/django-admin/`` authenticate by session only, behind the
second factor (``accounts.middleware``); any DRF view outside ``/api/`` ignores the header."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .. import selectors, services


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"
    #: Where a key is accepted at all.
    path_prefix = "/api/"

    def authenticate(self, request):
        if not request.path_info.startswith(self.path_prefix):
            return None
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in (b"token", b"bearer"):
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid key header."), code="invalid_token")
        try:
            key = header[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed(
                _("Invalid key header."), code="invalid_token"
            ) from None
        token = selectors.token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("This key is not valid: it may have expired or been revoked."),
                code="invalid_token",
            )
        services.touch_token(token=token)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the schema documents the key (Swagger UI's "Authorize" button)."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`: a key from POST /api/v1/auth/token/.",
        }
