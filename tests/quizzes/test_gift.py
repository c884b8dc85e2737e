"""GIFT import: every supported syntax, Arabic text, and errors with the right line numbers."""

from __future__ import annotations

import time
import uuid
from decimal import Decimal

import pytest

from quizzes import gift
from quizzes.grading import grade_question, public_question, validate_responses


def only(text: str) -> dict:
    result = gift.parse(text)
    assert result.errors == []
    assert result.ok
    (question,) = result.questions
    return question


def right_ids(question):
    return [c["text"] for c in question["choices"] if c["correct"]]


# ------------------------------------------------------------------ supported syntax


def test_single_choice_with_title_and_feedback():
    q = only("::Q2:: What's between orange and green? {=yellow # right ~red # wrong ~blue}")
    assert (q["type"], q["title"], q["prompt"]) == (
        "single",
        "Q2",
        "What's between orange and green?",
    )
    assert [(c["text"], c["correct"], c["feedback"]) for c in q["choices"]] == [
        ("yellow", True, "right"),
        ("red", False, "wrong"),
        ("blue", False, ""),
    ]
    assert q["points"] == 1 and q["feedback"] == "" and q["explanation"] == ""
    assert q["tags"] == []


def test_answers_on_separate_lines():
    q = only("Japanese characters came from? {\n  ~India\n  =China\n  ~Korea\n}")
    assert right_ids(q) == ["China"]
    assert len(q["choices"]) == 3


def test_multiple_answers_with_weights_become_partial_multiple():
    q = only("Which are principles? {~%50%Voluntary membership ~%50%Democracy ~%-100%Profit first}")
    assert (q["type"], q["scoring"]) == ("multiple", "partial")
    assert right_ids(q) == ["Voluntary membership", "Democracy"]


@pytest.mark.parametrize(
    ("body", "answer"), [("T", True), ("TRUE", True), ("F", False), ("FALSE", False)]
)
def test_true_false_forms(body, answer):
    q = only(f"::TF:: The general assembly is sovereign. {{{body}}}")
    assert (q["type"], q["answer"]) == ("true_false", answer)


def test_true_false_feedback_goes_to_the_value_picked():
    # Moodle: the first feedback is for a wrong answer, the second for a right one.
    q = only("Grant is buried in Grant's tomb. {F#No one is buried there.#Right.####Tombs.}")
    assert q["answer"] is False
    assert q["feedback_true"] == "No one is buried there."
    assert q["feedback_false"] == "Right."
    assert q["explanation"] == "Tombs."
    assert grade_question(q, True).selected_feedback == ["No one is buried there."]


def test_short_answer():
    q = only("Who's buried in Grant's tomb? {=no one =nobody}")
    assert (q["type"], q["accepted"]) == ("short_text", ["no one", "nobody"])


def test_missing_word_question_gets_a_blank():
    q = only("Two plus {=two =2} equals four.")
    assert q["prompt"] == "Two plus _____ equals four."
    assert q["type"] == "short_text"


@pytest.mark.parametrize(
    ("body", "value", "tolerance"),
    [
        ("#12.5:0.5", "12.5", "0.5"),
        ("#=12.5:0.5", "12.5", "0.5"),
        ("#=12.5:0.5#good estimate", "12.5", "0.5"),
        ("#42", "42", "0"),
        ("#1..5", "3", "2"),
        ("# -3.5 : 0.25 ", "-3.5", "0.25"),
    ],
)
def test_numeric_forms(body, value, tolerance):
    q = only(f"::N:: How much? {{{body}}}")
    assert (q["type"], q["value"], q["tolerance"]) == ("numeric", value, tolerance)


def test_numeric_import_grades_with_inclusive_tolerance():
    q = only("Margin? {#12.5:0.5}")
    assert grade_question(q, "13").correct and not grade_question(q, "13.01").correct


def test_general_feedback_becomes_explanation():
    q = only("Capital of Morocco? {=Rabat#Yes ~Casablanca#No####Rabat is the capital.}")
    assert q["explanation"] == "Rabat is the capital."
    assert q["choices"][0]["feedback"] == "Yes"


