"""Certificates for tests: a course completed the real way (every lesson done through
``progress.services``, so ``course_completed`` fires and the certificate is issued)."""

from django.test import TestCase

from courses.selectors import course_outline
from courses.services import enrol
from progress.services import mark_item_complete
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course


def complete_course(user, course, *, items=None):
    """Mark every learning item of ``course`` done for ``user`` (in that language), running the
    after-commit work (``course_completed``, the certificate's renders and email) as a real
    commit would."""
    enrol(user=user, course=course)
    outline = course_outline(course=course)
    results = []
    with TestCase.captureOnCommitCallbacks(execute=True):
        for item in items if items is not None else outline.items:
            results.append(
                mark_item_complete(
                    user=user, item_key=item.translation_key, course=course, outline=outline
                )
            )
    return results


def certified_learner(*, name="محمد بن علي", slug="course", translate=True, **user_fields):
    """A learner who completed a two-module course (ar + fr): returns (tree, user)."""
    tree = build_course(slug=slug, modules=(1, 1), translate=translate, code="C1")
    user = UserFactory(full_name=name, **user_fields)
    complete_course(user, tree.course)
    return tree, user
