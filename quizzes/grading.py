"""Quiz grading: the one place that decides what a learner's answer is worth.

Pure functions over plain data (question dicts produced by the quiz StreamField blocks or by
``quizzes.gift``, and response dicts decoded from a request). Standard library only.

What lives here:

* ``validate_responses`` turns untrusted client input into normalised responses, or raises
  ``ResponseError`` with a stable ``code`` (the web layer translates by code and answers 400).
* ``grade_question`` / ``grade_attempt`` / ``passed`` compute scores with ``Decimal``.
* ``normalise_text`` is the short-text matching rule (Arabic, French, Tamazight).
* ``attempt_order`` / ``choice_order`` / ``public_question`` fix a per-attempt shuffle from a
  seed stored on the attempt, and strip the answer key before anything reaches the browser.
* ``item_analysis`` gives trainers facility, discrimination, distractor counts and a score
  distribution.

This module must never: import Django or touch the database, trust a score / "correct" flag /
order sent by the client, use ``float`` for scores, use the global ``random`` state, or crash
on malformed input (malformed client input is a ``ResponseError``; a broken question
definition is a ``QuestionError``, which is a bug in authoring, not a 400).

Question shape (see the issue; extra keys are ignored)::

    {"id": str, "type": "single"|"multiple"|"true_false"|"numeric"|"short_text"|"ordering",
     "prompt": str, "points": int | Decimal-able str, "feedback": str, "explanation": str,
     "choices": [{"id", "text", "correct", "feedback"}],          # single / multiple
     "scoring": "all_or_nothing" | "partial",                      # multiple
     "answer": bool, "feedback_true": str, "feedback_false": str,  # true_false
     "value": str, "tolerance": str,                               # numeric
     "accepted": [str],                                            # short_text
     "items": [{"id", "text"}]}                                    # ordering, correct order

``feedback_true`` / ``feedback_false`` are optional: the feedback shown when the learner picks
that value (GIFT ``{T#…#…}`` fills them).
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "CHOICE_TYPES",
    "ERROR_CODES",
    "MAX_NUMBER_CHARS",
    "MAX_TEXT_CHARS",
    "QUESTION_TYPES",
    "AttemptResult",
    "QuestionError",
    "QuestionResult",
    "ResponseError",
    "attempt_order",
    "choice_order",
    "grade_attempt",
    "grade_question",
    "item_analysis",
    "normalise_text",
    "passed",
    "public_question",
    "validate_responses",
]

QUESTION_TYPES = ("single", "multiple", "true_false", "numeric", "short_text", "ordering")
CHOICE_TYPES = ("single", "multiple")

#: Longest short-text answer accepted, in characters (after nothing: counted as sent).
MAX_TEXT_CHARS = 500
#: Longest numeric answer accepted, in characters. Also bounds the magnitude of a number,
#: since exponents ("1e999999") are not accepted.
MAX_NUMBER_CHARS = 64

#: Every ``ResponseError.code`` this module raises, with its English message. The web layer
#: translates by code; tests assert each one is reachable.
ERROR_CODES: dict[str, str] = {
    "empty": "The submission is empty.",
    "invalid_body": "The submission must be a set of answers keyed by question.",
    "too_many_answers": "There are more answers than questions or choices.",
    "unknown_question": "An answer refers to a question that is not in this quiz.",
    "duplicate_question": "The same question is answered more than once.",
    "missing_answer": "A question has not been answered.",
    "expected_single": "This question takes one answer, not a list.",
    "expected_list": "This question takes a list of answers.",
    "invalid_value": "This answer has the wrong kind of value.",
    "unknown_choice": "An answer refers to a choice that is not part of this question.",
    "duplicate_choice": "The same choice is given more than once.",
    "incomplete_order": "Every step must be placed exactly once.",
    "not_a_boolean": "Answer true or false.",
    "not_a_number": "Enter a number, such as 12 or 12.5.",
    "too_long": "The answer is too long.",
}

SCORE_QUANTUM = Decimal("0.01")
_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)


class ResponseError(ValueError):
    """Malformed client input. ``code`` is stable (see ``ERROR_CODES``); ``message`` is English.

    ``question_id`` is set when the fault belongs to a known question of the quiz; it is never
    an identifier echoed from the client.
    """

    def __init__(self, code: str, message: str | None = None, question_id: str | None = None):
        if code not in ERROR_CODES:  # pragma: no cover - programming error
            raise AssertionError(f"unregistered ResponseError code {code!r}")
        self.code = code
        self.message = message or ERROR_CODES[code]
        self.question_id = question_id
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"ResponseError({self.code!r}, {self.message!r}, question_id={self.question_id!r})"


class QuestionError(ValueError):
    """A question definition is broken (authoring or import bug). Never the client's fault."""


