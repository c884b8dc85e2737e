import pytest

from tests.factories.projectbank import reference_data


@pytest.fixture
def refdata(db):
    reference_data()
