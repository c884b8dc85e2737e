"""Shapes of the learning API. Output is built from ``progress.learning`` views; the only
input is the batch of client events (verbs, items, times, idempotency keys)."""

from rest_framework import serializers

from courses.rest.serializers import CourseFieldsSerializer

MAX_BATCH = 100


class OutlineItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.UUIDField()
    title = serializers.CharField()
    kind = serializers.CharField(help_text="lesson or quizpage")
    minutes = serializers.IntegerField(allow_null=True)
    done = serializers.BooleanField()
    url = serializers.CharField()


class OutlineModuleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.UUIDField()
    title = serializers.CharField()
    summary = serializers.CharField()
    is_open = serializers.BooleanField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    items = OutlineItemSerializer(many=True)


class CourseDetailSerializer(CourseFieldsSerializer):
    gating = serializers.CharField(source="page.gating")
    completion_mode = serializers.CharField(source="page.completion_mode")
    description = serializers.JSONField(help_text="Structured blocks")
    enrolled = serializers.BooleanField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    completed_at = serializers.DateTimeField(allow_null=True)
    resume_item = serializers.IntegerField(allow_null=True)
    modules = OutlineModuleSerializer(many=True)


class BlockSerializer(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.CharField()
    value = serializers.JSONField()


class NeighbourSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()


class LessonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.UUIDField()
    title = serializers.CharField()
    course = serializers.IntegerField()
    module = serializers.IntegerField()
    minutes = serializers.IntegerField()
    done = serializers.BooleanField()
    completable = serializers.BooleanField(help_text="Whether POST …/complete/ applies")
    html = serializers.CharField(help_text="The body as sanitised HTML")
    blocks = BlockSerializer(many=True, help_text="The body as structured blocks")
    previous = NeighbourSerializer(allow_null=True)
    next = NeighbourSerializer(allow_null=True)


class CompletionSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    created = serializers.BooleanField()
    course_completed = serializers.BooleanField()


class ClientEventSerializer(serializers.Serializer):
    idempotency_key = serializers.RegexField(
        r"^[A-Za-z0-9._:-]{8,80}$",
        help_text="Unique per event, chosen by the client (a UUID): a replay is recorded once.",
    )
    verb = serializers.ChoiceField(
        choices=[("viewed", "viewed"), ("completed", "completed"), ("answered", "answered")],
        help_text="answered: a practice question answered on the offline practice page; the "
        "server grades it again and records its own verdict (never a graded attempt).",
    )
    item = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="A page id (for answered: the quiz)"
    )
    occurred_at = serializers.DateTimeField(help_text="The client's clock (ISO 8601)")
    question = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=80,
        help_text="answered: the question's id (data-q on the offline practice page)",
    )
    response = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text="answered: the answer as given — a choice id, a list of choice ids, "
        "true or false, a number as text, or a text. A verdict sent with it is ignored.",
    )


class EventBatchSerializer(serializers.Serializer):
    events = ClientEventSerializer(many=True, allow_empty=False, max_length=MAX_BATCH)

    def validate_events(self, events):
        keys = [e["idempotency_key"] for e in events]
        if len(keys) != len(set(keys)):
            raise serializers.ValidationError(
                "The same idempotency key appears twice in the batch.", code="duplicate_key"
            )
        return events


class EventResultSerializer(serializers.Serializer):
    idempotency_key = serializers.CharField()
    status = serializers.ChoiceField(
        choices=[("recorded", "recorded"), ("duplicate", "duplicate"), ("rejected", "rejected")]
    )
    code = serializers.CharField(
        allow_blank=True,
        help_text="Why it was rejected: not_found, not_enrolled, locked, not_completable; "
        "for answered also not_practice (a graded quiz: online only), unknown_question, "
        "invalid_answer",
    )
    course_completed = serializers.BooleanField()


class EventBatchResultSerializer(serializers.Serializer):
    results = EventResultSerializer(many=True)


class LearningEntrySerializer(serializers.Serializer):
    course = serializers.IntegerField(source="course.pk")
    key = serializers.UUIDField(source="course.translation_key")
    title = serializers.CharField(source="course.title")
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    completed_at = serializers.DateTimeField(allow_null=True)
    last_seen_at = serializers.DateTimeField(allow_null=True)
    resume_url = serializers.CharField(allow_null=True)
