from rest_framework import serializers


class CooperativeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_ar = serializers.CharField()
    name_fr = serializers.CharField()
    register_number = serializers.CharField()
    region = serializers.CharField()
    sector = serializers.CharField()
    trained_at = serializers.DateTimeField(allow_null=True)


class CourseColumnSerializer(serializers.Serializer):
    course_key = serializers.UUIDField()
    title = serializers.CharField()
    target_date = serializers.DateField(allow_null=True)
    items = serializers.IntegerField(help_text="Learning items (lessons and quizzes).")
    completed_share = serializers.IntegerField(help_text="Percent of active members done.")


class CellSerializer(serializers.Serializer):
    course_key = serializers.UUIDField()
    status = serializers.ChoiceField(["not_started", "in_progress", "stalled", "completed"])
    percent = serializers.IntegerField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    completed_at = serializers.DateTimeField(allow_null=True)
    last_activity = serializers.DateTimeField(allow_null=True)
    quiz_scores = serializers.ListField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    )
    certified = serializers.BooleanField()


class MemberSerializer(serializers.Serializer):
    membership_id = serializers.IntegerField()
    name = serializers.CharField()
    state = serializers.CharField()
    percent = serializers.IntegerField()
    last_activity = serializers.DateTimeField(allow_null=True)
    courses = CellSerializer(many=True)


class DashboardSerializer(serializers.Serializer):
    cooperative = CooperativeSerializer()
    courses = CourseColumnSerializer(many=True)
    active_members = serializers.IntegerField()
    invited_members = serializers.IntegerField()
    count = serializers.IntegerField(help_text="Members matching the filters.")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    members = MemberSerializer(many=True)
