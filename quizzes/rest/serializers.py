"""Shapes of the quiz API. Questions are only ever built by ``grading.public_question`` (an
allow-list): no correct flag, answer, value, tolerance, accepted text, feedback or explanation
reaches a client before the attempt is submitted, and after it only what the quiz's
"show answers" setting allows (the site's result page rules)."""

from rest_framework import serializers


class AnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        help_text=(
            "{question id: value}. single: a choice id; multiple and ordering: a list of ids; "
            "true_false: true/false; numeric: a number as a string; short_text: text. "
            "null: not answered."
        ),
    )


class AttemptSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    status = serializers.CharField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    passed = serializers.BooleanField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)


class QuizSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.UUIDField()
    title = serializers.CharField()
    intro = serializers.CharField()
    course = serializers.IntegerField()
    mode = serializers.CharField()
    pass_mark = serializers.IntegerField()
    max_attempts = serializers.IntegerField(allow_null=True)
    time_limit_minutes = serializers.IntegerField(allow_null=True)
    question_count = serializers.IntegerField()
    attempts_used = serializers.IntegerField()
    attempts_left = serializers.IntegerField(allow_null=True)
    passed = serializers.BooleanField()
    best_percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    can_start = serializers.BooleanField()
    open_attempt = serializers.IntegerField(allow_null=True)
    attempts = AttemptSummarySerializer(many=True)


class PublicChoiceSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()


class PublicQuestionSerializer(serializers.Serializer):
    id = serializers.CharField()
    type = serializers.CharField()
    prompt = serializers.CharField()
    points = serializers.CharField()
    choices = PublicChoiceSerializer(many=True, required=False)
    items = PublicChoiceSerializer(many=True, required=False)
    max_length = serializers.IntegerField(required=False)


# What an open attempt and a result both say about the attempt (a comment, not a docstring:
# drf-spectacular would give it to the result's schema as its description).
class AttemptHeadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    quiz = serializers.IntegerField(allow_null=True)
    number = serializers.IntegerField()
    mode = serializers.CharField()
    status = serializers.CharField()
    started_at = serializers.DateTimeField()


class AttemptSerializer(AttemptHeadSerializer):
    """An open attempt: its questions as the learner may see them, and the saved answers."""

    deadline = serializers.DateTimeField(allow_null=True)
    questions = PublicQuestionSerializer(many=True)
    saved = serializers.DictField(child=serializers.JSONField(allow_null=True))
    answered = serializers.ListField(child=serializers.CharField())


class ReviewedQuestionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    question = PublicQuestionSerializer()
    response = serializers.JSONField(allow_null=True)
    response_text = serializers.ListField(child=serializers.CharField())
    right = serializers.BooleanField(help_text="Whether the learner's answer was right")
    score = serializers.CharField()
    max_score = serializers.CharField()
    feedback = serializers.ListField(child=serializers.CharField())
    explanation = serializers.CharField()
    correct_answer = serializers.ListField(
        child=serializers.CharField(), help_text="Empty unless the quiz shows answers now"
    )


class ResultSerializer(AttemptHeadSerializer):
    submitted_at = serializers.DateTimeField(allow_null=True)
    timed_out = serializers.BooleanField()
    score = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    max_score = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    passed = serializers.BooleanField(allow_null=True)
    pass_mark = serializers.IntegerField()
    answers_shown = serializers.BooleanField()
    questions = ReviewedQuestionSerializer(many=True)


class SavedSerializer(serializers.Serializer):
    saved = serializers.IntegerField(help_text="How many questions have a saved answer")
    timed_out = serializers.BooleanField()


class PracticeAnswerSerializer(serializers.Serializer):
    finished = serializers.BooleanField()
    question = ReviewedQuestionSerializer()
