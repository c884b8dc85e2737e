"""Retries for background tasks (django-tasks has none): the convention every app's tasks follow.

It lives in the lowest app so that every app may use it; it knows nothing of any app.

Convention (deploy/README.md, "Background tasks"):

* A task takes ids, never objects or personal data, and is **idempotent**: running it twice has
  the effect of running it once (a unique constraint, a status checked under
  ``select_for_update``, a file overwritten in place, an idempotency key at the remote end).
  That is what makes retries, and re-running a task whose worker was killed
  (``manage.py check_tasks --requeue``), safe.
* A task that can fail for a passing reason (network, remote service) is wrapped::

      @task()
      @retrying(attempts=5, backoff=timedelta(seconds=30))
      def send_certificate_email(certificate_id: int) -> bool: ...

  On an exception listed in ``retry_on``, the attempt is re-enqueued to run after an exponential
  delay (``backoff * 2**(attempt-1)``, at most ``cap``), then the exception is raised again so
  this attempt's row is marked FAILED with its traceback. After ``attempts`` tries it is not
  re-enqueued: the failure stays visible to ``check_tasks`` and the admin.
"""

import datetime as dt
import functools
import logging

from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

ATTEMPT_KWARG = "_attempt"


def retry_delay(attempt: int, *, backoff: dt.timedelta, cap: dt.timedelta) -> dt.timedelta:
    return min(backoff * (2 ** max(attempt - 1, 0)), cap)


def retrying(
    *,
    attempts: int = 5,
    backoff: dt.timedelta = dt.timedelta(seconds=30),
    cap: dt.timedelta = dt.timedelta(hours=1),
    retry_on: tuple[type[BaseException], ...] = (Exception,),
):
    def decorate(func):
        path = f"{func.__module__}.{func.__qualname__}"

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            attempt = int(kwargs.pop(ATTEMPT_KWARG, 1))
            try:
                return func(*args, **kwargs)
            except retry_on as exc:
                if attempt >= attempts:
                    log.error("task %s failed for good after %s attempts", path, attempt)
                    raise
                delay = retry_delay(attempt, backoff=backoff, cap=cap)
                task = import_string(path)  # the Task object this function is registered as
                if task.get_backend().supports_defer and delay:
                    task = task.using(run_after=timezone.now() + delay)
                log.warning(
                    "task %s attempt %s failed (%s); retrying in %ss",
                    path,
                    attempt,
                    exc.__class__.__name__,
                    int(delay.total_seconds()),
                )
                task.enqueue(*args, **{**kwargs, ATTEMPT_KWARG: attempt + 1})
                raise

        return wrapper

    return decorate
