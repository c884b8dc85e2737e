"""Quizzes for tests: one question of every type, with recognisable secrets in the answer key,
feedback and explanations (so that tests can look for them in what the browser receives)."""

import uuid

from quizzes.models import BankQuestion, QuizPage
from quizzes.questions import raw_block

NS = uuid.UUID("5a1d1e2c-3b4f-4e6a-9c8d-7f0e1a2b3c4d")


def qid(name: str) -> str:
    return str(uuid.uuid5(NS, name))


SINGLE, MULTIPLE, TRUE_FALSE, NUMERIC, SHORT, ORDERING = (
    qid(n) for n in ("single", "multiple", "true_false", "numeric", "short", "ordering")
)

#: Strings that must never reach the browser before the attempt is submitted.
SECRETS = [
    "EXPLAIN-SINGLE-7731",
    "EXPLAIN-MULTIPLE-7732",
    "EXPLAIN-TF-7733",
    "EXPLAIN-NUMERIC-7734",
    "EXPLAIN-SHORT-7735",
    "EXPLAIN-ORDER-7736",
    "FEEDBACK-Q-8841",
    "CHOICE-FEEDBACK-RIGHT-9951",
    "CHOICE-FEEDBACK-WRONG-9952",
    "4321.5",
    "ACCEPTED-ANSWER-6611",
]


def sample_questions(prefix: str = "") -> list[dict]:
    """Six questions (one per type) as grading dicts; ids depend on ``prefix``."""

    def i(name):
        return qid(prefix + name)

    return [
        {
            "id": i("single"),
            "type": "single",
            "prompt": "من ينتخب مجلس الإدارة؟",
            "points": 1,
            "feedback": "FEEDBACK-Q-8841",
            "explanation": "EXPLAIN-SINGLE-7731",
            "choices": [
                {
                    "id": i("single/a"),
                    "text": "الجمع العام",
                    "correct": True,
                    "feedback": "CHOICE-FEEDBACK-RIGHT-9951",
                },
                {
                    "id": i("single/b"),
                    "text": "المسير وحده",
                    "correct": False,
                    "feedback": "CHOICE-FEEDBACK-WRONG-9952",
                },
                {"id": i("single/c"), "text": "البنك", "correct": False, "feedback": ""},
            ],
        },
        {
            "id": i("multiple"),
            "type": "multiple",
            "scoring": "partial",
            "prompt": "ما الذي يجلبه العمل الجماعي؟",
            "points": 2,
            "feedback": "",
            "explanation": "EXPLAIN-MULTIPLE-7732",
            "choices": [
                {"id": i("multiple/a"), "text": "قوة التفاوض", "correct": True, "feedback": ""},
                {"id": i("multiple/b"), "text": "معدات مشتركة", "correct": True, "feedback": ""},
                {"id": i("multiple/c"), "text": "نجاح مضمون", "correct": False, "feedback": ""},
            ],
        },
        {
            "id": i("true_false"),
            "type": "true_false",
            "prompt": "لكل عضو صوت واحد.",
            "points": 1,
            "feedback": "",
            "explanation": "EXPLAIN-TF-7733",
            "answer": True,
        },
        {
            "id": i("numeric"),
            "type": "numeric",
            "prompt": "كم درهمًا؟",
            "points": 1,
            "feedback": "",
            "explanation": "EXPLAIN-NUMERIC-7734",
            "value": "4321.5",
            "tolerance": "0.5",
        },
        {
            "id": i("short"),
            "type": "short_text",
            "prompt": "اكتب اسم الهيئة العليا.",
            "points": 1,
            "feedback": "",
            "explanation": "EXPLAIN-SHORT-7735",
            "accepted": ["ACCEPTED-ANSWER-6611", "الجمع العام"],
        },
        {
            "id": i("ordering"),
            "type": "ordering",
            "prompt": "رتب المراحل.",
            "points": 1,
            "feedback": "",
            "explanation": "EXPLAIN-ORDER-7736",
            "items": [
                {"id": i("ordering/1"), "text": "STEP-ONE"},
                {"id": i("ordering/2"), "text": "STEP-TWO"},
                {"id": i("ordering/3"), "text": "STEP-THREE"},
            ],
        },
    ]


def right_answers(prefix: str = "") -> dict:
    """Form data answering every sample question right."""

    def i(name):
        return qid(prefix + name)

    return {
        f"q-{i('single')}": i("single/a"),
        f"q-{i('multiple')}": [i("multiple/a"), i("multiple/b")],
        f"q-{i('true_false')}": "true",
        f"q-{i('numeric')}": "4321,5",
        f"q-{i('short')}": "الجَمع  العامّ",
        f"q-{i('ordering')}": [i("ordering/1"), i("ordering/2"), i("ordering/3")],
    }


def wrong_answers(prefix: str = "") -> dict:
    """Form data answering every sample question wrong."""

    def i(name):
        return qid(prefix + name)

    return {
        f"q-{i('single')}": i("single/b"),
        f"q-{i('multiple')}": [i("multiple/c")],
        f"q-{i('true_false')}": "false",
        f"q-{i('numeric')}": "12",
        f"q-{i('short')}": "المدير",
        f"q-{i('ordering')}": [i("ordering/3"), i("ordering/2"), i("ordering/1")],
    }


def add_quiz(module, *, title="اختبار الوحدة", slug="quiz", questions=None, prefix="", **fields):
    """A published QuizPage at the end of ``module``."""
    questions = sample_questions(prefix) if questions is None else questions
    quiz = QuizPage(
        title=title,
        slug=slug,
        questions=[
            q if "value" in q and "type" in q and "prompt" not in q else raw_block(q)
            for q in questions
        ],
        **fields,
    )
    module.add_child(instance=quiz)
    quiz.save_revision().publish()
    quiz.refresh_from_db()
    return quiz


def add_bank_question(question: dict, *, tags=(), locale=None, title=None) -> BankQuestion:
    from wagtail.models import Locale

    bank = BankQuestion(
        title=title or question["prompt"][:80],
        question=[raw_block(question)],
        locale=locale or Locale.objects.get(language_code="ar"),
    )
    bank.tags.set(list(tags))
    bank.save()
    return bank
