"""Background work of the progress app: forwarding xAPI statements to the LRS.

``forward_statement`` PUTs one statement (``?statementId=`` makes a retry idempotent at the
LRS). On failure it is retried with exponential backoff (``BACKOFF_BASE * 2**attempts``, at
most ``BACKOFF_CAP``) when the task backend can defer work (the database backend); after
``XAPI_MAX_ATTEMPTS`` the row is marked failed. ``manage.py xapi_forward`` sends every due row
again, in batches (e.g. from cron, or after an LRS outage).
"""

import base64
import datetime as dt
import json
import logging
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from .models import XapiStatement

log = logging.getLogger(__name__)

BACKOFF_BASE = dt.timedelta(seconds=30)
BACKOFF_CAP = dt.timedelta(hours=6)
TIMEOUT_SECONDS = 10
#: Statements per request when ``forward_due`` sends what is waiting.
BATCH_SIZE = 100
XAPI_VERSION = "1.0.3"


class LrsError(Exception):
    pass


def backoff(attempts: int) -> dt.timedelta:
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def _lrs_request(method: str, body, query: str = "") -> urllib.request.Request:
    """A request to the configured LRS's ``statements`` resource, with its credentials."""
    url = settings.XAPI_LRS_URL.rstrip("/") + "/statements" + (f"?{query}" if query else "")
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method=method,
        headers={"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION},
    )
    if settings.XAPI_LRS_USERNAME:
        pair = f"{settings.XAPI_LRS_USERNAME}:{settings.XAPI_LRS_PASSWORD}".encode()
        request.add_header("Authorization", "Basic " + base64.b64encode(pair).decode())
    return request


def send_to_lrs(statement: dict) -> None:
    """PUT one statement to the configured LRS; raises ``LrsError`` unless it is stored."""
    query = urllib.parse.urlencode({"statementId": statement["id"]})
    request = _lrs_request("PUT", statement, query)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as exc:
        if exc.code == 409:  # the LRS already holds this statement id: delivered before
            return
        detail = exc.read(200).decode(errors="replace")
        raise LrsError(f"HTTP {exc.code}: {detail}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise LrsError(str(exc)) from exc
    if status not in (200, 204):
        raise LrsError(f"HTTP {status}")


def post_batch_to_lrs(statements: list[dict]) -> None:
    """POST several statements in one request (what ``forward_due`` does); raises ``LrsError``
    unless the LRS stored them all."""
    request = _lrs_request("POST", statements)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            if response.status != 200:
                raise LrsError(f"HTTP {response.status}")
    except urllib.error.HTTPError as exc:
        raise LrsError(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise LrsError(str(exc)) from exc


def deliver(row_id: int) -> str:
    """Try once to deliver an outbox row; returns its status afterwards."""
    with transaction.atomic():
        row = XapiStatement.objects.select_for_update().filter(pk=row_id).first()
        if row is None or row.status != XapiStatement.Status.PENDING:
            return row.status if row else "missing"
        row.attempts += 1
        try:
            send_to_lrs(row.statement)
        except LrsError as exc:
            row.last_error = str(exc)[:300]
            if row.attempts >= settings.XAPI_MAX_ATTEMPTS:
                row.status = XapiStatement.Status.FAILED
                row.next_attempt_at = None
                log.warning("xAPI statement %s failed for good: %s", row.statement_id, exc)
            else:
                row.next_attempt_at = timezone.now() + backoff(row.attempts)
        else:
            row.status = XapiStatement.Status.SENT
            row.sent_at = timezone.now()
            row.next_attempt_at = None
            row.last_error = ""
        row.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at", "last_error"])
    if row.status == XapiStatement.Status.PENDING and default_task_backend.supports_defer:
        forward_statement.using(run_after=row.next_attempt_at).enqueue(row.pk)
    return row.status


@task()
def forward_statement(row_id: int) -> str:
    return deliver(row_id)


def forward_due(*, limit: int = 1000) -> dict[str, int]:
    """Deliver every pending row whose retry time has come (or that never ran): in batches of
    ``BATCH_SIZE`` statements per request; a batch the LRS refuses is retried row by row, so
    that one bad statement (or one the LRS already holds) does not hold the others back."""
    from django.db.models import Q

    now = timezone.now()
    rows = list(
        XapiStatement.objects.filter(status=XapiStatement.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("pk")
        .values_list("pk", "statement")[:limit]
    )
    counts: dict[str, int] = {}
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        try:
            post_batch_to_lrs([statement for _pk, statement in batch])
        except LrsError:
            for row_id, _statement in batch:
                status = deliver(row_id)
                counts[status] = counts.get(status, 0) + 1
            continue
        ids = [row_id for row_id, _statement in batch]
        sent = XapiStatement.objects.filter(pk__in=ids, status=XapiStatement.Status.PENDING).update(
            status=XapiStatement.Status.SENT,
            sent_at=timezone.now(),
            next_attempt_at=None,
            last_error="",
        )
        counts["sent"] = counts.get("sent", 0) + sent
    return counts
