"""Background work of the cooperatives app (Django tasks API; the worker is ``db_worker``).

Tasks take ids, never tokens or personal data: an invitation's token is drawn by the task
that sends it, so it never sits in the task queue.
"""

from django_tasks import task

from . import services


@task()
def send_invitation(invitation_id: int) -> bool:
    return services.rotate_and_send_invitation(invitation_id=invitation_id)


@task()
def enrol_members(cooperative_id: int, course_key: str) -> int:
    return services.enrol_active_members(cooperative_id=cooperative_id, course_key=course_key)


@task()
def send_reminders(cooperative_id: int) -> int:
    return services.send_stalled_reminders(cooperative_id=cooperative_id)
