"""Decode a learner's answers from a request, and say what went wrong in their language.

Form posts name each answer ``q-<question id>``; every other field (the CSRF token, buttons,
and anything a client adds such as ``score`` or ``user``) is ignored. A JSON body
``{"answers": {question_id: value}}`` is accepted too, with duplicate keys kept so that
``grading`` can refuse them.

This module must never decide whether an answer is right: it only turns HTTP into the raw
shape ``grading.validate_responses`` checks.
"""

from __future__ import annotations

import json

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.utils.translation import gettext_lazy as _

from .grading import ResponseError

ANSWER_PREFIX = "q-"
MAX_JSON_BYTES = 200_000
LIST_TYPES = ("multiple", "ordering")

#: ``grading.ERROR_CODES`` in the learner's language.
RESPONSE_MESSAGES = {
    "empty": _("The submission is empty."),
    "invalid_body": _("The submission must be a set of answers keyed by question."),
    "too_many_answers": _("There are more answers than questions or choices."),
    "unknown_question": _("An answer refers to a question that is not in this quiz."),
    "duplicate_question": _("The same question is answered more than once."),
    "missing_answer": _("A question has not been answered."),
    "expected_single": _("This question takes one answer, not a list."),
    "expected_list": _("This question takes a list of answers."),
    "invalid_value": _("This answer has the wrong kind of value."),
    "unknown_choice": _("An answer refers to a choice that is not part of this question."),
    "duplicate_choice": _("The same choice is given more than once."),
    "incomplete_order": _("Every step must be placed exactly once."),
    "not_a_boolean": _("Answer true or false."),
    "not_a_number": _("Enter a number, such as 12 or 12.5."),
    "too_long": _("The answer is too long."),
}


def message_for(error: ResponseError) -> str:
    return str(RESPONSE_MESSAGES.get(error.code, RESPONSE_MESSAGES["invalid_body"]))


def answers_from_request(request, served: list[dict]):
    """The raw answers in ``request`` as (question id, value) pairs, or ``None`` when there
    are none at all. Raises ``ResponseError`` for a body that cannot be read."""
    if request.content_type == "application/json":
        return _from_json(request)
    try:
        items = list(request.POST.lists())
    except (TooManyFieldsSent, RequestDataTooBig):
        raise ResponseError("too_many_answers") from None
    kinds = {q["id"]: q["type"] for q in served}
    pairs = []
    for key, values in items:
        if not key.startswith(ANSWER_PREFIX):
            continue
        qid = key[len(ANSWER_PREFIX) :]
        kind = kinds.get(qid)
        if kind in LIST_TYPES:
            # An ordering with a step left unplaced is not answered yet.
            unplaced = kind == "ordering" and any(not v for v in values)
            value = None if unplaced else list(values)
        elif len(values) == 1:
            value = values[0] if values[0].strip() else None
        else:
            value = list(values)
        pairs.append((qid, value))
    return pairs or None


class _Object(list):
    """A JSON object kept as its (key, value) pairs, duplicates included."""


def _from_json(request):
    try:
        body = request.body
    except RequestDataTooBig:
        raise ResponseError("too_many_answers") from None
    if not body:
        return None
    if len(body) > MAX_JSON_BYTES:
        raise ResponseError("too_many_answers")
    try:
        data = json.loads(body, object_pairs_hook=_Object)
    except (ValueError, RecursionError):
        raise ResponseError("invalid_body") from None
    if not isinstance(data, _Object):
        raise ResponseError("invalid_body")
    answers = [value for key, value in data if key == "answers"]
    if len(answers) != 1 or not isinstance(answers[0], _Object):
        raise ResponseError("invalid_body")
    return [tuple(pair) for pair in answers[0]] or None
