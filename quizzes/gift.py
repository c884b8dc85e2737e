"""Import quiz questions written in GIFT, Moodle's plain-text question format.

``parse(text)`` turns a GIFT file into question dicts of the shape ``quizzes.grading`` grades
(plus ``"title"`` and ``"tags"``) and a list of ``GiftError(line, message)``.

**Callers import nothing when ``errors`` is non-empty** (``GiftResult.ok`` is false): the
questions that did parse are returned only so the admin can preview them next to the errors.
A half-imported quiz is worse than none.

Supported: ``::title::``; ``$CATEGORY: a/b`` lines (→ tags ``["a", "b"]`` for the questions
that follow; Moodle's ``$course$``-style and ``top`` segments are dropped); ``//`` comment lines;
``[markdown]``/``[html]``/``[plain]``/``[moodle]`` markers (dropped: prompts are plain text);
single choice ``{=right ~wrong}``; multiple answers ``{~%50%a ~%50%b ~%-100%c}`` (→ ``multiple``
with ``partial`` scoring; a choice is correct when its weight is positive; the weights
themselves are not kept, the academy's partial-credit rule applies); true/false ``{T}``,
``{TRUE}``, ``{F}``, ``{FALSE}`` with ``#wrong-answer feedback#right-answer feedback``; short
answer ``{=a =b}``; numeric ``{#12.5:0.5}``, ``{#=12.5:0.5}`` and ``{#1..5}``; per-choice
feedback ``#…``; general feedback ``####…`` (→ ``explanation``); escapes ``\\= \\~ \\# \\{ \\}
\\: \\\\`` and ``\\n``; missing-word questions (text after the answer block; the blank becomes
``_____``); blank lines between questions; UTF-8 including Arabic and Tifinagh.

Reported as errors: matching questions, essays ``{}``, descriptions (no answer block), several
answer blocks, partial-credit short/numeric answers, several numeric answers, and any syntax
error, each with the line where its question starts.

Dropped silently (our question shape has nowhere to put them): per-answer feedback on short
answer and numeric questions.

This module must never: import Django, touch the database, evaluate anything from the file, or
raise on bad input (every problem becomes a ``GiftError``).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

__all__ = ["MAX_GIFT_CHARS", "GiftError", "GiftResult", "parse"]

#: Refuse files larger than this (characters); a quiz bank is far smaller.
MAX_GIFT_CHARS = 2_000_000
BLANK = "_____"
TITLE_FROM_PROMPT_CHARS = 80

# Escaped characters are swapped for private-use code points before parsing, then restored.
_ESCAPABLE = "\\~=#{}:n"
_PLACEHOLDER = {ch: chr(0xE000 + i) for i, ch in enumerate(_ESCAPABLE)}
_RESTORE = str.maketrans({ph: ("\n" if ch == "n" else ch) for ch, ph in _PLACEHOLDER.items()})
_ESCAPE_RE = re.compile(r"\\([\\~=#{}:n])")

_CATEGORY_RE = re.compile(r"^\s*\$CATEGORY:\s*(.*)$", re.IGNORECASE)
_TITLE_RE = re.compile(r"^\s*::(.*?)::", re.DOTALL)
_FORMAT_RE = re.compile(r"^\s*\[(?:html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT_RE = re.compile(r"^\s*%(-?\d+(?:\.\d+)?)%")
_TRUE_FALSE_RE = re.compile(r"^(T|TRUE|F|FALSE)\s*(#.*)?$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class GiftError:
    """A problem in the file: ``line`` is 1-based, where the faulty question starts."""

    line: int
    message: str


@dataclass
class GiftResult:
    questions: list[dict] = field(default_factory=list)
    errors: list[GiftError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file may be imported (no errors)."""
        return not self.errors


class _Invalid(Exception):
    """A syntax error in one question; becomes a ``GiftError`` at the question's line."""


