"""Shapes of the accounts API. Validation of names and profile fields reuses the site's forms;
these classes only describe the JSON."""

from rest_framework import serializers

from ..constants import LearnerStatus, Region, Sector
from ..forms import ProfileForm
from ..models import ApiToken, User, language_choices


class LoginSerializer(serializers.Serializer):
    login = serializers.CharField(
        max_length=254, help_text="An email address or a mobile phone number (0612345678)."
    )
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    name = serializers.CharField(
        max_length=60, required=False, allow_blank=True, help_text="The device or app."
    )
    code = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text=(
            "Required for accounts with a second factor (staff and trainers who turned it on): "
            "the 6-digit code from the authenticator app, or one of the recovery codes (each "
            "works once). Without it, or with a wrong one: 400 `otp_required` / `otp_invalid` "
            "and no key; after wrong codes, 429 `otp_throttled` with Retry-After."
        ),
    )


class SignupSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    region = serializers.ChoiceField(choices=Region.choices, required=False, allow_blank=True)
    status = serializers.ChoiceField(
        choices=LearnerStatus.choices, required=False, allow_blank=True
    )
    sector = serializers.ChoiceField(choices=Sector.choices, required=False, allow_blank=True)
    preferred_language = serializers.ChoiceField(
        choices=language_choices(), required=False, allow_blank=True
    )
    name = serializers.CharField(
        max_length=60, required=False, allow_blank=True, help_text="The device or app."
    )


class IssuedTokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`. Shown once.")
    id = serializers.IntegerField()
    prefix = serializers.CharField()
    expires_at = serializers.DateTimeField()


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "expires_at"]
        read_only_fields = fields


class ProfileSerializer(serializers.ModelSerializer):
    """The fields of the site's profile form (``ProfileForm``), plus the read-only contact."""

    class Meta:
        model = User
        fields = ["id", "email", "phone", *ProfileForm.Meta.fields]
        read_only_fields = ["id", "email", "phone"]