def test_escapes():
    q = only(r"::Math\: sums:: Is 1+1\=2 \{really\}? {=yes \~ sure \# 1 ~no\: never}")
    assert q["title"] == "Math: sums"
    assert q["prompt"] == "Is 1+1=2 {really}?"
    assert [c["text"] for c in q["choices"]] == ["yes ~ sure # 1", "no: never"]


def test_escaped_newline_and_backslash():
    q = only(r"Line one\nline two \\ {T}")
    assert q["prompt"] == "Line one\nline two \\"


def test_comments_and_categories_and_format_markers():
    text = (
        "// a comment at the top\n"
        "$CATEGORY: $course$/top/Gouvernance/Assemblée\n"
        "\n"
        "// comment before a question\n"
        "::A:: [markdown]First? {T}\n"
        "\n"
        "$CATEGORY: Finance\n"
        "\n"
        "::B:: Second? {F}\n"
    )
    result = gift.parse(text)
    assert result.ok
    a, b = result.questions
    assert (a["prompt"], a["tags"]) == ("First?", ["Gouvernance", "Assemblée"])
    assert (b["prompt"], b["tags"]) == ("Second?", ["Finance"])


def test_title_defaults_to_prompt():
    q = only("A question without a title? {T}")
    assert q["title"] == "A question without a title?"


def test_arabic_question():
    text = (
        "$CATEGORY: التعاونيات\n"
        "\n"
        "::تعريف:: ما هي الهيئة العليا في التعاونية؟ {\n"
        "  =الجمع العام # أحسنت\n"
        "  ~المدير # لا، المدير ينفذ قرارات المجلس\n"
        "  ~البنك\n"
        "  ####الجمع العام هو الهيئة العليا للتعاونية.\n"
        "}\n"
        "\n"
        "اكتب اسم الوثيقة المؤسسة {=القانون الأساسي =النظام الأساسي}\n"
    )
    result = gift.parse(text.encode("utf-8"))
    assert result.ok, result.errors
    mcq, short = result.questions
    assert mcq["title"] == "تعريف"
    assert mcq["prompt"] == "ما هي الهيئة العليا في التعاونية؟"
    assert right_ids(mcq) == ["الجمع العام"]
    assert mcq["choices"][1]["feedback"] == "لا، المدير ينفذ قرارات المجلس"
    assert mcq["explanation"] == "الجمع العام هو الهيئة العليا للتعاونية."
    assert mcq["tags"] == ["التعاونيات"]
    assert short["accepted"] == ["القانون الأساسي", "النظام الأساسي"]
    # Imported Arabic answers match with the usual spelling variants.
    assert grade_question(short, "القانون الاساسي").correct


def test_ids_are_fresh_uuid4_strings():
    result = gift.parse("A? {=a ~b}\n\nB? {=c ~d}")
    ids = [q["id"] for q in result.questions]
    ids += [c["id"] for q in result.questions for c in q["choices"]]
    assert len(set(ids)) == 6
    assert all(uuid.UUID(i).version == 4 for i in ids)


def test_imported_questions_work_with_grading():
    result = gift.parse("Pick {=right ~wrong}\n\nMany {~%50%a ~%50%b ~%-100%c}")
    single, multiple = result.questions
    right = next(c["id"] for c in single["choices"] if c["correct"])
    a, b, c = (choice["id"] for choice in multiple["choices"])
    clean = validate_responses(
        result.questions, {single["id"]: right, multiple["id"]: [a, c]}, partial=False
    )
    assert grade_question(single, clean[single["id"]]).correct
    assert grade_question(multiple, clean[multiple["id"]]).score == Decimal("0.00")
    assert grade_question(multiple, [a]).score == Decimal("0.50")
    assert "correct" not in str(public_question(single, order_seed=1))


def test_crlf_and_bom():
    result = gift.parse("\ufeff::A:: One {T}\r\n\r\n::B:: Two {=x ~y}\r\n")
    assert result.ok and [q["title"] for q in result.questions] == ["A", "B"]