def parse(text: str | bytes) -> GiftResult:
    """Parse a GIFT document. Never raises on bad input; see the module docstring."""
    result = GiftResult()
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = text.count(b"\n", 0, exc.start) + 1
            result.errors.append(GiftError(line, "the file is not UTF-8 text"))
            return result
    if len(text) > MAX_GIFT_CHARS:
        result.errors.append(GiftError(1, f"the file is larger than {MAX_GIFT_CHARS} characters"))
        return result
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_RE.sub(lambda m: _PLACEHOLDER[m.group(1)], text)

    tags: list[str] = []
    for start, lines in _blocks(text.split("\n")):
        category = _CATEGORY_RE.match(lines[0][1])
        if category:
            tags = _category_tags(category.group(1))
            lines = lines[1:]
            if not lines:
                continue
            start = lines[0][0]
        try:
            question = _parse_question("\n".join(line for _, line in lines))
        except _Invalid as exc:
            result.errors.append(GiftError(start, str(exc)))
            continue
        question["tags"] = list(tags)
        result.questions.append(question)
    return result


def _blocks(lines: list[str]):
    """Yield ``(first line number, [(line number, text)])`` for each blank-line-separated block.

    Comment lines (``//`` at the start, after optional spaces) are removed first, as Moodle
    does; they do not separate questions.
    """
    block: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if not stripped:
            if block:
                yield block[0][0], block
                block = []
            continue
        block.append((number, line))
    if block:
        yield block[0][0], block


def _category_tags(path: str) -> list[str]:
    parts = [_unescape(p).strip() for p in path.split("/")]
    return [p for p in parts if p and not p.startswith("$") and p.lower() != "top"]


def _unescape(s: str) -> str:
    return s.translate(_RESTORE)


def _clean(s: str) -> str:
    return _unescape(s.strip()).strip()


def _parse_question(block: str) -> dict:
    title = ""
    match = _TITLE_RE.match(block)
    if match:
        title = _clean(match.group(1))
        block = block[match.end() :]
    elif block.lstrip().startswith("::"):
        raise _Invalid("the title is not closed: write ::title:: before the question")
    block = _FORMAT_RE.sub("", block, count=1)

    close_before = block.find("}")
    opening = block.find("{")
    if opening == -1:
        if close_before != -1:
            raise _Invalid("'}' without a matching '{' (write \\} for a literal brace)")
        raise _Invalid(
            "no answer block {…}: descriptions are not supported "
            "(or the question was split by a blank line)"
        )
    if -1 < close_before < opening:
        raise _Invalid("'}' without a matching '{' (write \\} for a literal brace)")
    closing = block.find("}", opening + 1)
    if closing == -1:
        raise _Invalid(
            "the answer block '{' is not closed; a question must not contain blank lines "
            "(write \\n for a line break)"
        )
    body = block[opening + 1 : closing]
    if "{" in body:
        raise _Invalid("'{' inside an answer block (write \\{ for a literal brace)")
    after = block[closing + 1 :]
    if "{" in after or "}" in after:
        raise _Invalid("only one answer block per question is supported")

    before = _clean(block[:opening])
    after = _clean(after)
    prompt = f"{before} {BLANK} {after}" if after else before
    if not prompt:
        raise _Invalid("the question text is empty")
    if not title:
        first_line = prompt.split("\n", 1)[0]
        title = first_line[:TITLE_FROM_PROMPT_CHARS]

    question: dict = {
        "id": str(uuid.uuid4()),
        "title": title,
        "prompt": prompt,
        "points": 1,
        "feedback": "",
        "explanation": "",
    }
    question.update(_parse_answers(body))
    return question


def _parse_answers(body: str) -> dict:
    explanation = ""
    general = body.find("####")
    if general != -1:
        explanation = _clean(body[general + 4 :])
        body = body[:general]
    stripped = body.strip()
    if not stripped:
        raise _Invalid("essay questions {} are not supported")
    if stripped.startswith("#"):
        fields = _parse_numeric(stripped[1:])
    elif _TRUE_FALSE_RE.match(stripped):
        fields = _parse_true_false(stripped)
    else:
        fields = _parse_choices(stripped)
    fields["explanation"] = explanation
    return fields


def _parse_true_false(stripped: str) -> dict:
    parts = stripped.split("#")
    if len(parts) > 3:
        raise _Invalid("a true/false question takes at most two feedbacks: {T#wrong#right}")
    answer = parts[0].strip().upper() in ("T", "TRUE")
    wrong = _clean(parts[1]) if len(parts) > 1 else ""
    right = _clean(parts[2]) if len(parts) > 2 else ""
    return {
        "type": "true_false",
        "answer": answer,
        "feedback_true": right if answer else wrong,
        "feedback_false": wrong if answer else right,
    }


