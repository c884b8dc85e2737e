"""Question blocks for quizzes and the question bank.

Every question block is a ``StructBlock`` whose StreamField block id is the question's stable
id; choices and ordering steps are ``ListBlock`` items, whose item ids are the stable choice
ids. ``quizzes.questions`` turns these values into the plain dicts ``quizzes.grading`` reads.

This module must never render a question for learners (the learner templates work from
``grading.public_question`` only) nor hold an answer key anywhere but in the block values.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock


def _common_fields():
    return [
        (
            "prompt",
            blocks.TextBlock(
                label=_("Question"), help_text=_("Plain text. Describe a real situation.")
            ),
        ),
        (
            "points",
            blocks.IntegerBlock(label=_("Points"), default=1, min_value=0, max_value=100),
        ),
        (
            "feedback",
            blocks.TextBlock(
                label=_("Feedback"),
                required=False,
                help_text=_("Shown to the learner after the answer is submitted."),
            ),
        ),
        (
            "explanation",
            blocks.TextBlock(
                label=_("Explanation"),
                required=False,
                help_text=_("Why the right answer is right; shown when the learner misses it."),
            ),
        ),
    ]


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=500)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.CharBlock(label=_("Feedback for this answer"), required=False, max_length=500)

    class Meta:
        icon = "tick"
        label = _("Answer")


class QuestionBlock(blocks.StructBlock):
    """Base: prompt, points, feedback, explanation."""

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__(_common_fields() + list(local_blocks or []), **kwargs)


def _error(field: str, message) -> StructBlockValidationError:
    return StructBlockValidationError(block_errors={field: ValidationError(message)})


class SingleChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(ChoiceBlock(), label=_("Answers"), min_num=2, max_num=12)

    def clean(self, value):
        value = super().clean(value)
        right = sum(1 for choice in value["choices"] if choice["correct"])
        if right != 1:
            raise _error("choices", _("Mark exactly one answer as correct."))
        return value

    class Meta:
        icon = "radio-full"
        label = _("Single choice")
        description = _("One right answer among several.")


class MultipleChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(ChoiceBlock(), label=_("Answers"), min_num=2, max_num=12)
    scoring = blocks.ChoiceBlock(
        label=_("Scoring"),
        choices=[
            ("all_or_nothing", _("All or nothing")),
            ("partial", _("Partial credit (wrong picks cancel right ones)")),
        ],
        default="all_or_nothing",
    )

    def clean(self, value):
        value = super().clean(value)
        if not any(choice["correct"] for choice in value["choices"]):
            raise _error("choices", _("Mark at least one answer as correct."))
        return value

    class Meta:
        icon = "list-ul"
        label = _("Multiple choice")
        description = _("Several right answers; the learner ticks all of them.")


class TrueFalseQuestionBlock(QuestionBlock):
    answer = blocks.BooleanBlock(
        label=_("The statement is true"), required=False, help_text=_("Tick if true.")
    )

    class Meta:
        icon = "help"
        label = _("True or false")


class NumericQuestionBlock(QuestionBlock):
    value = blocks.DecimalBlock(label=_("Right answer"), max_digits=18, decimal_places=6)
    tolerance = blocks.DecimalBlock(
        label=_("Tolerance"),
        required=False,
        min_value=0,
        max_digits=18,
        decimal_places=6,
        help_text=_("Answers within this distance of the right answer are accepted."),
    )

    class Meta:
        icon = "order"
        label = _("Number")


class ShortTextQuestionBlock(QuestionBlock):
    accepted = blocks.ListBlock(
        blocks.CharBlock(max_length=200),
        label=_("Accepted answers"),
        min_num=1,
        help_text=_(
            "Case, Arabic diacritics, alif/hamza/taa marbuta/ya variants and extra spaces are "
            "ignored when comparing."
        ),
    )

    class Meta:
        icon = "pilcrow"
        label = _("Short answer")


class OrderingQuestionBlock(QuestionBlock):
    items = blocks.ListBlock(
        blocks.CharBlock(max_length=300),
        label=_("Steps in the right order"),
        min_num=2,
        max_num=10,
    )

    class Meta:
        icon = "list-ol"
        label = _("Put in order")
        description = _("The learner puts the steps of a process in order.")


class BankDrawBlock(blocks.StructBlock):
    tag = blocks.CharBlock(label=_("Tag"), max_length=100)
    count = blocks.IntegerBlock(label=_("Number of questions"), min_value=1, max_value=50)

    class Meta:
        icon = "crosshairs"
        label = _("Random questions from the bank")
        description = _("Draws this many questions with the tag, anew for each attempt.")


class QuestionTypesBlock(blocks.StreamBlock):
    """The question types themselves (also what a bank question holds)."""

    single = SingleChoiceQuestionBlock()
    multiple = MultipleChoiceQuestionBlock()
    true_false = TrueFalseQuestionBlock()
    numeric = NumericQuestionBlock()
    short_text = ShortTextQuestionBlock()
    ordering = OrderingQuestionBlock()


class QuizQuestionsBlock(QuestionTypesBlock):
    """A quiz: questions written here, bank questions chosen one by one, random draws."""

    bank_question = SnippetChooserBlock(
        "quizzes.BankQuestion", label=_("Question from the bank"), icon="snippet"
    )
    bank_draw = BankDrawBlock()
