"""Shapes of the certificates API (read-only)."""

from rest_framework import serializers


class CertificateSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Grouped as printed, e.g. ABCD-EFGH-JKLM")
    status = serializers.CharField()
    course_code = serializers.CharField()
    course_key = serializers.UUIDField()
    title = serializers.CharField()
    hours = serializers.DecimalField(max_digits=6, decimal_places=1)
    completed_at = serializers.DateTimeField()
    issued_at = serializers.DateTimeField()
    pdf_languages = serializers.ListField(
        child=serializers.CharField(), help_text="Variants for …/pdf/<language>/"
    )
    verify_url = serializers.CharField()


class VerificationSerializer(serializers.Serializer):
    """The public verification's fields (``certificates.views.public_data``)."""

    code = serializers.CharField()
    status = serializers.CharField(help_text="valid, revoked or withdrawn")
    name = serializers.CharField(required=False)
    course = serializers.JSONField(required=False)
    hours = serializers.CharField(required=False)
    completed_on = serializers.DateField(required=False)
    issued_on = serializers.DateField(required=False)
    issuer = serializers.CharField(required=False)
    credential_id = serializers.CharField(required=False)
    revoked_on = serializers.DateField(required=False)
    revocation_reason = serializers.CharField(required=False)
    withdrawn_on = serializers.DateField(required=False)
