"""Learning events as xAPI 1.0.3 statements (ADL verbs), queued in the outbox.

``statement_for`` is pure: an event in, a statement dict out. The actor is the learner's account
on the academy (``{"homePage": XAPI_PLATFORM_IRI, "name": "<user id>"}``): pseudonymous, never
a name, email or phone. Activities are identified by the pages' translation keys, so a lesson
is the same activity in every language. The statement id is a UUID derived from the event's
idempotency key: sending it again never makes a second statement in the LRS.

``queue`` writes the outbox row and enqueues the forwarding task after commit; it does nothing
while no LRS is configured (``XAPI_LRS_URL`` unset), so the learner's request never pays for it.
"""

import uuid
from urllib.parse import quote

from django.conf import settings
from django.db import transaction

from .models import LearningEvent, XapiStatement

#: Namespace of statement ids (uuid5 of the event's idempotency key).
STATEMENT_NAMESPACE = uuid.UUID("6f1c7a52-1b0e-4a53-9d55-8a2f3e6c9b10")

ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    LearningEvent.Verb.ENROLLED: (ADL + "registered", "registered"),
    LearningEvent.Verb.UNENROLLED: (ADL + "exited", "exited"),
    LearningEvent.Verb.VIEWED: (ADL + "experienced", "experienced"),
    LearningEvent.Verb.COMPLETED: (ADL + "completed", "completed"),
    LearningEvent.Verb.COURSE_COMPLETED: (ADL + "completed", "completed"),
    LearningEvent.Verb.ATTEMPTED: (ADL + "attempted", "attempted"),
    LearningEvent.Verb.PASSED: (ADL + "passed", "passed"),
    LearningEvent.Verb.FAILED: (ADL + "failed", "failed"),
    LearningEvent.Verb.ANSWERED: (ADL + "answered", "answered"),
}
ACTIVITY = "http://adlnet.gov/expapi/activities/"
QUIZ_VERBS = {LearningEvent.Verb.ATTEMPTED, LearningEvent.Verb.PASSED, LearningEvent.Verb.FAILED}
#: Our question types as xAPI (cmi) interaction types.
INTERACTIONS = {
    "single": "choice",
    "multiple": "choice",
    "true_false": "true-false",
    "numeric": "numeric",
    "short_text": "fill-in",
    "ordering": "sequencing",
}


def enabled() -> bool:
    return bool(getattr(settings, "XAPI_LRS_URL", ""))


def statement_id(event: LearningEvent) -> uuid.UUID:
    return uuid.uuid5(STATEMENT_NAMESPACE, event.idempotency_key)


def _activity(kind: str, key, activity_type: str) -> dict:
    base = settings.XAPI_PLATFORM_IRI.rstrip("/")
    return {
        "objectType": "Activity",
        "id": f"{base}/xapi/activities/{kind}/{key}",
        "definition": {"type": ACTIVITY + activity_type},
    }


def _response_text(value) -> str:
    """An answer in the xAPI response format: ids joined by ``[,]``, ``true``/``false``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[,]".join(str(v) for v in value)
    return str(value)


def statement_for(event: LearningEvent) -> dict:
    """The xAPI statement of one learning event."""
    verb_id, verb_name = VERBS[event.verb]
    course = _activity("course", event.course_key, "course")
    data = event.data or {}
    is_quiz = event.verb in QUIZ_VERBS or data.get("source") == "quiz"
    if event.verb == LearningEvent.Verb.ANSWERED:
        # The question, an interaction of the quiz; the server's verdict, never the device's.
        quiz = _activity("quiz", event.item_key, "assessment")
        obj = _activity(
            "quiz",
            f"{event.item_key}/questions/{quote(data['question'], safe='')}",
            "cmi.interaction",
        )
        obj["definition"]["interactionType"] = INTERACTIONS[data["type"]]
        context = {"contextActivities": {"parent": [quiz], "grouping": [course]}}
    elif event.item_key and event.verb != LearningEvent.Verb.COURSE_COMPLETED:
        obj = (
            _activity("quiz", event.item_key, "assessment")
            if is_quiz
            else _activity("lesson", event.item_key, "lesson")
        )
        context = {"contextActivities": {"parent": [course]}}
    else:
        obj, context = course, {}
    context["platform"] = "Taawuniya Academy"
    statement = {
        "id": str(statement_id(event)),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": settings.XAPI_PLATFORM_IRI, "name": str(event.user_id)},
        },
        "verb": {"id": verb_id, "display": {"en-US": verb_name}},
        "object": obj,
        "context": context,
        "timestamp": event.occurred_at.isoformat(),
    }
    if event.verb == LearningEvent.Verb.ANSWERED:
        statement["result"] = {
            "success": bool(data["correct"]),
            "response": _response_text(data["response"]),
        }
    elif event.verb in (LearningEvent.Verb.PASSED, LearningEvent.Verb.FAILED):
        result = {"success": event.verb == LearningEvent.Verb.PASSED, "completion": True}
        if data.get("max_score") not in (None, "0", "0.00"):
            raw, top = float(data["score"]), float(data["max_score"])
            result["score"] = {"raw": raw, "min": 0.0, "max": top, "scaled": round(raw / top, 4)}
        statement["result"] = result
    elif event.verb in (LearningEvent.Verb.COMPLETED, LearningEvent.Verb.COURSE_COMPLETED):
        statement["result"] = {"completion": True}
    return statement


def queue(event: LearningEvent) -> XapiStatement | None:
    """Put the event's statement in the outbox and forward it after commit (no-op when no LRS
    is configured). Idempotent: an event has at most one outbox row."""
    if not enabled():
        return None
    from .tasks import forward_statement

    row, created = XapiStatement.objects.get_or_create(
        event=event,
        defaults={"statement_id": statement_id(event), "statement": statement_for(event)},
    )
    if created:
        transaction.on_commit(lambda: forward_statement.enqueue(row.pk))
    return row
