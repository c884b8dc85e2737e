"""The manager's dashboard: members × assigned courses with progress, best quiz scores,
certificates and last activity; filters and sorting; a constant number of queries whatever the
number of members."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from cooperatives import selectors
from cooperatives.models import CourseAssignment
from courses.services import enrol
from progress.services import mark_item_complete
from quizzes.models import QuizAttempt, QuizMode, QuizRecord
from tests.factories.cooperatives import add_member, make_cooperative
from tests.factories.courses import build_course
from tests.factories.quizzes import add_quiz


@pytest.fixture
def setup(db):
    tree = build_course(slug="c3", modules=(2, 1), code="C3")
    quiz = add_quiz(tree.modules[0])
    cooperative, manager, members = make_cooperative(members=3)
    CourseAssignment.objects.create(
        cooperative=cooperative,
        course_key=tree.course.translation_key,
        target_date=dt.date(2027, 6, 30),
    )
    for member in members:
        enrol(user=member, course=tree.course)
    return tree, quiz, cooperative, manager, members


def attempt(user, quiz, course, number, percent):
    now = timezone.now()
    return QuizAttempt.objects.create(
        user=user,
        quiz_key=quiz.translation_key,
        course_key=course.translation_key,
        quiz=quiz,
        mode=QuizMode.GRADED,
        number=number,
        seed="s",
        status=QuizAttempt.Status.SUBMITTED,
        started_at=now,
        submitted_at=now,
        percent=Decimal(percent),
        passed=percent >= 70,
    )


def board(cooperative, params=None):
    return selectors.dashboard(
        cooperative=cooperative, locale=Locale.objects.get(language_code="ar"), params=params
    )


def test_progress_quiz_scores_and_last_activity(setup, django_capture_on_commit_callbacks):
    tree, quiz, cooperative, _manager, (ali, badr, chama) = setup
    mark_item_complete(user=ali, item_key=tree.lessons[0].translation_key, course=tree.course)
    attempt(ali, quiz, tree.course, 1, 40)
    attempt(ali, quiz, tree.course, 2, 85)
    attempt(badr, quiz, tree.course, 1, 90)
    QuizRecord.objects.create(
        user=badr, quiz_key=quiz.translation_key, attempts_started=1, passed_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        for item in [*tree.lessons, quiz]:
            mark_item_complete(user=badr, item_key=item.translation_key, course=tree.course)
    data = board(cooperative)
    lines = {line.user_id: line for line in data.lines}
    assert [c.course.pk for c in data.columns] == [tree.course.pk]
    total = 4  # three lessons and the quiz
    assert data.columns[0].total == total
    assert lines[ali.pk].cells[0].done == 1 and lines[ali.pk].cells[0].percent == 25
    assert lines[ali.pk].cells[0].quiz_scores == [Decimal("85")]
    assert lines[ali.pk].cells[0].status == "in_progress"
    assert lines[ali.pk].last_activity is not None
    assert lines[badr.pk].cells[0].status == "completed"
    assert lines[badr.pk].cells[0].percent == 100
    assert lines[badr.pk].cells[0].certificate is not None  # issued on course completion
    assert lines[badr.pk].cells[0].quiz_scores == [Decimal("90")]
    assert lines[chama.pk].cells[0].status == "not_started"
    assert lines[chama.pk].last_activity is None


def test_filters_and_sorting(setup):
    tree, _quiz, cooperative, _manager, (ali, badr, chama) = setup
    ali.full_name, badr.full_name, chama.full_name = "Zineb", "Amal", "Hind"
    for user in (ali, badr, chama):
        user.save()
    mark_item_complete(user=chama, item_key=tree.lessons[0].translation_key, course=tree.course)
    key = str(tree.course.translation_key)
    names = [line.name for line in board(cooperative, {"sort": "name"}).lines]
    assert names[:3] == ["Amal", "Hind", "Manager Tawada 1"] or names[0] == "Amal"
    assert [line.name for line in board(cooperative, {"q": "zin"}).lines] == ["Zineb"]
    started = board(cooperative, {"course": key, "status": "in_progress"}).lines
    assert [line.name for line in started] == ["Hind"]
    by_progress = board(cooperative, {"course": key, "sort": "progress"}).lines
    assert by_progress[0].name == "Hind"
    by_activity = board(cooperative, {"sort": "activity"}).lines
    assert by_activity[0].name == "Hind"
    # Unknown values are ignored, never an error.
    odd = board(cooperative, {"course": "nope", "status": "<script>", "sort": "drop table"})
    assert odd.course == "" and odd.status == "" and odd.sort == "name"


def test_a_member_who_stopped_for_two_weeks_is_stalled(setup):
    tree, _quiz, cooperative, _manager, (ali, _b, _c) = setup
    mark_item_complete(
        user=ali,
        item_key=tree.lessons[0].translation_key,
        course=tree.course,
        occurred_at=timezone.now() - dt.timedelta(days=20),
    )
    from progress.models import CourseState

    CourseState.objects.filter(user=ali).update(last_seen_at=timezone.now() - dt.timedelta(days=20))
    line = next(line for line in board(cooperative).lines if line.user_id == ali.pk)
    assert line.cells[0].status == "stalled"


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_query_count_is_the_same_for_3_and_30_members(setup, client):
    tree, quiz, cooperative, manager, members = setup
    url = reverse("cooperatives:dashboard", args=[cooperative.pk])
    client.force_login(manager)
    client.get(url)  # warm the course outline cache
    for member in members:
        mark_item_complete(
            user=member, item_key=tree.lessons[0].translation_key, course=tree.course
        )
        attempt(member, quiz, tree.course, 1, 50)
    sorted_params = {"sort": "progress", "status": "in_progress"}
    small_selector = _count(lambda: board(cooperative))
    small_sorted = _count(lambda: board(cooperative, sorted_params))
    small_page = _count(lambda: client.get(url))
    for _n in range(27):
        member = add_member(cooperative)
        enrol(user=member, course=tree.course)
        mark_item_complete(
            user=member, item_key=tree.lessons[1].translation_key, course=tree.course
        )
        attempt(member, quiz, tree.course, 1, 90)
    assert len(board(cooperative).lines) == 31  # 30 members and the manager
    assert _count(lambda: board(cooperative)) == small_selector
    assert _count(lambda: board(cooperative, sorted_params)) == small_sorted
    assert _count(lambda: client.get(url)) == small_page
    assert small_selector == small_sorted == 8  # seven, and the locale looked up by board()


def test_a_search_that_finds_nobody_shows_an_empty_page(setup, client):
    """No active member on the page: no progress to read, and no 500 (the load test found it)."""
    _tree, _quiz, cooperative, manager, _members = setup
    assert board(cooperative, {"q": "nobody by this name"}).lines == []
    client.force_login(manager)
    for query in ("?q=nobody+by+this+name", "?q=nobody&sort=progress", "?q=nobody&status=stalled"):
        assert client.get(f"/ar/cooperatives/{cooperative.pk}/{query}").status_code == 200
    export = client.get(f"/ar/cooperatives/{cooperative.pk}/members.csv?q=nobody")
    assert export.status_code == 200
    assert len(export.content.decode("utf-8-sig").strip().splitlines()) == 1  # the header alone


def test_dashboard_page_renders_in_french_and_arabic(setup, client):
    _tree, _quiz, cooperative, manager, members = setup
    client.force_login(manager)
    for lang in ("ar", "fr"):
        response = client.get(f"/{lang}/cooperatives/{cooperative.pk}/")
        assert response.status_code == 200
        page = response.content.decode()
        assert members[0].full_name in page and "<progress" in page


def test_sorting_and_filtering_build_cells_only_for_the_page_shown(setup):
    """Sort and filter read every member's progress but build the cells of the page only; the
    order, the filtered members and the cells shown are those computed from every cell."""
    tree, _quiz, cooperative, _manager, members = setup
    locale = Locale.objects.get(language_code="ar")
    old = timezone.now() - dt.timedelta(days=20)
    for n in range(6):
        member = add_member(cooperative, full_name=f"Member {n:02d}")
        enrol(user=member, course=tree.course)
        members.append(member)
    for n, member in enumerate(members):
        for lesson in tree.lessons[: n % 4]:
            mark_item_complete(
                user=member,
                item_key=lesson.translation_key,
                course=tree.course,
                occurred_at=old if n % 2 else None,
            )
    from progress.models import CourseState

    CourseState.objects.filter(user__in=members[1::2]).update(last_seen_at=old)
    key = str(tree.course.translation_key)
    for params in (
        {"sort": "progress"},
        {"sort": "progress", "course": key},
        {"sort": "activity"},
        {"status": "stalled"},
        {"status": "in_progress", "course": key, "sort": "progress"},
        {"status": "not_started"},
    ):
        every = selectors.dashboard(
            cooperative=cooperative, locale=locale, params=params, page_size=None
        )
        paged = selectors.dashboard(
            cooperative=cooperative, locale=locale, params={**params, "page": 2}, page_size=2
        )
        assert [line.user_id for line in paged.lines] == [line.user_id for line in every.lines]
        shown = {line.user_id for line in paged.page.object_list}
        # Page 2 when there is one; past the end, the last page (Paginator.get_page).
        start = (paged.page.number - 1) * 2
        assert paged.page.number == min(2, max(1, (len(every.lines) + 1) // 2)), params
        assert shown == {line.user_id for line in every.lines[start : start + 2]}, params
        assert len(shown) == min(2, len(every.lines) - start), params
        for line, full in zip(paged.lines, every.lines, strict=True):
            if line.user_id in shown:
                assert line.cells == full.cells, params
            else:
                assert line.cells == [], params  # not built: not shown
    # The filters do select someone, so the comparison above is not between empty lists.
    assert selectors.dashboard(
        cooperative=cooperative, locale=locale, params={"status": "stalled"}, page_size=None
    ).lines
    with CaptureQueriesContext(connection) as small:
        selectors.dashboard(cooperative=cooperative, locale=locale, params={"sort": "progress"})
    for _n in range(5):
        add_member(cooperative)
    with CaptureQueriesContext(connection) as large:
        selectors.dashboard(cooperative=cooperative, locale=locale, params={"sort": "progress"})
    assert len(large.captured_queries) == len(small.captured_queries)