def _decimal(text: str, what: str) -> Decimal:
    raw = _unescape(text).strip()
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise _Invalid(f"{what} {raw!r} is not a number") from None
    if not number.is_finite() or not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", raw):
        raise _Invalid(f"{what} {raw!r} is not a plain number such as 12.5")
    return number


def _parse_numeric(spec: str) -> dict:
    spec = spec.strip()
    if spec.startswith("="):
        answers = spec[1:].split("=")
        if len(answers) > 1:
            raise _Invalid("numeric questions with several answers are not supported")
        spec = answers[0]
    weight = _WEIGHT_RE.match(spec)
    if weight:
        if Decimal(weight.group(1)) != 100:
            raise _Invalid("partial-credit numeric answers are not supported")
        spec = spec[weight.end() :]
    spec = spec.split("#", 1)[0].strip()
    if not spec:
        raise _Invalid("the numeric answer is empty: write {#12.5:0.5}")
    if ".." in spec:
        low_text, high_text = spec.split("..", 1)
        low = _decimal(low_text, "the range start")
        high = _decimal(high_text, "the range end")
        if low > high:
            raise _Invalid("the range start is larger than its end")
        value, tolerance = (low + high) / 2, (high - low) / 2
    elif ":" in spec:
        value_text, tolerance_text = spec.split(":", 1)
        value = _decimal(value_text, "the numeric answer")
        tolerance = _decimal(tolerance_text, "the tolerance")
        if tolerance < 0:
            raise _Invalid("the tolerance must not be negative")
    else:
        value, tolerance = _decimal(spec, "the numeric answer"), Decimal(0)
    return {"type": "numeric", "value": _number_text(value), "tolerance": _number_text(tolerance)}


def _number_text(number: Decimal) -> str:
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _split_answers(stripped: str) -> list[tuple[str, str]]:
    """Split ``=a#fb ~b`` into ``[("=", "a#fb "), ("~", "b")]``."""
    if stripped[0] not in "=~":
        raise _Invalid("each answer must start with = (right) or ~ (wrong)")
    answers = []
    for match in re.finditer(r"([=~])([^=~]*)", stripped):
        answers.append((match.group(1), match.group(2)))
    return answers


def _answer_parts(raw: str) -> tuple[Decimal | None, str, str]:
    weight = None
    match = _WEIGHT_RE.match(raw)
    if match:
        weight = Decimal(match.group(1))
        raw = raw[match.end() :]
    text, _, feedback = raw.partition("#")
    text = _clean(text)
    if not text:
        raise _Invalid("an answer is empty")
    return weight, text, _clean(feedback)


def _parse_choices(stripped: str) -> dict:
    answers = _split_answers(stripped)
    if any("->" in raw for _, raw in answers):
        raise _Invalid("matching questions are not supported")
    markers = {marker for marker, _ in answers}
    parsed = [(marker, *_answer_parts(raw)) for marker, raw in answers]

    if "~" not in markers:
        if any(weight is not None and weight != 100 for _, weight, _, _ in parsed):
            raise _Invalid("partial-credit short answers are not supported")
        return {"type": "short_text", "accepted": [text for _, _, text, _ in parsed]}

    if "=" in markers:
        if any(
            weight is not None and marker == "~" and weight > 0 for marker, weight, _, _ in parsed
        ):
            raise _Invalid(
                "partial credit in a single-answer question is not supported; "
                "use ~%n% weights on every answer for a multiple-answer question"
            )
        choices = [
            _choice(text, marker == "=" and (weight is None or weight > 0), feedback)
            for marker, weight, text, feedback in parsed
        ]
        if not any(choice["correct"] for choice in choices):
            raise _Invalid("no right answer: mark one answer with =")
        return {"type": "single", "choices": choices}

    choices = [
        _choice(text, weight is not None and weight > 0, feedback)
        for _, weight, text, feedback in parsed
    ]
    if not any(choice["correct"] for choice in choices):
        raise _Invalid("no right answer: mark it with = or give it a positive weight such as ~%50%")
    return {"type": "multiple", "scoring": "partial", "choices": choices}


def _choice(text: str, correct: bool, feedback: str) -> dict:
    return {"id": str(uuid.uuid4()), "text": text, "correct": correct, "feedback": feedback}