# --------------------------------------------------------------------------------------------
# Text and number normalisation
# --------------------------------------------------------------------------------------------

# Harakat, Quranic annotation marks, superscript alef, and tatweel: ignored when matching.
_ARABIC_MARKS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0640]"
)
# Invisible characters that ride along with copy-pasted right-to-left text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u00ad]")
_LETTER_VARIANTS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        # Persian keyboard letters that Moroccan phones sometimes produce.
        "ی": "ي",
        "ک": "ك",
    }
)
# Arabic-Indic (U+0660..) and Extended Arabic-Indic (U+06F0..) digits to ASCII.
_DIGITS = str.maketrans(
    {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
)


def normalise_text(s: str) -> str:
    """Return the form of ``s`` used to compare short-text answers.

    NFKC; drop Arabic diacritics (tashkeel), tatweel and invisible direction marks; fold
    أ إ آ ٱ → ا, ة → ه, ى → ي, ؤ → و, ئ → ي (and Persian ی → ي, ک → ك); Arabic-Indic digits →
    ASCII digits; case-fold; collapse runs of whitespace and trim. Latin accents are kept
    (``générale`` does not match ``generale``).
    """
    s = unicodedata.normalize("NFKC", s)
    s = _INVISIBLE.sub("", s)
    s = _ARABIC_MARKS.sub("", s)
    s = s.translate(_LETTER_VARIANTS).translate(_DIGITS)
    s = s.casefold()
    return " ".join(s.split())


_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_NUMBER_SPACES = re.compile("[\\s\u00a0\u202f\u2009\u066c']")

#: ``normalise_text``'s and ``_parse_number``'s tables for a device that checks answers itself
#: (the offline practice page hands them to offline.js, so the device cannot drift from the
#: server): the characters dropped, the letters and digits folded, what a number may look like.
DEVICE_RULES = {
    "drop": [_INVISIBLE.pattern, _ARABIC_MARKS.pattern],
    "letters": {chr(k): v for k, v in _LETTER_VARIANTS.items()},
    "digits": {chr(k): v for k, v in _DIGITS.items()},
    "spaces": _NUMBER_SPACES.pattern,
    "number": _NUMBER_RE.pattern,
}


def _parse_number(raw: object, question_id: str | None) -> Decimal:
    """Parse a learner's number. Accepts int, Decimal, str (and float via its shortest repr).

    Strings may use a decimal comma (``12,5``), the Arabic decimal separator (``١٢٫٥``),
    Arabic-Indic digits, spaces as thousands separators and a Unicode minus. Exponents, NaN and
    Infinity are refused.
    """
    if isinstance(raw, bool):
        raise ResponseError("not_a_number", question_id=question_id)
    if isinstance(raw, int):
        if raw.bit_length() > 200:
            raise ResponseError("too_long", question_id=question_id)
        return Decimal(raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise ResponseError(
                "not_a_number", "NaN and Infinity are not numbers.", question_id=question_id
            )
        raw = Decimal(repr(raw))  # the shortest literal: what the client most likely sent
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise ResponseError(
                "not_a_number", "NaN and Infinity are not numbers.", question_id=question_id
            )
        if abs(raw.adjusted()) > MAX_NUMBER_CHARS or len(raw.as_tuple().digits) > MAX_NUMBER_CHARS:
            raise ResponseError("too_long", question_id=question_id)
        return raw
    if not isinstance(raw, str):
        if isinstance(raw, list | tuple):
            raise ResponseError("expected_single", question_id=question_id)
        raise ResponseError("not_a_number", question_id=question_id)
    if len(raw) > MAX_NUMBER_CHARS:
        raise ResponseError("too_long", question_id=question_id)
    text = unicodedata.normalize("NFKC", raw).translate(_DIGITS)
    text = _NUMBER_SPACES.sub("", text).replace("\u2212", "-").replace("\u066b", ".")
    if "," in text:
        if "." in text or text.count(",") > 1:
            raise ResponseError("not_a_number", question_id=question_id)
        text = text.replace(",", ".")
    if not _NUMBER_RE.fullmatch(text):
        message = (
            "NaN and Infinity are not numbers."
            if text.lstrip("+-").lower() in {"nan", "inf", "infinity", "snan"}
            else None
        )
        raise ResponseError("not_a_number", message, question_id=question_id)
    return Decimal(text)


def _definition_decimal(value: object, what: str, question_id: str) -> Decimal:
    """Parse a number written by an author (points, value, tolerance)."""
    try:
        if isinstance(value, bool) or value is None:
            raise InvalidOperation
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise QuestionError(f"question {question_id}: {what} is not a number") from None
    if not number.is_finite():
        raise QuestionError(f"question {question_id}: {what} must be finite")
    return number


# --------------------------------------------------------------------------------------------
# Validation of client responses
# --------------------------------------------------------------------------------------------


def _index_questions(questions: Sequence[Mapping]) -> dict[str, Mapping]:
    index: dict[str, Mapping] = {}
    for question in questions:
        qid = question.get("id")
        if not isinstance(qid, str) or not qid:
            raise QuestionError("every question needs a non-empty string id")
        if qid in index:
            raise QuestionError(f"question id {qid} appears twice in the quiz")
        if question.get("type") not in QUESTION_TYPES:
            raise QuestionError(f"question {qid}: unknown type {question.get('type')!r}")
        index[qid] = question
    return index


def _pairs(raw: object, limit: int) -> list[tuple[object, object]]:
    """Accept a mapping or a sequence of (question_id, value) pairs.

    Pairs let the web layer keep duplicate keys (``json.loads(..., object_pairs_hook=list)``
    or ``QueryDict.lists()``) so that they are reported instead of silently overwritten.
    """
    if raw is None or raw == "" or raw == b"":
        raise ResponseError("empty")
    if isinstance(raw, Mapping):
        if len(raw) > limit:
            raise ResponseError("too_many_answers")
        return list(raw.items())
    if isinstance(raw, list | tuple):
        if len(raw) > limit:
            raise ResponseError("too_many_answers")
        pairs = []
        for pair in raw:
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                raise ResponseError("invalid_body")
            pairs.append((pair[0], pair[1]))
        return pairs
    raise ResponseError("invalid_body")


def validate_responses(
    questions: Sequence[Mapping], raw: object, *, partial: bool
) -> dict[str, object]:
    """Check untrusted answers against the quiz and return them normalised.

    ``raw`` is a mapping ``{question_id: value}`` (or a list of pairs, see ``_pairs``).
    With ``partial=True`` (saving a draft) unanswered questions are allowed and omitted from the
    result; with ``partial=False`` (final submission) every question needs an answer. A value
    of ``None`` means "not answered".

    The result is JSON-serialisable with the plain ``json`` module and is keyed in quiz order:
    single → choice id; multiple → list of choice ids in the question's choice order;
    true_false → bool; numeric → canonical decimal string; short_text → the text as typed;
    ordering → list of item ids as placed by the learner.

    Raises ``ResponseError`` for anything malformed; nothing is partially accepted.
    """
    index = _index_questions(questions)
    pairs = _pairs(raw, limit=len(index))
    if not pairs and not partial:
        raise ResponseError("empty")
    given: dict[str, object] = {}
    for key, value in pairs:
        if not isinstance(key, str) or key not in index:
            raise ResponseError("unknown_question")
        if key in given:
            raise ResponseError("duplicate_question", question_id=key)
        given[key] = value
    normalised: dict[str, object] = {}
    for qid, question in index.items():
        value = given.get(qid)
        if value is None:
            if not partial:
                raise ResponseError("missing_answer", question_id=qid)
            continue
        normalised[qid] = _validate_value(question, value)
    return normalised


def _validate_value(question: Mapping, value: object) -> object:
    qid = question["id"]
    kind = question["type"]
    if isinstance(value, Mapping):
        raise ResponseError("invalid_value", question_id=qid)
    if kind == "single":
        if isinstance(value, list | tuple):
            raise ResponseError("expected_single", question_id=qid)
        if not isinstance(value, str) or value not in _choice_ids(question):
            raise ResponseError("unknown_choice", question_id=qid)
        return value
    if kind in ("multiple", "ordering"):
        if not isinstance(value, list | tuple):
            raise ResponseError("expected_list", question_id=qid)
        known = _choice_ids(question) if kind == "multiple" else _item_ids(question)
        if len(value) > len(known):
            raise ResponseError("too_many_answers", question_id=qid)
        seen: set[str] = set()
        for element in value:
            if isinstance(element, list | tuple):
                raise ResponseError("expected_single", question_id=qid)
            if not isinstance(element, str) or element not in known:
                raise ResponseError("unknown_choice", question_id=qid)
            if element in seen:
                raise ResponseError("duplicate_choice", question_id=qid)
            seen.add(element)
        if kind == "multiple":
            return [cid for cid in known if cid in seen]
        if len(seen) != len(known):
            raise ResponseError("incomplete_order", question_id=qid)
        return list(value)
    if kind == "true_false":
        if isinstance(value, list | tuple):
            raise ResponseError("expected_single", question_id=qid)
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and len(value) <= 10:
            word = value.strip().lower()
            if word in ("true", "false"):
                return word == "true"
        raise ResponseError("not_a_boolean", question_id=qid)
    if kind == "numeric":
        number = _parse_number(value, qid)
        return _canonical(number)
    # short_text
    if isinstance(value, list | tuple):
        raise ResponseError("expected_single", question_id=qid)
    if not isinstance(value, str):
        raise ResponseError("invalid_value", question_id=qid)
    if len(value) > MAX_TEXT_CHARS:
        raise ResponseError(
            "too_long", f"Answers are limited to {MAX_TEXT_CHARS} characters.", question_id=qid
        )
    return value


def _canonical(number: Decimal) -> str:
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _choice_ids(question: Mapping) -> list[str]:
    return [choice["id"] for choice in question.get("choices", ())]


def _item_ids(question: Mapping) -> list[str]:
    return [item["id"] for item in question.get("items", ())]


# --------------------------------------------------------------------------------------------
# Grading
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    """The grade of one question. ``score`` is in ``0..max_score``, rounded to 0.01.

    ``correct`` means the answer is fully right (for partial credit: exactly the right set).
    ``selected_feedback`` holds the author's feedback attached to what the learner picked
    (choice feedback, or true/false feedback), non-empty strings only; the question's general
    ``feedback`` and ``explanation`` stay on the question.
    """

    question_id: str
    score: Decimal
    max_score: Decimal
    correct: bool
    selected_feedback: list[str] = field(default_factory=list)
    answered: bool = True

    @property
    def fraction(self) -> Decimal:
        """Score as a fraction of the maximum (0 for a question worth 0 points)."""
        return self.score / self.max_score if self.max_score else _ZERO


@dataclass(frozen=True)
class AttemptResult:
    """The grade of a whole attempt; ``results`` follow the quiz's question order."""

    score: Decimal
    max_score: Decimal
    percent: Decimal
    results: list[QuestionResult]

    def fractions(self) -> dict[str, Decimal]:
        """``{question_id: score fraction}``, the shape ``item_analysis`` reads."""
        return {result.question_id: result.fraction for result in self.results}


def _points(question: Mapping) -> Decimal:
    points = _definition_decimal(question.get("points", 1), "points", question["id"])
    if points < 0:
        raise QuestionError(f"question {question['id']}: points must not be negative")
    return points


def _quantise(value: Decimal) -> Decimal:
    return value.quantize(SCORE_QUANTUM, rounding=ROUND_HALF_UP)


def grade_question(question: Mapping, response: object) -> QuestionResult:
    """Grade one answer. ``response`` is a normalised value or ``None`` (unanswered → 0).

    The response is validated again here, so grading never depends on the caller having
    validated it (raises ``ResponseError`` when malformed).
    """
    qid = question["id"]
    if question.get("type") not in QUESTION_TYPES:
        raise QuestionError(f"question {qid}: unknown type {question.get('type')!r}")
    max_score = _quantise(_points(question))
    if response is None:
        return QuestionResult(qid, _quantise(_ZERO), max_score, False, [], answered=False)
    value = _validate_value(question, response)
    fraction, correct, feedback = _GRADERS[question["type"]](question, value)
    score = _quantise(max_score * fraction)
    return QuestionResult(qid, min(score, max_score), max_score, correct, feedback)


def right_choices(question: Mapping) -> set[str]:
    """The values that are right for a choice question (single / multiple: choice ids;
    true_false: "true" or "false"), as a form would send them. Empty for other types."""
    if question["type"] == "true_false":
        return {"true" if question.get("answer") else "false"}
    return {c["id"] for c in question.get("choices", ()) if c.get("correct")}


def device_key(question: Mapping) -> dict:
    """The answer key as a device checks it (the offline practice page of a practice quiz that
    shows its answers; never a graded quiz), computed as ``grade_question`` computes it:
    ``correct``, the right choices as a form sends them; ``accepted``, the accepted texts
    through ``normalise_text``; ``value`` and ``tolerance``, plain decimals."""
    if question["type"] == "numeric":
        target, tolerance = _numeric_target(question)
        return {"value": format(target, "f"), "tolerance": format(tolerance, "f")}
    if question["type"] == "short_text":
        return {"accepted": sorted(_accepted_texts(question))}
    return {"correct": right_choices(question)}


def _grade_single(question: Mapping, value: str) -> tuple[Decimal, bool, list[str]]:
    choice = next(c for c in question["choices"] if c["id"] == value)
    correct = bool(choice.get("correct"))
    return (_ONE if correct else _ZERO), correct, _nonempty([choice.get("feedback")])


def _grade_multiple(question: Mapping, value: list[str]) -> tuple[Decimal, bool, list[str]]:
    picked = set(value)
    choices = question["choices"]
    right = right_choices(question)
    exact = picked == right
    feedback = _nonempty(c.get("feedback") for c in choices if c["id"] in picked)
    if question.get("scoring", "all_or_nothing") == "partial" and right:
        hits = len(picked & right)
        misses = len(picked - right)
        fraction = max(_ZERO, Decimal(hits - misses) / Decimal(len(right)))
    else:
        fraction = _ONE if exact else _ZERO
    return fraction, exact, feedback


def _grade_true_false(question: Mapping, value: bool) -> tuple[Decimal, bool, list[str]]:
    correct = value == bool(question.get("answer"))
    feedback = question.get("feedback_true" if value else "feedback_false")
    return (_ONE if correct else _ZERO), correct, _nonempty([feedback])


def _grade_numeric(question: Mapping, value: str) -> tuple[Decimal, bool, list[str]]:
    target, tolerance = _numeric_target(question)
    correct = abs(Decimal(value) - target) <= tolerance
    return (_ONE if correct else _ZERO), correct, []


def _numeric_target(question: Mapping) -> tuple[Decimal, Decimal]:
    qid = question["id"]
    target = _definition_decimal(question.get("value"), "value", qid)
    tolerance = abs(_definition_decimal(question.get("tolerance", "0") or "0", "tolerance", qid))
    return target, tolerance


def _grade_short_text(question: Mapping, value: str) -> tuple[Decimal, bool, list[str]]:
    correct = normalise_text(value) in _accepted_texts(question)
    return (_ONE if correct else _ZERO), correct, []


def _accepted_texts(question: Mapping) -> set[str]:
    return {normalise_text(str(a)) for a in question.get("accepted", ())} - {""}


def _grade_ordering(question: Mapping, value: list[str]) -> tuple[Decimal, bool, list[str]]:
    correct = list(value) == _item_ids(question)
    return (_ONE if correct else _ZERO), correct, []


_GRADERS = {
    "single": _grade_single,
    "multiple": _grade_multiple,
    "true_false": _grade_true_false,
    "numeric": _grade_numeric,
    "short_text": _grade_short_text,
    "ordering": _grade_ordering,
}


def _nonempty(texts: Iterable[object]) -> list[str]:
    return [t for t in texts if isinstance(t, str) and t.strip()]


def grade_attempt(questions: Sequence[Mapping], responses: Mapping[str, object]) -> AttemptResult:
    """Grade every question of the quiz; missing responses score 0.

    ``responses`` should come from ``validate_responses``; an id that is not a question of the
    quiz raises ``ResponseError("unknown_question")``. ``percent`` is ``score / max_score × 100``
    rounded half-up to 2 places; a quiz worth 0 points gives 100 (nothing to fail).
    """
    index = _index_questions(questions)
    for qid in responses:
        if qid not in index:
            raise ResponseError("unknown_question")
    results = [grade_question(q, responses.get(qid)) for qid, q in index.items()]
    score = sum((r.score for r in results), _ZERO)
    max_score = sum((r.max_score for r in results), _ZERO)
    percent = _quantise(score / max_score * _HUNDRED) if max_score else _quantise(_HUNDRED)
    return AttemptResult(score, max_score, percent, results)


def passed(percent: Decimal | int | str, pass_mark: Decimal | int | str) -> bool:
    """True when ``percent`` reaches ``pass_mark`` (inclusive). Compare the rounded percent the
    learner sees, so "70.00 %" against a pass mark of 70 passes."""
    return Decimal(str(percent)) >= Decimal(str(pass_mark))


# --------------------------------------------------------------------------------------------
# Per-attempt order and what the browser may see
# --------------------------------------------------------------------------------------------


def attempt_order(question_ids: Sequence[str], seed: object, shuffle: bool) -> list[str]:
    """Question order for an attempt: the authored order, or a shuffle fixed by ``seed``.

    Uses ``random.Random(f"{seed}:questions")`` (string seeds hash with SHA-512, so the order
    is the same in every process and on every server).
    """
    order = list(question_ids)
    if shuffle:
        random.Random(f"{seed}:questions").shuffle(order)
    return order


def choice_order(question: Mapping, seed: object, shuffle: bool) -> list[str]:
    """Display order of a question's choice ids (single / multiple) or item ids (ordering).

    Choices are shuffled only when ``shuffle`` is true. Ordering items are always shuffled
    (showing them in the correct order would give the answer away); with three items or more
    the shown order is guaranteed to differ from the correct one. With two items it is a coin
    toss, because always showing the reverse would give the answer away just as surely.
    Other types return ``[]``.
    """
    qid = question["id"]
    rng = random.Random(f"{seed}:{qid}")
    if question.get("type") == "ordering":
        correct = _item_ids(question)
        order = list(correct)
        if len(order) < 2:
            return order
        rng.shuffle(order)
        while len(order) >= 3 and order == correct:
            rng.shuffle(order)
        return order
    if question.get("type") in CHOICE_TYPES:
        order = _choice_ids(question)
        if shuffle:
            rng.shuffle(order)
        return order
    return []


def public_question(
    question: Mapping, *, order_seed: object, shuffle_choices: bool = False
) -> dict:
    """What the browser may see before submission.

    Keeps id, type, prompt, points (as a string) and, by type: ``choices`` (id + text, in
    ``choice_order``), ``items`` for ordering (shuffled), ``max_length`` for short text.
    Never: correct flags, answer, value, tolerance, accepted answers, feedback, explanation or
    scoring rule. Built field by field (an allow-list), so a new key on the question dict does
    not leak by accident.
    """
    kind = question["type"]
    public: dict = {
        "id": question["id"],
        "type": kind,
        "prompt": str(question.get("prompt", "")),
        "points": _canonical(_points(question)),
    }
    if kind in CHOICE_TYPES:
        texts = {c["id"]: str(c.get("text", "")) for c in question.get("choices", ())}
        order = choice_order(question, order_seed, shuffle_choices)
        public["choices"] = [{"id": cid, "text": texts[cid]} for cid in order]
    elif kind == "ordering":
        texts = {i["id"]: str(i.get("text", "")) for i in question.get("items", ())}
        order = choice_order(question, order_seed, True)
        public["items"] = [{"id": iid, "text": texts[iid]} for iid in order]
    elif kind == "short_text":
        public["max_length"] = MAX_TEXT_CHARS
    return public


# --------------------------------------------------------------------------------------------
# Item analysis
# --------------------------------------------------------------------------------------------

#: Share of attempts in each of the top and bottom groups for the discrimination index.
#: Kelley's 27 % maximises the difference between groups for normally distributed scores and
#: is what most item-analysis reports (and Moodle's "discriminative efficiency" literature)
#: use; with fewer than 2 attempts there is no index (``None``).
DISCRIMINATION_GROUP = Decimal("0.27")
ANALYSIS_QUANTUM = Decimal("0.01")


def _analysis_decimal(value: object) -> Decimal:
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(value) if not isinstance(value, bool) else Decimal(int(value))
    except (InvalidOperation, TypeError, ValueError):
        return _ZERO
    return number if number.is_finite() else _ZERO


def _group_size(n: int) -> int:
    size = int((Decimal(n) * DISCRIMINATION_GROUP).quantize(_ONE, rounding=ROUND_HALF_UP))
    return max(1, min(size, n // 2))


def item_analysis(questions: Sequence[Mapping], attempts: Sequence[Mapping]) -> dict:
    """Statistics for trainers over submitted attempts.

    ``attempts``: ``[{"responses": {qid: value}, "results": {qid: score_fraction},
    "percent": 0..100}]`` (fractions and percent as Decimal, int or str).

    Returns::

        {"attempts": n,
         "score_distribution": [{"low": 0, "high": 10, "count": k}, ... 10 buckets],
         "questions": [{"question_id", "attempts", "facility", "discrimination",
                        "distractors": [{"id", "text", "picks"}]}]}

    * ``attempts`` per question counts attempts whose ``results`` include it (questions added
      after an attempt was taken are not counted against it).
    * ``facility`` = mean score fraction (0..1), rounded to 0.01.
    * ``discrimination`` = mean item fraction in the top 27 % of those attempts by ``percent``
      minus the mean in the bottom 27 % (group size rounded half-up, at least 1, at most half);
      ties are broken by attempt order. ``None`` with fewer than 2 attempts.
    * ``distractors``: for single/multiple, how often each wrong choice was picked; for
      true/false, how often the wrong value was picked (ids ``"true"``/``"false"``).
    * Buckets are ``[0,10) … [80,90)`` and ``[90,100]``.
    Stored responses that no longer match the question (edited since) are skipped, not errors.
    """
    buckets = [0] * 10
    for attempt in attempts:
        percent = min(max(_analysis_decimal(attempt.get("percent", 0)), _ZERO), _HUNDRED)
        buckets[min(int(percent // 10), 9)] += 1
    distribution = [
        {"low": i * 10, "high": i * 10 + 10, "count": count} for i, count in enumerate(buckets)
    ]

    per_question = []
    for question in questions:
        qid = question["id"]
        rows = [
            (_analysis_decimal(a.get("percent", 0)), _analysis_decimal(a["results"][qid]), a)
            for a in attempts
            if isinstance(a.get("results"), Mapping) and qid in a["results"]
        ]
        n = len(rows)
        facility = discrimination = None
        if n:
            facility = _mean([fraction for _, fraction, _ in rows])
        if n >= 2:
            ranked = sorted(rows, key=lambda row: row[0], reverse=True)  # stable: ties keep order
            g = _group_size(n)
            top = _mean([fraction for _, fraction, _ in ranked[:g]])
            bottom = _mean([fraction for _, fraction, _ in ranked[-g:]])
            discrimination = (top - bottom).quantize(ANALYSIS_QUANTUM, rounding=ROUND_HALF_UP)
        per_question.append(
            {
                "question_id": qid,
                "attempts": n,
                "facility": facility.quantize(ANALYSIS_QUANTUM, rounding=ROUND_HALF_UP)
                if facility is not None
                else None,
                "discrimination": discrimination,
                "distractors": _distractors(question, [a for _, _, a in rows]),
            }
        )
    return {
        "attempts": len(attempts),
        "score_distribution": distribution,
        "questions": per_question,
    }


def _mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, _ZERO) / Decimal(len(values))


def _distractors(question: Mapping, attempts: Sequence[Mapping]) -> list[dict]:
    qid = question["id"]
    kind = question.get("type")
    if kind in CHOICE_TYPES:
        wrong = [c for c in question.get("choices", ()) if not c.get("correct")]
        counts = dict.fromkeys((c["id"] for c in wrong), 0)
        for attempt in attempts:
            responses = attempt.get("responses")
            value = responses.get(qid) if isinstance(responses, Mapping) else None
            picks = value if isinstance(value, list | tuple) else [value]
            for pick in {p for p in picks if isinstance(p, str)}:
                if pick in counts:
                    counts[pick] += 1
        return [{"id": c["id"], "text": c.get("text", ""), "picks": counts[c["id"]]} for c in wrong]
    if kind == "true_false":
        wrong_value = not bool(question.get("answer"))
        picks = 0
        for attempt in attempts:
            responses = attempt.get("responses")
            value = responses.get(qid) if isinstance(responses, Mapping) else None
            if isinstance(value, str):
                value = {"true": True, "false": False}.get(value.strip().lower())
            if isinstance(value, bool) and value == wrong_value:
                picks += 1
        label = "true" if wrong_value else "false"
        return [{"id": label, "text": label.capitalize(), "picks": picks}]
    return []