def test_hundred_questions_parse_fast():
    parts = []
    for i in range(100):
        kind = i % 5
        if kind == 0:
            parts.append(f"::Q{i}:: Question {i}? {{=right {i} ~wrong {i} ~other {i}}}")
        elif kind == 1:
            parts.append(f"::Q{i}:: True {i}? {{T#no#yes####because {i}}}")
        elif kind == 2:
            parts.append(f"::Q{i}:: Number {i}? {{#{i}.5:0.5}}")
        elif kind == 3:
            parts.append(f"::Q{i}:: Word {i}? {{=mot {i} =كلمة {i}}}")
        else:
            parts.append(f"::Q{i}:: Many {i}? {{~%50%a{i} ~%50%b{i} ~%-100%c{i}}}")
    text = "// generated\n\n" + "\n\n".join(parts) + "\n"
    started = time.perf_counter()
    result = gift.parse(text)
    elapsed = time.perf_counter() - started
    assert result.errors == []
    assert len(result.questions) == 100
    assert [q["title"] for q in result.questions] == [f"Q{i}" for i in range(100)]
    assert elapsed < 1.0  # generous: it takes a few milliseconds


# ------------------------------------------------------------------ errors

ERROR_FILE = """\
// line 1: a comment
::Good:: Fine {T}

::Match:: Which animal eats which food? {
  =cat -> cat food
  =dog -> dog food
}

::Essay:: Tell us about your cooperative. {}

::Desc:: Just a description, no answers.

::Open:: Unclosed {=a ~b

::Two:: A {=a ~b} and B {=c ~d}

::NumBad:: How much? {#twelve:1}

::NoRight:: Pick {~a ~b}

::Good2:: Also fine {=yes ~no}

::Stray:: Oops } {T}

::Weights:: Half {=%50%a =b}

::Range:: Backwards {#5..1}

::TFmany:: Odd {T#a#b#c}

::Multi:: Two numbers {#=1:0 =2:0}
"""

EXPECTED_ERRORS = [
    (4, "matching questions are not supported"),
    (9, "essay"),
    (11, "no answer block"),
    (13, "not closed"),
    (15, "only one answer block"),
    (17, "'twelve' is not a number"),
    (19, "no right answer"),
    (23, "without a matching '{'"),
    (25, "partial-credit short answers"),
    (27, "range start is larger"),
    (29, "at most two feedbacks"),
    (31, "several answers"),
]


def test_error_file_reports_each_question_at_its_line():
    result = gift.parse(ERROR_FILE)
    assert not result.ok
    assert [e.line for e in result.errors] == [line for line, _ in EXPECTED_ERRORS]
    for error, (line, fragment) in zip(result.errors, EXPECTED_ERRORS, strict=True):
        assert error.line == line
        assert fragment in error.message, (line, error.message)
    # The good questions are still returned for a preview; the caller imports nothing.
    assert [q["title"] for q in result.questions] == ["Good", "Good2"]


def test_matching_message_is_exact():
    result = gift.parse("\n\n::M:: Match { =a -> 1 =b -> 2 }")
    assert result.errors == [gift.GiftError(3, "matching questions are not supported")]


def test_blank_line_inside_a_question_is_reported_where_the_question_starts():
    result = gift.parse("::A:: ok {T}\n\n::B:: Split {\n=a\n\n~b\n}\n")
    assert [e.line for e in result.errors] == [3, 6]


def test_error_line_after_category_and_comment_lines():
    result = gift.parse("$CATEGORY: X\n// note\n::Bad:: {=a -> b}\n")
    assert [e.line for e in result.errors] == [3]


def test_invalid_utf8_is_an_error_not_a_crash():
    result = gift.parse(b"::A:: ok {T}\n\n::B:: caf\xe9 {T}\n")
    assert result.errors == [gift.GiftError(3, "the file is not UTF-8 text")]
    assert result.questions == []


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "{", "}", "::", "::t", "{#}", "{#:}", "{=}", "{~}", "{~%x%a}", "Q {#1e5}", "\\"],
)
def test_garbage_never_raises(text):
    result = gift.parse(text)
    assert isinstance(result, gift.GiftResult)
    if text.strip():
        assert result.errors


def test_huge_file_is_refused():
    result = gift.parse("x" * (gift.MAX_GIFT_CHARS + 1))
    assert result.errors and result.errors[0].line == 1
