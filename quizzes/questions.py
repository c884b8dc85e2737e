"""StreamField ↔ plain question dicts.

``plain_question`` turns one question block (or a bank question) into exactly the dict shape
``quizzes.grading`` reads; ``raw_block`` does the reverse for imports and the demo loader.
``questions_for_attempt`` builds the list an attempt serves: the quiz's own questions, the
bank questions it names, and the random draws (fixed by the attempt's seed).

This module must never hand its dicts to a template before the attempt is submitted: they
hold the answer key. Learner pages get ``grading.public_question`` only.
"""

from __future__ import annotations

import random
import uuid
from decimal import Decimal

CHOICE_NAMESPACE = uuid.UUID("0c6f7f1e-5f8e-4a53-9d0e-6a1c2b7d9e40")
QUESTION_TYPES = ("single", "multiple", "true_false", "numeric", "short_text", "ordering")


def _number(value) -> str:
    if value is None or value == "":
        return "0"
    text = format(Decimal(str(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _list_ids(list_value, question_id: str, what: str) -> list[tuple[str, object]]:
    """(id, value) for each ListBlock item; items saved before ids existed get a derived id."""
    children = getattr(list_value, "bound_blocks", None)
    if children is None:  # a plain list
        return [
            (str(uuid.uuid5(CHOICE_NAMESPACE, f"{question_id}/{what}/{i}")), v)
            for i, v in enumerate(list_value)
        ]
    return [
        (child.id or str(uuid.uuid5(CHOICE_NAMESPACE, f"{question_id}/{what}/{i}")), child.value)
        for i, child in enumerate(children)
    ]


def plain_question(block_type: str, value, block_id: str) -> dict:
    """One question block's value as a grading dict (answer key included)."""
    question = {
        "id": str(block_id),
        "type": block_type,
        "prompt": str(value.get("prompt") or ""),
        "points": str(value.get("points") if value.get("points") is not None else 1),
        "feedback": str(value.get("feedback") or ""),
        "explanation": str(value.get("explanation") or ""),
    }
    if block_type in ("single", "multiple"):
        question["choices"] = [
            {
                "id": cid,
                "text": str(choice.get("text") or ""),
                "correct": bool(choice.get("correct")),
                "feedback": str(choice.get("feedback") or ""),
            }
            for cid, choice in _list_ids(value.get("choices") or [], question["id"], "choice")
        ]
        if block_type == "multiple":
            question["scoring"] = value.get("scoring") or "all_or_nothing"
    elif block_type == "true_false":
        question["answer"] = bool(value.get("answer"))
    elif block_type == "numeric":
        question["value"] = _number(value.get("value"))
        question["tolerance"] = _number(value.get("tolerance"))
    elif block_type == "short_text":
        question["accepted"] = [str(a) for a in (value.get("accepted") or []) if str(a).strip()]
    elif block_type == "ordering":
        question["items"] = [
            {"id": iid, "text": str(text)}
            for iid, text in _list_ids(value.get("items") or [], question["id"], "item")
        ]
    return question


def raw_block(question: dict) -> dict:
    """A grading/GIFT question dict as raw StreamField data (keeps the question and choice ids)."""
    kind = question["type"]
    value: dict = {
        "prompt": question.get("prompt", ""),
        "points": int(Decimal(str(question.get("points", 1)))),
        "feedback": question.get("feedback", ""),
        "explanation": question.get("explanation", ""),
    }
    if kind in ("single", "multiple"):
        value["choices"] = [
            {
                "type": "item",
                "id": choice["id"],
                "value": {
                    "text": choice.get("text", ""),
                    "correct": bool(choice.get("correct")),
                    "feedback": choice.get("feedback", ""),
                },
            }
            for choice in question["choices"]
        ]
        if kind == "multiple":
            value["scoring"] = question.get("scoring", "all_or_nothing")
    elif kind == "true_false":
        value["answer"] = bool(question.get("answer"))
        # GIFT's per-value feedback has no field of its own here: keep it as feedback.
        extra = [question.get("feedback_true"), question.get("feedback_false")]
        if not value["feedback"]:
            value["feedback"] = " ".join(t for t in extra if t)
    elif kind == "numeric":
        value["value"] = question.get("value", "0")
        value["tolerance"] = question.get("tolerance", "0")
    elif kind == "short_text":
        value["accepted"] = [
            {
                "type": "item",
                "id": str(uuid.uuid5(CHOICE_NAMESPACE, f"{question['id']}/a/{i}")),
                "value": text,
            }
            for i, text in enumerate(question.get("accepted", []))
        ]
    elif kind == "ordering":
        value["items"] = [
            {"type": "item", "id": item["id"], "value": item.get("text", "")}
            for item in question["items"]
        ]
    return {"type": kind, "value": value, "id": question["id"]}


def bank_plain_question(bank_question) -> dict | None:
    """The question a bank snippet holds (its first block), or None when it is empty."""
    for block in bank_question.question:
        return plain_question(block.block_type, block.value, block.id)
    return None


def questions_for_attempt(quiz, seed: str) -> list[dict]:
    """Every question an attempt of ``quiz`` serves, in authored order.

    Random draws are fixed by ``seed`` and never repeat a question the quiz already holds.
    One query per bank block at most, whatever the number of questions.
    """
    from .models import BankQuestion

    questions: list[dict] = []
    draws = []
    chosen_bank_ids = [
        b.value.pk for b in quiz.questions if b.block_type == "bank_question" and b.value
    ]
    for block in quiz.questions:
        if block.block_type in QUESTION_TYPES:
            questions.append(plain_question(block.block_type, block.value, block.id))
        elif block.block_type == "bank_question":
            if block.value is not None:
                question = bank_plain_question(block.value)
                if question is not None:
                    questions.append(question)
        elif block.block_type == "bank_draw":
            draws.append((len(questions), block))
    seen = {q["id"] for q in questions}
    offset = 0
    for position, block in draws:
        candidates = list(
            BankQuestion.objects.filter(locale_id=quiz.locale_id, tags__name=block.value["tag"])
            .exclude(pk__in=chosen_bank_ids)
            .order_by("pk")
            .distinct()
        )
        rng = random.Random(f"{seed}:draw:{block.id}")
        rng.shuffle(candidates)
        drawn = []
        for candidate in candidates:
            if len(drawn) >= block.value["count"]:
                break
            question = bank_plain_question(candidate)
            if question is None or question["id"] in seen:
                continue
            seen.add(question["id"])
            drawn.append(question)
        questions[position + offset : position + offset] = drawn
        offset += len(drawn)
    return questions
