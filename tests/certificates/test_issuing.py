"""Issuing: completing a course issues one valid certificate, with a snapshot, for eligible
learners only; never two valid ones for a learner and course; a revocation is not undone."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from certificates import services
from certificates.models import PDF_LANGUAGES, Certificate, CertificateFile
from progress.models import Completion, CourseState
from progress.signals import course_completed
from quizzes.models import QuizRecord
from tests.factories.accounts import UserFactory
from tests.factories.certificates import certified_learner, complete_course
from tests.factories.courses import build_course
from tests.factories.quizzes import add_quiz

pytestmark = pytest.mark.django_db


def deliver(user, course):
    """``course_completed`` again, as a replayed delivery would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        course_completed.send(
            sender=CourseState,
            user=user,
            course_key=course.translation_key,
            course=course,
            completed_at=timezone.now(),
        )


def test_completing_a_course_issues_one_certificate_with_a_snapshot():
    tree, user = certified_learner(name="محمد بن علي")
    certificate = Certificate.objects.get(user=user)
    assert certificate.status == Certificate.Status.VALID
    assert certificate.learner_name == "محمد بن علي"
    assert certificate.course_key == tree.course.translation_key
    assert certificate.course_titles == {"ar": "Course course", "fr": "Formation course"}
    assert certificate.course_code == "C1"
    assert certificate.hours == tree.course.estimated_hours
    state = CourseState.objects.get(user=user, course_key=tree.course.translation_key)
    assert certificate.completed_at == state.completed_at
    assert certificate.issuer["ar"] and certificate.issuer["fr"]
    assert certificate.credential["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    # Every PDF variant was rendered by the background task, once.
    assert sorted(CertificateFile.objects.values_list("language", flat=True)) == sorted(
        PDF_LANGUAGES
    )


def test_the_learner_is_told_by_email_when_they_have_an_address():
    _tree, user = certified_learner(email="fatima@example.ma")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fatima@example.ma"]
    certificate = Certificate.objects.get(user=user)
    assert certificate.grouped_code in message.body
    assert "/certificates/" in message.body


def test_a_phone_only_learner_gets_no_email_but_a_message_on_the_next_page(client):
    tree, user = certified_learner(email="", phone="+212612345678")
    assert mail.outbox == []
    client.force_login(user)
    page = client.get(tree.course.url).content.decode()
    assert "You earned a certificate" in page
    assert "Course course" in page
    # Once only.
    again = client.get(tree.course.url).content.decode()
    assert "You earned a certificate" not in again
    assert Certificate.objects.get(user=user).announced_at is not None


def test_later_edits_of_the_name_and_the_course_change_nothing_issued(client):
    tree, user = certified_learner(name="محمد بن علي")
    certificate = Certificate.objects.get(user=user)
    user.full_name = "Someone Else"
    user.save()
    tree.course.title = "A new title"
    tree.course.estimated_hours = 40
    tree.course.save_revision().publish()
    certificate.refresh_from_db()
    assert certificate.learner_name == "محمد بن علي"
    assert certificate.course_titles["ar"] == "Course course"
    page = client.get(f"/ar/verify/{certificate.grouped_code}/").content.decode()
    assert "محمد بن علي" in page and "Course course" in page
    assert "Someone Else" not in page and "A new title" not in page


def test_title_in_the_learners_preferred_language_else_the_language_completed_in():
    tree = build_course(modules=(1,), translate=True)
    prefers_fr = UserFactory(preferred_language="fr")
    complete_course(prefers_fr, tree.course)  # completed in Arabic
    assert Certificate.objects.get(user=prefers_fr).language == "fr"
    no_preference = UserFactory(preferred_language="")
    complete_course(no_preference, tree.fr_course)  # completed in French
    certificate = Certificate.objects.get(user=no_preference)
    assert certificate.language == "fr"
    assert certificate.title == "Formation course"


def test_replayed_deliveries_and_double_calls_keep_one_certificate():
    tree, user = certified_learner()
    first = Certificate.objects.get(user=user)
    deliver(user, tree.course)
    deliver(user, tree.fr_course)
    again = services.issue_certificate(user=user, course_key=tree.course.translation_key)
    assert again.pk == first.pk
    assert Certificate.objects.filter(user=user).count() == 1
    assert CertificateFile.objects.count() == len(PDF_LANGUAGES)


def test_the_database_refuses_a_second_valid_certificate():
    _tree, user = certified_learner()
    first = Certificate.objects.get(user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            user=user,
            course_key=first.course_key,
            language="ar",
            hours=1,
            completed_at=timezone.now(),
            issued_at=timezone.now(),
        )
    # A revoked one may sit beside a valid one (history).
    Certificate.objects.filter(pk=first.pk).update(status=Certificate.Status.REVOKED)
    Certificate.objects.create(
        user=user,
        course_key=first.course_key,
        language="ar",
        hours=1,
        completed_at=timezone.now(),
        issued_at=timezone.now(),
    )


def test_an_incomplete_course_issues_nothing():
    tree = build_course(modules=(2,))
    user = UserFactory()
    complete_course(user, tree.course, items=[])
    from courses.selectors import course_outline

    outline = course_outline(course=tree.course)
    complete_course(user, tree.course, items=outline.items[:1])
    assert services.issue_certificate(user=user, course_key=tree.course.translation_key) is None
    assert not Certificate.objects.exists()


def test_a_graded_quiz_not_passed_blocks_the_certificate():
    tree = build_course(modules=(1,))
    quiz = add_quiz(tree.modules[0])
    user = UserFactory()
    from courses.selectors import course_outline

    outline = course_outline(course=tree.course)
    complete_course(user, tree.course, items=[i for i in outline.items if i.kind == "lesson"])
    # A completion row for the quiz without a pass (e.g. written by hand): still not eligible.
    Completion.objects.create(
        user=user,
        item_key=quiz.translation_key,
        course_key=tree.course.translation_key,
        completed_at=timezone.now(),
    )
    verdict = services.eligibility(user=user, course_key=tree.course.translation_key)
    assert not verdict.eligible
    assert verdict.quizzes_not_passed == {quiz.translation_key}
    assert services.issue_certificate(user=user, course_key=tree.course.translation_key) is None
    QuizRecord.objects.create(user=user, quiz_key=quiz.translation_key, passed_at=timezone.now())
    assert services.eligibility(user=user, course_key=tree.course.translation_key).eligible
    assert services.issue_certificate(user=user, course_key=tree.course.translation_key)


def test_passing_the_last_quiz_through_the_site_issues_the_certificate(client):
    from courses.selectors import course_outline
    from tests.factories.quizzes import right_answers
    from tests.quizzes.helpers import start, url

    tree = build_course(modules=(1,))
    quiz = add_quiz(tree.modules[0])
    user = UserFactory()
    outline = course_outline(course=tree.course)
    complete_course(user, tree.course, items=[i for i in outline.items if i.kind == "lesson"])
    assert not Certificate.objects.exists()
    client.force_login(user)
    attempt = start(client, quiz)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url("submit", attempt), right_answers())
    assert response.status_code in (200, 302)
    assert Certificate.objects.filter(user=user, status="valid").count() == 1


def test_a_revoked_certificate_is_not_reissued_automatically():
    tree, user = certified_learner()
    certificate = Certificate.objects.get(user=user)
    staff = UserFactory(is_staff=True)
    services.revoke_certificate(certificate=certificate, by=staff, reason="Fraud")
    deliver(user, tree.course)
    assert services.issue_certificate(user=user, course_key=tree.course.translation_key) is None
    assert list(Certificate.objects.values_list("status", flat=True)) == ["revoked"]
