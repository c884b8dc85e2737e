"""Accounts over HTTP: app login (a key for a login and password), sign-up, the learner's keys
(list, revoke), the profile.

Login answers the same for an unknown account and a wrong password, and is throttled per IP
and per account named. Views validate with the site's forms and write through services.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors, services
from ..models import ApiToken
from . import serializers as s
from .throttles import LoginAccountThrottle, LoginIpThrottle


def _issued(token, key) -> dict:
    return {"token": key, "id": token.pk, "prefix": token.prefix, "expires_at": token.expires_at}


def _form_errors(form) -> dict:
    return {
        field: [str(e["message"]) for e in errors]
        for field, errors in form.errors.get_json_data().items()
    }


class InvalidCredentials(exceptions.APIException):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "invalid_credentials"


class SecondFactorRefused(exceptions.APIException):
    """The right password, but the account's second factor code is missing or wrong."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "otp_invalid"


def _second_factor_refusal(exc: services.SecondFactorError) -> exceptions.APIException:
    from ..two_factor import refusal_message

    message = refusal_message(exc.reason)
    if exc.reason == "throttled":
        return exceptions.Throttled(wait=exc.wait_seconds, detail=message, code="otp_throttled")
    return SecondFactorRefused(message, code=f"otp_{exc.reason}")


class TokenLoginView(APIView):
    """Log in with an email or phone and a password; get a key for this app. An account with a
    second factor also sends a current code (or a recovery code) as `code`."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [LoginIpThrottle, LoginAccountThrottle]

    @extend_schema(
        request=s.LoginSerializer,
        responses={
            201: s.IssuedTokenSerializer,
            400: OpenApiResponse(
                description="The account has a second factor: `code` missing or wrong"
            ),
            401: OpenApiResponse(description="Wrong login"),
            429: OpenApiResponse(description="Too many attempts (login or second-factor codes)"),
        },
        tags=["accounts"],
    )
    def post(self, request):
        from accounts import security

        data = s.LoginSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The same counted, lockable check as the site's login form (django-axes, per account).
        result = security.authenticate_login(
            request=request._request,
            login=data.validated_data["login"],
            password=data.validated_data["password"],
        )
        if result.locked_out:
            return security.lockout_response(request._request)
        user = result.user
        if user is None:
            raise InvalidCredentials(_("The login or the password is not right."))
        try:
            token, key = services.issue_token(
                user=user,
                name=data.validated_data.get("name", ""),
                code=data.validated_data.get("code", ""),
            )
        except services.SecondFactorError as exc:
            raise _second_factor_refusal(exc) from None
        return Response(_issued(token, key), status=status.HTTP_201_CREATED)


class SignupView(APIView):
    """Create an account (an email or a mobile number, a password, the name for certificates)
    and get a key. The same checks as the site's sign-up form."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [LoginIpThrottle]

    @extend_schema(
        request=s.SignupSerializer, responses={201: s.IssuedTokenSerializer}, tags=["accounts"]
    )
    def post(self, request):
        from ..forms import SignupForm

        data = s.SignupSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        password = values.pop("password")
        device = values.pop("name", "")
        form = SignupForm(data={**values, "password1": password, "password2": password})
        if not form.is_valid():
            errors = _form_errors(form)
            errors["password"] = errors.pop("password1", []) + errors.pop("password2", [])
            if not errors["password"]:
                del errors["password"]
            raise exceptions.ValidationError(errors)
        with transaction.atomic():
            user = form.save(request._request)
            token, key = services.issue_token(user=user, name=device)
        return Response(_issued(token, key), status=status.HTTP_201_CREATED)


class TokenListView(generics.ListAPIView):
    """The keys that can act for me (not revoked, not expired)."""

    serializer_class = s.TokenSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return selectors.active_tokens(user=self.request.user)

    @extend_schema(tags=["accounts"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class TokenRevokeView(APIView):
    """Revoke one of my keys (another learner's key is not found)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None}, tags=["accounts"])
    def delete(self, request, token_id: int):
        if not services.revoke_token(user=request.user, token_id=token_id):
            raise exceptions.NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutView(APIView):
    """Revoke the key this request is made with."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None}, tags=["accounts"])
    def post(self, request):
        if isinstance(request.auth, ApiToken):
            services.revoke_token(user=request.user, token_id=request.auth.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProfileView(APIView):
    """My profile; the name is the one printed on certificates."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.ProfileSerializer, tags=["accounts"])
    def get(self, request):
        return Response(s.ProfileSerializer(request.user).data)

    @extend_schema(request=s.ProfileSerializer, responses=s.ProfileSerializer, tags=["accounts"])
    def patch(self, request):
        from ..forms import ProfileForm

        current = {f: getattr(request.user, f) for f in ProfileForm.Meta.fields}
        incoming = s.ProfileSerializer(request.user, data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        fields = ProfileForm.Meta.fields
        merged = {f: incoming.validated_data.get(f, current[f]) for f in fields}
        form = ProfileForm(data=merged, instance=request.user)
        if not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        form.save()
        return Response(s.ProfileSerializer(request.user).data)
