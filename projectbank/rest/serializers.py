"""Shapes of the project bank API. A template's plan and figures appear only for a learner who
has unlocked it (``projectbank.selectors.is_unlocked``); a locked one shows its teaser."""

from rest_framework import serializers


class RegionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        return obj.localized("name")


class SectorSerializer(RegionSerializer):
    pass


class ProjectSerializer(serializers.Serializer):
    external_id = serializers.CharField()
    title = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    sector = SectorSerializer()
    regions = RegionSerializer(many=True, source="regions.all")
    target_group = serializers.CharField()
    investment = serializers.DecimalField(max_digits=14, decimal_places=2)
    jobs = serializers.IntegerField()
    illustrative = serializers.BooleanField()
    template_code = serializers.SerializerMethodField()

    def get_title(self, obj) -> str:
        return obj.localized("title")

    def get_summary(self, obj) -> str:
        return obj.localized("summary")

    def get_template_code(self, obj) -> str | None:
        return obj.template.code if obj.template_id else None


class CourseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()


class TemplateTeaserSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    sector = serializers.CharField(source="sector_id")
    illustrative = serializers.BooleanField()
    unlocked = serializers.BooleanField()
    unlocking_courses = CourseRefSerializer(many=True)


class TemplateSerializer(TemplateTeaserSerializer):
    plan = serializers.JSONField(help_text="The model's inputs (a plan)")
    result = serializers.JSONField(help_text="The finance engine's figures for the inputs")


class ProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        return obj.localized("name")


class ProjectDetailSerializer(ProjectSerializer):
    programmes = serializers.SerializerMethodField()
    template = serializers.SerializerMethodField()

    def get_programmes(self, obj) -> list[dict]:
        return ProgrammeSerializer(self.context["programmes"], many=True).data

    def get_template(self, obj) -> dict | None:
        template = self.context.get("template")
        if template is None:
            return None
        cls = TemplateSerializer if template["unlocked"] else TemplateTeaserSerializer
        return cls(template).data


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=120)
    template = serializers.CharField(source="template.code", read_only=True)
    template_version = serializers.IntegerField(read_only=True)
    project = serializers.CharField(
        source="project.external_id", allow_null=True, required=False, read_only=True
    )
    region = serializers.CharField(source="region_id", allow_null=True, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class PlanDetailSerializer(PlanSerializer):
    inputs = serializers.JSONField()
    result = serializers.JSONField(read_only=True)
    version = serializers.IntegerField(read_only=True, allow_null=True)


class PlanWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    inputs = serializers.JSONField(required=False)
    project = serializers.CharField(max_length=40, required=False, allow_null=True)
    region = serializers.CharField(max_length=5, required=False, allow_null=True)


class CopyTemplateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    project = serializers.CharField(max_length=40, required=False, allow_blank=True)


class ComputeSerializer(serializers.Serializer):
    inputs = serializers.JSONField()


class ComputeResultSerializer(serializers.Serializer):
    result = serializers.JSONField()
