"""The demo cooperative: an argan cooperative of Souss-Massa managed by the demo cooperative
manager, eight members with varied progress in C1 (six of nine finished it, so it carries the
"trained cooperative" mark), C2 assigned with a target date, one pending invitation; and a
crowd of demo learners across regions so that the office's territorial figures show numbers
(and hidden small cells).

Progress is written through the real services (enrolment, completions, quiz attempts graded by
the quiz engine), back-dated so that the dashboard shows last activity, stalled members and
lesson times. Idempotent: nothing is done when the cooperative exists. Demo people have no
password: they cannot log in.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from courses.models import CoursePage
from courses.services import enrol
from progress.services import mark_item_complete, record_event
from quizzes import services as quiz_services
from quizzes.models import QuizPage

from .models import Cooperative, CourseAssignment, Invitation, Membership
from .services import _new_token

REGISTER_NUMBER = "DEMO-TZN-2019-014"

# (full name, phone, gender, share of C1 items done, days since last activity)
MEMBERS = [
    ("Amina Ouhammou", "+212661000101", "female", 1.0, 30),
    ("Brahim Aït Lahcen", "+212661000102", "male", 1.0, 25),
    ("Fadma Boutaleb", "+212661000103", "female", 1.0, 12),
    ("Hassan Id Belkacem", "+212661000104", "male", 1.0, 8),
    ("Ijja Ouchen", "+212661000105", "female", 1.0, 3),
    ("Lahcen Amzil", "+212661000106", "male", 0.5, 2),
    ("Mbarka Ait Ouaziz", "+212661000107", "female", 0.2, 21),
    ("Nora El Fassi", "+212661000108", "female", 0.0, None),
]

# Territorial crowd: (region, sector, gender, status, how many, items of C1 done)
CROWD = [
    ("MA-09", "ARG", "female", "coop_member", 12, 4),
    ("MA-09", "ARG", "male", "coop_member", 7, 2),
    ("MA-07", "AGF", "female", "project_holder", 8, 3),
    ("MA-07", "AGF", "undisclosed", "job_seeker", 6, 0),
    ("MA-01", "ART", "female", "job_seeker", 3, 1),
]


def _right_answers(served: list[dict]) -> dict:
    answers = {}
    for q in served:
        kind = q["type"]
        if kind == "single":
            answers[q["id"]] = next(c["id"] for c in q["choices"] if c["correct"])
        elif kind == "multiple":
            answers[q["id"]] = [c["id"] for c in q["choices"] if c["correct"]]
        elif kind == "true_false":
            answers[q["id"]] = "true" if q["answer"] else "false"
        elif kind == "numeric":
            answers[q["id"]] = q["value"]
        elif kind == "short_text":
            answers[q["id"]] = q["accepted"][0]
        elif kind == "ordering":
            answers[q["id"]] = [i["id"] for i in q["items"]]
    return answers


def _learn(user, course: CoursePage, share: float, days_ago: int | None) -> None:
    """Complete the first ``share`` of the course's items, quizzes through the quiz engine."""
    from courses.selectors import course_outline

    outline = course_outline(course=course)
    items = outline.items
    count = round(len(items) * share)
    if not count:
        return
    start = timezone.now() - dt.timedelta(days=(days_ago or 0) + count)
    quizzes = {q.pk: q for q in QuizPage.objects.filter(pk__in=[i.page_id for i in items])}
    for n, item in enumerate(items[:count]):
        when = start + dt.timedelta(days=n, minutes=n % 7)
        record_event(
            user=user,
            verb="viewed",
            course_key=course.translation_key,
            item_key=item.translation_key,
            occurred_at=when - dt.timedelta(minutes=8 + (user.pk + n) % 11),
            idempotency_key=f"demo-viewed:{user.pk}:{item.translation_key}",
        )
        quiz = quizzes.get(item.page_id)
        if quiz is None:
            mark_item_complete(
                user=user,
                item_key=item.translation_key,
                course=course,
                outline=outline,
                occurred_at=when,
            )
            continue
        attempt = quiz_services.start_attempt(
            user=user, quiz=quiz, course_key=course.translation_key
        ).attempt
        right = _right_answers(attempt.served)
        if attempt.is_practice:
            for question_id, value in right.items():
                quiz_services.answer_practice_question(
                    user=user, attempt_id=attempt.pk, raw={question_id: value}
                )
        else:
            quiz_services.submit_attempt(user=user, attempt_id=attempt.pk, raw=right)


