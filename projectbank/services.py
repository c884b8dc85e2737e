"""Writes of the project bank. Keyword-only, atomic, safe under double clicks and replays.

``unlock_templates_for`` is the named operation of the "Unlock" flow: check the rules the
learner now meets → write one ``Unlock`` per template (unique constraint, IntegrityError
fallback) → log.
"""

import logging
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from progress.models import CourseState

from . import finance
from .models import (
    BankProject,
    EconomicModelTemplate,
    PlanVersion,
    ProjectIdea,
    ProjectPlan,
    Region,
    Unlock,
    UnlockRule,
)
from .selectors import is_unlocked

log = logging.getLogger(__name__)


def _completed_course_keys(user) -> set[str]:
    # A read of progress's table (never a write): which courses this learner has completed.
    return {
        str(key)
        for key in CourseState.objects.filter(user=user, completed_at__isnull=False).values_list(
            "course_key", flat=True
        )
    }


def unlock_templates_for(*, user, course_key: UUID) -> list[Unlock]:
    """Unlock every template whose rule the learner meets now that ``course_key`` is done.

    Returns the unlocks created by this call (none when replayed). Existing unlocks are never
    touched, so later course edits cannot take a model away.
    """
    key = str(course_key)
    rules = [
        rule
        for rule in UnlockRule.objects.select_related("template")
        if key in {str(k) for k in rule.course_keys}
    ]
    if not rules:
        return []
    completed = _completed_course_keys(user) | {key}
    created: list[Unlock] = []
    for rule in rules:
        keys = {str(k) for k in rule.course_keys}
        if rule.mode == UnlockRule.Mode.ALL and not keys <= completed:
            continue
        try:
            with transaction.atomic():
                unlock, new = Unlock.objects.get_or_create(
                    user=user, template=rule.template, defaults={"rule": rule}
                )
        except IntegrityError:  # a concurrent delivery of the same signal won
            continue
        if new:
            created.append(unlock)
            log.info("unlocked template %s for user %s", rule.template.code, user.pk)
    return created


class NotUnlockedError(Http404):
    """The learner has no unlock for this template: the answer is 404, as for a missing one."""


def copy_template_to_plan(
    *,
    user,
    template: EconomicModelTemplate,
    name: str = "",
    project: BankProject | None = None,
    region: Region | None = None,
) -> ProjectPlan:
    """Snapshot a published, unlocked template version into a new plan (version 1)."""
    if not template.is_published or not is_unlocked(user=user, template=template):
        raise NotUnlockedError
    with transaction.atomic():
        plan = ProjectPlan.objects.create(
            owner=user,
            name=(name or template.title)[:120],
            template=template,
            template_version=template.version,
            project=project,
            region=region,
            inputs=template.plan,
        )
        _add_version(plan, template.plan)
    return plan


def _add_version(plan: ProjectPlan, inputs: dict) -> PlanVersion:
    result = finance.compute(finance.inputs_from_dict(inputs))
    number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return PlanVersion.objects.create(
        plan=plan, number=number, inputs=inputs, npv=finance.display(result.npv)
    )


def save_plan(
    *,
    plan: ProjectPlan,
    inputs: dict,
    name: str,
    project: BankProject | None,
    region: Region | None,
) -> PlanVersion:
    """Save new inputs as the plan's next version. Raises ``finance.PlanValidationError``
    (nothing written) when the inputs do not compute — an unbalanced plan above all."""
    finance.compute(finance.inputs_from_dict(inputs))  # raises before any write
    with transaction.atomic():
        locked = ProjectPlan.objects.select_for_update().get(pk=plan.pk)
        locked.inputs = inputs
        locked.name = name[:120]
        locked.project = project
        locked.region = region
        locked.save(update_fields=["inputs", "name", "project", "region", "updated_at"])
        version = _add_version(locked, inputs)
    plan.refresh_from_db()
    return version


def submit_idea(*, user, **fields) -> ProjectIdea:
    """A learner or cooperative proposes an idea; it waits for staff review."""
    return ProjectIdea.objects.create(proposer=user, status=ProjectIdea.Status.SUBMITTED, **fields)


class IdeaAlreadyReviewedError(ValueError):
    pass


def publish_idea(*, idea: ProjectIdea, note: str = "") -> BankProject:
    """Publish an idea into the bank as a new project (its text in both language fields until
    staff translate it). Once only: the idea row is locked and must still be waiting."""
    with transaction.atomic():
        locked = ProjectIdea.objects.select_for_update().get(pk=idea.pk)
        if locked.status != ProjectIdea.Status.SUBMITTED:
            raise IdeaAlreadyReviewedError(locked.status)
        project = BankProject.objects.create(
            external_id=f"IDEA{locked.pk:05d}",
            title_ar=locked.title,
            title_fr=locked.title,
            summary_ar=locked.summary,
            summary_fr=locked.summary,
            sector=locked.sector,
            target_group=locked.target_group,
            investment=locked.investment or 0,
            jobs=locked.jobs or 0,
            source="proposal",
            status=BankProject.Status.PUBLISHED,
            illustrative=False,
        )
        project.regions.set([locked.region])
        locked.status = ProjectIdea.Status.PUBLISHED
        locked.bank_project = project
        locked.review_note = note
        locked.reviewed_at = timezone.now()
        locked.save(update_fields=["status", "bank_project", "review_note", "reviewed_at"])
    idea.refresh_from_db()
    return project


def reject_idea(*, idea: ProjectIdea, note: str) -> None:
    with transaction.atomic():
        locked = ProjectIdea.objects.select_for_update().get(pk=idea.pk)
        if locked.status != ProjectIdea.Status.SUBMITTED:
            raise IdeaAlreadyReviewedError(locked.status)
        locked.status = ProjectIdea.Status.REJECTED
        locked.review_note = note
        locked.reviewed_at = timezone.now()
        locked.save(update_fields=["status", "review_note", "reviewed_at"])
    idea.refresh_from_db()


def delete_plan(*, user, plan_id: int) -> bool:
    """Delete one of ``user``'s plans and its versions; another learner's plan is not found."""
    deleted, _ = ProjectPlan.objects.filter(pk=plan_id, owner=user).delete()
    return bool(deleted)
