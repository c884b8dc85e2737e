import pytest

from cooperatives.models import CourseAssignment
from courses.services import enrol
from tests.factories.cooperatives import make_cooperative
from tests.factories.courses import build_course


@pytest.fixture
def tree(db):
    return build_course(slug="gouvernance", modules=(2, 2), code="C1")


@pytest.fixture
def coop_a(tree):
    cooperative, manager, members = make_cooperative(name="Argan", members=3)
    CourseAssignment.objects.create(cooperative=cooperative, course_key=tree.course.translation_key)
    for member in members:
        enrol(user=member, course=tree.course)
    return cooperative, manager, members


@pytest.fixture
def coop_b(tree):
    cooperative, manager, members = make_cooperative(name="Safran", members=2)
    members[0].full_name = "Secret Member Of B"
    members[0].save()
    CourseAssignment.objects.create(cooperative=cooperative, course_key=tree.course.translation_key)
    return cooperative, manager, members
