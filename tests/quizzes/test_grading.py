"""Grading, validation, ordering, answer-key hiding and item analysis (no database)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from quizzes.grading import (
    ERROR_CODES,
    AttemptResult,
    QuestionError,
    ResponseError,
    attempt_order,
    choice_order,
    grade_attempt,
    grade_question,
    item_analysis,
    normalise_text,
    passed,
    public_question,
    validate_responses,
)

SINGLE = {
    "id": "q-single",
    "type": "single",
    "prompt": "Who elects the board of a cooperative?",
    "points": 1,
    "feedback": "GENERAL-FEEDBACK-single",
    "explanation": "EXPLANATION-single",
    "choices": [
        {"id": "s-a", "text": "The general assembly", "correct": True, "feedback": "FB-s-a"},
        {"id": "s-b", "text": "The manager", "correct": False, "feedback": "FB-s-b"},
        {"id": "s-c", "text": "The bank", "correct": False, "feedback": ""},
    ],
}
MULTIPLE = {
    "id": "q-multiple",
    "type": "multiple",
    "prompt": "Which are cooperative principles?",
    "points": "3",
    "feedback": "",
    "explanation": "",
    "scoring": "partial",
    "choices": [
        {"id": "m-a", "text": "Voluntary membership", "correct": True, "feedback": "FB-m-a"},
        {"id": "m-b", "text": "Democratic control", "correct": True, "feedback": ""},
        {"id": "m-c", "text": "Autonomy", "correct": True, "feedback": ""},
        {"id": "m-d", "text": "Maximising dividends", "correct": False, "feedback": "FB-m-d"},
        {"id": "m-e", "text": "One share, many votes", "correct": False, "feedback": ""},
    ],
}
TRUE_FALSE = {
    "id": "q-tf",
    "type": "true_false",
    "prompt": "A cooperative needs at least five members.",
    "points": 1,
    "feedback": "",
    "explanation": "",
    "answer": True,
    "feedback_true": "FB-true",
    "feedback_false": "FB-false",
}
NUMERIC = {
    "id": "q-num",
    "type": "numeric",
    "prompt": "Margin in percent?",
    "points": 2,
    "feedback": "",
    "explanation": "",
    "value": "12.5",
    "tolerance": "0.5",
}
SHORT_TEXT = {
    "id": "q-text",
    "type": "short_text",
    "prompt": "Name the supreme body.",
    "points": 1,
    "feedback": "",
    "explanation": "",
    "accepted": ["Assemblée générale", "التعاونية", "أمانة"],
}
ORDERING = {
    "id": "q-order",
    "type": "ordering",
    "prompt": "Put the steps in order.",
    "points": 1,
    "feedback": "",
    "explanation": "",
    "items": [
        {"id": "o-1", "text": "Founding meeting"},
        {"id": "o-2", "text": "Statutes"},
        {"id": "o-3", "text": "Registration"},
        {"id": "o-4", "text": "First general assembly"},
    ],
}
QUIZ = [SINGLE, MULTIPLE, TRUE_FALSE, NUMERIC, SHORT_TEXT, ORDERING]
ALL_RIGHT = {
    "q-single": "s-a",
    "q-multiple": ["m-a", "m-b", "m-c"],
    "q-tf": True,
    "q-num": "12.5",
    "q-text": "assemblée générale",
    "q-order": ["o-1", "o-2", "o-3", "o-4"],
}


def score(question, response):
    return grade_question(question, response).score


# ------------------------------------------------------------------ grading per type


def test_single_choice_right_and_wrong():
    right = grade_question(SINGLE, "s-a")
    wrong = grade_question(SINGLE, "s-b")
    assert (right.score, right.max_score, right.correct) == (Decimal("1.00"), Decimal("1"), True)
    assert right.selected_feedback == ["FB-s-a"]
    assert (wrong.score, wrong.correct, wrong.selected_feedback) == (
        Decimal("0"),
        False,
        ["FB-s-b"],
    )


@pytest.mark.parametrize(
    ("picks", "expected", "correct"),
    [
        (["m-a", "m-b", "m-c"], Decimal("3.00"), True),  # (3 - 0) / 3 × 3 points
        (["m-a", "m-b"], Decimal("2.00"), False),  # (2 - 0) / 3 × 3
        (["m-a", "m-b", "m-d"], Decimal("1.00"), False),  # (2 - 1) / 3 × 3
        (["m-a", "m-d", "m-e"], Decimal("0.00"), False),  # (1 - 2) / 3 floored at 0
        (["m-a", "m-b", "m-c", "m-d", "m-e"], Decimal("1.00"), False),  # (3 - 2) / 3 × 3
        ([], Decimal("0.00"), False),
    ],
)
def test_multiple_partial_credit_arithmetic(picks, expected, correct):
    result = grade_question(MULTIPLE, picks)
    assert (result.score, result.correct) == (expected, correct)


def test_partial_credit_rounds_to_cents():
    one_point = {**MULTIPLE, "points": 1}
    assert score(one_point, ["m-a"]) == Decimal("0.33")
    assert score(one_point, ["m-a", "m-b"]) == Decimal("0.67")


def test_multiple_all_or_nothing():
    strict = {**MULTIPLE, "scoring": "all_or_nothing"}
    assert score(strict, ["m-c", "m-a", "m-b"]) == Decimal("3.00")
    assert score(strict, ["m-a", "m-b"]) == 0
    assert score(strict, ["m-a", "m-b", "m-c", "m-d"]) == 0


def test_multiple_feedback_of_every_pick():
    assert grade_question(MULTIPLE, ["m-d", "m-a"]).selected_feedback == ["FB-m-a", "FB-m-d"]


@pytest.mark.parametrize(("answer", "ok"), [(True, True), ("true", True), (" TRUE ", True)])
def test_true_false_right(answer, ok):
    result = grade_question(TRUE_FALSE, answer)
    assert result.correct is ok
    assert result.selected_feedback == ["FB-true"]


@pytest.mark.parametrize("answer", [False, "false", "False"])
def test_true_false_wrong(answer):
    result = grade_question(TRUE_FALSE, answer)
    assert (result.score, result.correct, result.selected_feedback) == (0, False, ["FB-false"])


@pytest.mark.parametrize(
    ("answer", "right"),
    [
        ("12.5", True),
        ("12", True),  # lower edge is inclusive
        ("13", True),  # upper edge is inclusive
        (13, True),
        ("13.0000", True),
        ("11.999", False),
        ("13.001", False),
        ("-12.5", False),
        ("12,5", True),  # decimal comma
        ("١٢٫٥", True),  # Arabic-Indic digits and separator
        (" 12.7 ", True),
        (13.0, True),  # a float from JSON is read through its literal
        (Decimal("12.0"), True),
    ],
)
def test_numeric_tolerance_edges(answer, right):
    result = grade_question(NUMERIC, answer)
    assert result.correct is right
    assert result.score == (Decimal("2.00") if right else 0)


def test_numeric_zero_tolerance_needs_exact_value():
    exact = {**NUMERIC, "tolerance": "0"}
    assert grade_question(exact, "12.50").correct
    assert not grade_question(exact, "12.51").correct


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("التعاونيه", "التعاونية"),
        ("التعاونية", "التعاونيه"),
        ("امانه", "أمانة"),
        ("التَّعَاوُنِيَّة", "التعاونية"),
        ("التعـــاونية", "التعاونية"),  # tatweel
        ("إدارة", "اداره"),
        ("آمنة", "امنه"),
        ("مسؤول", "مسوول"),
        ("هيئة", "هييه"),
        ("مستشفى", "مستشفي"),
        ("  Assemblée   générale ", "assemblée générale"),
        ("ASSEMBLÉE GÉNÉRALE", "assemblée générale"),
        ("ﺍﻟﺘﻌﺎﻭﻧﻴﺔ", "التعاونية"),  # presentation forms, folded by NFKC
        ("\u200fالتعاونية\u200f", "التعاونية"),  # right-to-left marks from copy-paste
        ("٢٠١٤", "2014"),
    ],
)
def test_normalise_text_matches(typed, accepted):
    assert normalise_text(typed) == normalise_text(accepted)


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [("التعاون", "التعاونية"), ("assemblee generale", "assemblée générale"), ("مال", "امل")],
)
def test_normalise_text_keeps_real_differences(typed, accepted):
    assert normalise_text(typed) != normalise_text(accepted)


@pytest.mark.parametrize(
    ("typed", "right"),
    [
        ("  Assemblée   générale ", True),
        ("التعاونيه", True),
        ("التَّعَاوُنِيَّة", True),
        ("امانه", True),
        ("assemblee", False),
        ("", False),
        ("   ", False),
    ],
)
def test_short_text_graded(typed, right):
    assert grade_question(SHORT_TEXT, typed).correct is right


def test_empty_accepted_answer_never_matches_blank():
    question = {**SHORT_TEXT, "accepted": ["", "  "]}
    assert not grade_question(question, "").correct


def test_ordering_right_and_wrong():
    assert grade_question(ORDERING, ["o-1", "o-2", "o-3", "o-4"]).score == Decimal("1.00")
    swapped = grade_question(ORDERING, ["o-2", "o-1", "o-3", "o-4"])
    assert (swapped.score, swapped.correct) == (0, False)


def test_unanswered_scores_zero():
    result = grade_question(SINGLE, None)
    assert (result.score, result.correct, result.answered) == (0, False, False)


# ------------------------------------------------------------------ attempts


def test_grade_attempt_all_right():
    result = grade_attempt(QUIZ, validate_responses(QUIZ, ALL_RIGHT, partial=False))
    assert isinstance(result, AttemptResult)
    assert (result.score, result.max_score, result.percent) == (9, 9, Decimal("100.00"))
    assert [r.question_id for r in result.results] == [q["id"] for q in QUIZ]
    assert all(r.correct for r in result.results)


def test_grade_attempt_percent_rounded_and_missing_count_zero():
    quiz = [SINGLE, TRUE_FALSE, {**SINGLE, "id": "q-single-2"}]
    result = grade_attempt(quiz, {"q-single": "s-a", "q-tf": True})
    assert (result.score, result.max_score, result.percent) == (2, 3, Decimal("66.67"))
    assert result.fractions() == {"q-single": 1, "q-tf": 1, "q-single-2": 0}


def test_grade_attempt_rejects_foreign_question():
    with pytest.raises(ResponseError) as err:
        grade_attempt([SINGLE], {"q-single": "s-a", "q-tf": True})
    assert err.value.code == "unknown_question"


def test_grade_attempt_revalidates_values():
    with pytest.raises(ResponseError) as err:
        grade_attempt([SINGLE], {"q-single": "m-a"})
    assert err.value.code == "unknown_choice"


def test_zero_point_quiz_is_not_failed_forever():
    survey = [{**SINGLE, "points": 0}]
    result = grade_attempt(survey, {"q-single": "s-b"})
    assert (result.score, result.percent) == (0, Decimal("100.00"))


@pytest.mark.parametrize(
    ("percent", "mark", "ok"),
    [(Decimal("70.00"), 70, True), (Decimal("69.99"), 70, False), ("100", "100", True)],
)
def test_passed(percent, mark, ok):
    assert passed(percent, mark) is ok


def test_broken_definition_is_a_question_error():
    with pytest.raises(QuestionError):
        grade_question({**NUMERIC, "value": "twelve"}, "12")
    with pytest.raises(QuestionError):
        validate_responses([SINGLE, SINGLE], {}, partial=True)


# ------------------------------------------------------------------ validation


def test_validate_normalises():
    raw = {
        "q-single": "s-b",
        "q-multiple": ["m-c", "m-a"],
        "q-tf": "false",
        "q-num": "١٢,٠",
        "q-text": "  typed as is ",
        "q-order": ["o-4", "o-3", "o-2", "o-1"],
    }
    clean = validate_responses(QUIZ, raw, partial=False)
    assert clean == {
        "q-single": "s-b",
        "q-multiple": ["m-a", "m-c"],  # canonical choice order
        "q-tf": False,
        "q-num": "12",
        "q-text": "  typed as is ",
        "q-order": ["o-4", "o-3", "o-2", "o-1"],
    }
    assert json.loads(json.dumps(clean)) == clean


def test_partial_allows_unanswered_and_none():
    assert validate_responses(QUIZ, {"q-tf": True, "q-text": None}, partial=True) == {"q-tf": True}
    assert validate_responses(QUIZ, {}, partial=True) == {}


def _code(raw, partial=False, questions=QUIZ):
    with pytest.raises(ResponseError) as err:
        validate_responses(questions, raw, partial=partial)
    assert err.value.message  # an English message for logs and fallback
    return err.value.code, err.value.question_id


BAD_INPUTS = [
    ("empty", None, None),
    ("empty", "", None),
    ("empty", {}, None),
    ("invalid_body", "q-single=s-a", None),
    ("invalid_body", 42, None),
    ("invalid_body", [["q-single"]], None),
    ("too_many_answers", {f"q{i}": "x" for i in range(10_000)}, None),
    ("too_many_answers", {"q-multiple": [f"m-{i}" for i in range(10_000)]}, "q-multiple"),
    ("unknown_question", {"nope": "s-a"}, None),
    ("unknown_question", {"score": 100}, None),  # a score sent by the client is not an answer
    ("unknown_question", {1: "s-a"}, None),
    ("duplicate_question", [["q-single", "s-a"], ["q-single", "s-b"]], "q-single"),
    ("missing_answer", {"q-single": "s-a"}, "q-multiple"),
    ("expected_single", {"q-single": ["s-a"]}, "q-single"),
    ("expected_single", {"q-text": ["a", "b"]}, "q-text"),
    ("expected_single", {"q-num": ["12"]}, "q-num"),
    ("expected_single", {"q-tf": [True]}, "q-tf"),
    ("expected_single", {"q-multiple": [["m-a"]]}, "q-multiple"),
    ("expected_list", {"q-multiple": "m-a"}, "q-multiple"),
    ("expected_list", {"q-order": "o-1"}, "q-order"),
    ("invalid_value", {"q-single": {"id": "s-a", "correct": True}}, "q-single"),
    ("invalid_value", {"q-text": 42}, "q-text"),
    ("unknown_choice", {"q-single": "m-a"}, "q-single"),  # a choice of another question
    ("unknown_choice", {"q-single": 0}, "q-single"),
    ("unknown_choice", {"q-multiple": ["m-a", "s-a"]}, "q-multiple"),
    ("unknown_choice", {"q-order": ["o-1", "o-2", "o-3", "x"]}, "q-order"),
    ("duplicate_choice", {"q-multiple": ["m-a", "m-a"]}, "q-multiple"),
    ("duplicate_choice", {"q-order": ["o-1", "o-1", "o-2", "o-3"]}, "q-order"),
    ("incomplete_order", {"q-order": ["o-1", "o-2", "o-3"]}, "q-order"),
    ("not_a_boolean", {"q-tf": "yes"}, "q-tf"),
    ("not_a_boolean", {"q-tf": 1}, "q-tf"),
    ("not_a_number", {"q-num": "twelve"}, "q-num"),
    ("not_a_number", {"q-num": "NaN"}, "q-num"),
    ("not_a_number", {"q-num": "Infinity"}, "q-num"),
    ("not_a_number", {"q-num": "-inf"}, "q-num"),
    ("not_a_number", {"q-num": float("nan")}, "q-num"),
    ("not_a_number", {"q-num": float("inf")}, "q-num"),
    ("not_a_number", {"q-num": Decimal("NaN")}, "q-num"),
    ("not_a_number", {"q-num": "1e999999999"}, "q-num"),
    ("not_a_number", {"q-num": "1,000.5"}, "q-num"),
    ("not_a_number", {"q-num": ""}, "q-num"),
    ("not_a_number", {"q-num": True}, "q-num"),
    ("too_long", {"q-text": "a" * 501}, "q-text"),
    ("too_long", {"q-num": "1" * 65}, "q-num"),
    ("too_long", {"q-num": 10**100}, "q-num"),
    ("too_long", {"q-num": Decimal("1E+999999")}, "q-num"),
]


@pytest.mark.parametrize(("code", "raw", "question_id"), BAD_INPUTS)
def test_malformed_input_is_a_clear_error(code, raw, question_id):
    partial = code not in {"missing_answer", "empty"}
    assert _code(raw, partial=partial) == (code, question_id)


def test_every_error_code_is_exercised():
    assert {code for code, _, _ in BAD_INPUTS} == set(ERROR_CODES)


def test_limits_are_inclusive():
    assert validate_responses(QUIZ, {"q-text": "a" * 500}, partial=True)["q-text"] == "a" * 500
    assert validate_responses(QUIZ, {"q-num": "1" * 64}, partial=True)["q-num"] == "1" * 64
    answers = dict(ALL_RIGHT)
    assert len(answers) == len(QUIZ)
    assert validate_responses(QUIZ, answers, partial=False) is not None


def test_error_repr_has_code():
    err = ResponseError("empty", question_id=None)
    assert err.message == ERROR_CODES["empty"]
    assert "empty" in repr(err)


# ------------------------------------------------------------------ order and public view

QUESTION_IDS = [f"q{i}" for i in range(12)]


def test_attempt_order_is_stable_per_seed_and_differs_across_seeds():
    first = attempt_order(QUESTION_IDS, 4242, shuffle=True)
    assert first == attempt_order(QUESTION_IDS, 4242, shuffle=True)
    assert sorted(first) == sorted(QUESTION_IDS)
    others = {tuple(attempt_order(QUESTION_IDS, seed, shuffle=True)) for seed in range(20)}
    assert len(others) > 15
    assert attempt_order(QUESTION_IDS, 4242, shuffle=False) == QUESTION_IDS


def test_attempt_order_is_pinned_across_releases():
    # An attempt stores only its seed: a Python or code upgrade must not reshuffle a quiz that a
    # learner is halfway through. If this fails, the shuffle algorithm changed.
    assert attempt_order(["a", "b", "c", "d", "e"], "seed-1", shuffle=True) == PINNED_ORDER


PINNED_ORDER = ["b", "c", "e", "d", "a"]


def test_choice_order_stable_and_seeded():
    one = choice_order(MULTIPLE, "s1", shuffle=True)
    assert one == choice_order(MULTIPLE, "s1", shuffle=True)
    assert sorted(one) == sorted(c["id"] for c in MULTIPLE["choices"])
    orders = {tuple(choice_order(MULTIPLE, seed, shuffle=True)) for seed in range(30)}
    assert len(orders) > 10
    assert choice_order(MULTIPLE, "s1", shuffle=False) == ["m-a", "m-b", "m-c", "m-d", "m-e"]
    assert choice_order(NUMERIC, "s1", shuffle=True) == []


def test_choice_order_differs_between_questions_of_one_attempt():
    twin = {**MULTIPLE, "id": "q-twin"}
    orders = [(choice_order(MULTIPLE, s, True), choice_order(twin, s, True)) for s in range(10)]
    assert any(a != b for a, b in orders)


@pytest.mark.parametrize("seed", range(200))
def test_ordering_items_never_shown_in_correct_order(seed):
    three = {**ORDERING, "items": ORDERING["items"][:3]}
    for question in (ORDERING, three):
        shown = [item["id"] for item in public_question(question, order_seed=seed)["items"]]
        assert shown != [item["id"] for item in question["items"]]
        assert sorted(shown) == sorted(item["id"] for item in question["items"])


ANSWER_KEY_FIELDS = {
    "correct",
    "answer",
    "value",
    "tolerance",
    "accepted",
    "feedback",
    "explanation",
    "feedback_true",
    "feedback_false",
    "scoring",
}


def _keys(obj):
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield key
            yield from _keys(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _keys(value)


def test_public_question_leaks_nothing_of_the_answer_key():
    numeric = {**NUMERIC, "value": "987.654", "tolerance": "0.321"}
    short = {**SHORT_TEXT, "accepted": ["ACCEPTED-ONE", "ACCEPTED-TWO"]}
    for question in [SINGLE, MULTIPLE, TRUE_FALSE, numeric, short, ORDERING]:
        public = public_question(question, order_seed="attempt-7", shuffle_choices=True)
        blob = json.dumps(public, ensure_ascii=False)
        assert not set(_keys(public)) & ANSWER_KEY_FIELDS, question["id"]
        for secret in ("987.654", "0.321", "ACCEPTED-ONE", "ACCEPTED-TWO", "FB-", "EXPLANATION"):
            assert secret not in blob, (question["id"], secret)
        assert "GENERAL-FEEDBACK" not in blob
        assert public["prompt"] == question["prompt"]


def test_public_question_shape():
    public = public_question(SINGLE, order_seed=1)
    assert public == {
        "id": "q-single",
        "type": "single",
        "prompt": SINGLE["prompt"],
        "points": "1",
        "choices": [{"id": c["id"], "text": c["text"]} for c in SINGLE["choices"]],
    }
    shuffled = public_question(MULTIPLE, order_seed=9, shuffle_choices=True)
    assert [c["id"] for c in shuffled["choices"]] == choice_order(MULTIPLE, 9, True)
    assert public_question(SHORT_TEXT, order_seed=1)["max_length"] == 500


# ------------------------------------------------------------------ item analysis

IA_SINGLE = {**SINGLE, "id": "ia-1"}
IA_MULTIPLE = {
    **MULTIPLE,
    "id": "ia-2",
    "choices": [
        {"id": "x-a", "text": "A", "correct": True},
        {"id": "x-b", "text": "B", "correct": True},
        {"id": "x-c", "text": "C", "correct": False},
    ],
}
# percent, ia-1 fraction, ia-1 pick, ia-2 fraction, ia-2 picks
IA_ROWS = [
    (100, 1, "s-a", "1", ["x-a", "x-b"]),
    (90, 1, "s-a", "0.5", ["x-a", "x-b", "x-c"]),
    (80, 0, "s-b", "0.5", ["x-b"]),
    (70, 1, "s-a", "0.5", ["x-a"]),
    (60, 0, "s-b", "0", ["x-c"]),
    (50, 1, "s-a", "0", []),
    (40, 0, "s-c", "0", []),
    (30, 0, "s-b", "0", []),
    (20, 1, "s-a", "0", []),
    (10, 0, "s-c", "0.5", ["x-a"]),
]
IA_ATTEMPTS = [
    {
        "percent": Decimal(percent),
        "results": {"ia-1": Decimal(f1), "ia-2": Decimal(f2)},
        "responses": {"ia-1": pick, "ia-2": picks},
    }
    for percent, f1, pick, f2, picks in IA_ROWS
]


def test_item_analysis_by_hand():
    report = item_analysis([IA_SINGLE, IA_MULTIPLE], IA_ATTEMPTS)
    assert report["attempts"] == 10
    q1, q2 = report["questions"]
    # ia-1: 5 of 10 right. Top 27 % of 10 = 3 attempts (100, 90, 80): 1, 1, 0 → 2/3;
    # bottom 3 (30, 20, 10): 0, 1, 0 → 1/3; discrimination = 1/3.
    assert q1["attempts"] == 10
    assert q1["facility"] == Decimal("0.50")
    assert q1["discrimination"] == Decimal("0.33")
    assert q1["distractors"] == [
        {"id": "s-b", "text": "The manager", "picks": 3},
        {"id": "s-c", "text": "The bank", "picks": 2},
    ]
    # ia-2: fractions sum to 3.0 → 0.30. Top: (1 + .5 + .5)/3 = .667; bottom: (0 + 0 + .5)/3 =
    # .167; discrimination = 0.50.
    assert q2["facility"] == Decimal("0.30")
    assert q2["discrimination"] == Decimal("0.50")
    assert q2["distractors"] == [{"id": "x-c", "text": "C", "picks": 2}]


def test_score_distribution_has_ten_buckets_and_100_in_the_last():
    report = item_analysis([IA_SINGLE], IA_ATTEMPTS)
    counts = [bucket["count"] for bucket in report["score_distribution"]]
    assert counts == [0, 1, 1, 1, 1, 1, 1, 1, 1, 2]
    assert report["score_distribution"][9] == {"low": 90, "high": 100, "count": 2}


def test_item_analysis_true_false_distractor_and_small_samples():
    attempts = [
        {"percent": 100, "results": {"q-tf": 1}, "responses": {"q-tf": True}},
        {"percent": "0", "results": {"q-tf": 0}, "responses": {"q-tf": "false"}},
    ]
    (row,) = item_analysis([TRUE_FALSE], attempts)["questions"]
    assert row["distractors"] == [{"id": "false", "text": "False", "picks": 1}]
    assert row["discrimination"] == Decimal("1.00")
    (lonely,) = item_analysis([TRUE_FALSE], attempts[:1])["questions"]
    assert (lonely["facility"], lonely["discrimination"]) == (Decimal("1.00"), None)
    (unseen,) = item_analysis([NUMERIC], attempts)["questions"]
    assert (unseen["attempts"], unseen["facility"], unseen["distractors"]) == (0, None, [])


def test_item_analysis_survives_stale_responses():
    attempts = [{"percent": 50, "results": {"q-single": 0}, "responses": {"q-single": ["gone"]}}]
    (row,) = item_analysis([SINGLE], attempts)["questions"]
    assert [d["picks"] for d in row["distractors"]] == [0, 0]


def test_item_analysis_feeds_from_grade_attempt():
    responses = {"q-single": "s-b", "q-tf": True}
    graded = grade_attempt([SINGLE, TRUE_FALSE], responses)
    attempt = {"percent": graded.percent, "results": graded.fractions(), "responses": responses}
    report = item_analysis([SINGLE, TRUE_FALSE], [attempt])
    assert [q["facility"] for q in report["questions"]] == [Decimal("0.00"), Decimal("1.00")]


def test_right_choices_are_what_a_right_form_would_send():
    """The offline practice page marks these as right: they must agree with grading."""
    from quizzes.grading import right_choices

    assert right_choices(SINGLE) == {ALL_RIGHT["q-single"]}
    assert right_choices(MULTIPLE) == set(ALL_RIGHT["q-multiple"])
    assert right_choices(TRUE_FALSE) == {"true"}
    assert right_choices(NUMERIC) == set()
    (single,) = right_choices(SINGLE)
    assert grade_question(SINGLE, single).correct
    assert grade_question(MULTIPLE, sorted(right_choices(MULTIPLE))).correct


def test_the_device_key_is_the_key_the_server_grades_with():
    """What the offline practice page hands the device: the right choices, the accepted texts
    already normalised (no separator to split on), the number and tolerance as plain decimals,
    and the tables normalise_text uses."""
    import re

    from quizzes.grading import DEVICE_RULES, device_key, normalise_text

    assert device_key(SINGLE) == {"correct": {ALL_RIGHT["q-single"]}}
    assert device_key(TRUE_FALSE) == {"correct": {"true"}}
    assert device_key(SHORT_TEXT) == {"accepted": ["assemblée générale", "التعاونيه", "امانه"]}
    for text in device_key(SHORT_TEXT)["accepted"]:
        assert grade_question(SHORT_TEXT, text).correct
    assert device_key({**SHORT_TEXT, "accepted": ["a|b", " "]}) == {"accepted": ["a|b"]}
    assert device_key(NUMERIC) == {"value": "12.5", "tolerance": "0.5"}
    assert device_key({**NUMERIC, "value": "-1E+3", "tolerance": "-0.25"}) == {
        "value": "-1000",
        "tolerance": "0.25",
    }
    # The tables are normalise_text's own: dropping and folding with them gives its result.
    text = "\u200fالجَمْعِيَّة ٱلعامّة ١٢"
    for pattern in DEVICE_RULES["drop"]:
        text = re.sub(pattern, "", text)
    folded = "".join(DEVICE_RULES["letters"].get(c, c) for c in text)
    folded = "".join(DEVICE_RULES["digits"].get(c, c) for c in folded)
    assert folded == normalise_text("\u200fالجَمْعِيَّة ٱلعامّة ١٢") == "الجمعيه العامه 12"
