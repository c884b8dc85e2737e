import pytest


@pytest.fixture(autouse=True)
def _messages_as_msgids(settings, tmp_path):
    """Assert on the English message ids (catalogues are checked by test_catalogues.py); PDFs go
    to a fresh media folder per test so that file counts mean something."""
    settings.LOCALE_PATHS = []
    settings.MEDIA_ROOT = tmp_path / "media"
