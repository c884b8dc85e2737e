import pytest

from tests.factories.projectbank import reference_data


@pytest.fixture(autouse=True)
def _messages_as_msgids(settings):
    """These tests assert on the English message ids the code emits, whatever language the page
    is in; the Arabic and French catalogues are checked by tests/academy/test_catalogues.py.
    Without the project's catalogues Django falls back to the msgids."""
    settings.LOCALE_PATHS = []


@pytest.fixture
def refdata(db):
    reference_data()
