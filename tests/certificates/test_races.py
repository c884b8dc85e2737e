"""Two workers, a double click: concurrent issues of the same certificate, on PostgreSQL."""

import pytest

from certificates import services
from certificates.models import Certificate
from courses.selectors import course_outline
from courses.services import enrol
from progress.models import Completion, CourseState
from tests.concurrency import run_all_without_errors
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_eight_concurrent_issues_make_one_valid_certificate():
    from django.utils import timezone

    tree = build_course(modules=(1, 1), code="C1")
    learner = UserFactory(full_name="محمد بن علي")
    enrol(user=learner, course=tree.course)
    now = timezone.now()
    for item in course_outline(course=tree.course).items:
        Completion.objects.create(
            user=learner,
            item_key=item.translation_key,
            course_key=tree.course.translation_key,
            completed_at=now,
        )
    CourseState.objects.update_or_create(
        user=learner, course_key=tree.course.translation_key, defaults={"completed_at": now}
    )

    def issue():
        return services.issue_certificate(user=learner, course_key=tree.course.translation_key).pk

    results = run_all_without_errors([issue] * 8)
    assert len(set(results)) == 1
    assert Certificate.objects.filter(user=learner, status="valid").count() == 1
    assert Certificate.objects.count() == 1


def test_concurrent_reissues_leave_one_valid_certificate():
    from django.utils import timezone

    tree = build_course(modules=(1,), code="C1")
    learner = UserFactory()
    staff = UserFactory(is_staff=True)
    now = timezone.now()
    first = Certificate.objects.create(
        user=learner,
        course_key=tree.course.translation_key,
        language="ar",
        hours=2,
        completed_at=now,
        issued_at=now,
        course_titles={"ar": "x"},
    )

    def reissue():
        try:
            return services.reissue_certificate(certificate=first, by=staff, reason="r").pk
        except services.CertificateError:
            return None

    results = run_all_without_errors([reissue] * 4)
    assert len([r for r in results if r]) == 1
    assert Certificate.objects.filter(user=learner, status="valid").count() == 1
