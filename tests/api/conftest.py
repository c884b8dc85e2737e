import pytest
from rest_framework.test import APIClient

from accounts.services import issue_token
from tests.conftest import CI
from tests.factories.accounts import UserFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def learner(db):
    return UserFactory()


def client_for(user) -> APIClient:
    """An API client that authenticates like an app: with a key from the token service."""
    _token, key = issue_token(user=user, name="tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def learner_api(learner):
    return client_for(learner)


@pytest.fixture(scope="session")
def ralph_lrs(tmp_path_factory):
    """A running Ralph LRS (see tests/api/ralph.py). Without network to install it, the test
    skips locally and FAILS under CI=true."""
    from tests.api import ralph

    try:
        lrs, process = ralph.start(tmp_path_factory.mktemp("ralph"))
    except ralph.RalphUnavailable as exc:
        if CI:
            pytest.fail(f"Ralph LRS unavailable: {exc}")
        pytest.skip(f"Ralph LRS unavailable: {exc}")
    yield lrs
    process.terminate()
    process.wait(timeout=20)