@transaction.atomic
def load_demo_cooperative(*, manager_email: str) -> Cooperative | None:
    if Cooperative.objects.filter(register_number=REGISTER_NUMBER).exists():
        return None
    manager = User.objects.filter(email=manager_email).first()
    c1 = CoursePage.objects.live().filter(code="C1", locale__language_code="ar").first()
    c2 = CoursePage.objects.live().filter(code="C2", locale__language_code="ar").first()
    if manager is None or c1 is None:
        return None
    cooperative = Cooperative.objects.create(
        name_ar="تعاونية أركان تيزنيت للنساء",
        name_fr="Coopérative féminine Argan Tiznit",
        register_number=REGISTER_NUMBER,
        region="MA-09",
        sector="ARG",
        reminders_enabled=True,
    )
    Membership.objects.create(
        cooperative=cooperative,
        user=manager,
        role=Membership.Role.MANAGER,
        state=Membership.State.ACTIVE,
        joined_at=timezone.now() - dt.timedelta(days=60),
    )
    CourseAssignment.objects.create(cooperative=cooperative, course_key=c1.translation_key)
    if c2 is not None:
        CourseAssignment.objects.create(
            cooperative=cooperative,
            course_key=c2.translation_key,
            target_date=timezone.localdate() + dt.timedelta(days=90),
        )
    people = [(manager, 1.0, 20)]
    for n, (name, phone, gender, share, days) in enumerate(MEMBERS, start=1):
        user = User.objects.filter(phone=phone).first()
        if user is None:
            user = User(
                username=f"coop-demo-{n}",
                phone=phone,
                phone_verified=True,
                full_name=name,
                region="MA-09",
                sector="ARG",
                status="coop_member",
                gender=gender,
                preferred_language="ar",
            )
            user.set_unusable_password()
            user.save()
        Membership.objects.create(
            cooperative=cooperative,
            user=user,
            state=Membership.State.ACTIVE,
            accepts_reminders=n % 2 == 1,
            joined_at=timezone.now() - dt.timedelta(days=45),
        )
        people.append((user, share, days))
    for user, share, days in people:
        enrol(user=user, course=c1)
        if c2 is not None:
            enrol(user=user, course=c2)
        _learn(user, c1, share, days)
    if c2 is not None:
        _learn(people[1][0], c2, 0.4, 1)
    Invitation.objects.create(
        cooperative=cooperative,
        channel=Invitation.Channel.PHONE,
        contact="+212661000109",
        full_name="Zahra Ait Baha",
        token_digest=_new_token()[1],  # its message was "sent": the token is not kept
        expires_at=timezone.now() + dt.timedelta(days=10),
    )
    _crowd(c1)
    return cooperative


def _crowd(course: CoursePage) -> None:
    from courses.selectors import course_outline

    outline = course_outline(course=course)
    number = 0
    for region, sector, gender, status, how_many, done in CROWD:
        for _i in range(how_many):
            number += 1
            user = User(
                username=f"demo-learner-{number}",
                email=f"learner{number}@demo.taawuniya.ma",
                full_name=f"Demo learner {number}",
                region=region,
                sector=sector,
                gender=gender,
                status=status,
            )
            user.set_unusable_password()
            user.save()
            enrol(user=user, course=course)
            for item in outline.items[: done if number % 3 else 0]:
                if item.kind == "lesson":
                    mark_item_complete(
                        user=user, item_key=item.translation_key, course=course, outline=outline
                    )
