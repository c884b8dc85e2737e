"""Production logs: one JSON line per request (method, path, status, duration, a keyed hash of
the user), and never a learner's email, phone, name, IP address or query string, nor a secret in
the path: invitation tokens, password-reset and email-confirmation keys, certificate codes
(academy.redaction)."""

import importlib
import json
import logging
import secrets
import sys
from logging.config import DictConfigurator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from academy.middleware import pseudonymous_user
from academy.redaction import EMAIL, PHONE, SECRET, TOKEN, redact_path
from tests.factories.accounts import UserFactory


@pytest.fixture
def production_logging(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 20 + "production-like-secret-key-for-this-test")
    monkeypatch.setenv("ALLOWED_HOSTS", "academy.example.ma")
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unused")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/15")
    monkeypatch.setenv("CERTIFICATE_SIGNING_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
    sys.modules.pop("academy.settings.production", None)
    production = importlib.import_module("academy.settings.production")
    sys.modules.pop("academy.settings.production", None)
    config = production.LOGGING
    assert config["root"]["handlers"] == ["console"]
    assert config["handlers"]["console"]["formatter"] == "json"
    assert config["handlers"]["console"]["filters"] == ["redact_paths"]
    return config


@pytest.fixture
def production_formatter(production_logging):
    config = production_logging
    return DictConfigurator(config).configure_formatter(dict(config["formatters"]["json"]))


@pytest.fixture
def production_filter(production_logging):
    config = production_logging
    return DictConfigurator(config).configure_filter(dict(config["filters"]["redact_paths"]))


@pytest.mark.django_db
def test_a_request_line_is_json_without_personal_data(client, caplog, production_formatter):
    learner = UserFactory(email="fatima.zahra@example.ma", phone="+212612345678")
    learner.full_name = "Fatima Zahra Amrani"
    learner.save()
    client.force_login(learner)
    with caplog.at_level(logging.INFO, logger="academy.request"):
        response = client.get(
            "/ar/learn/?email=fatima.zahra@example.ma&phone=0612345678",
            REMOTE_ADDR="196.200.1.2",
        )
    assert response.status_code == 200
    lines = [production_formatter.format(r) for r in caplog.records if r.name == "academy.request"]
    assert len(lines) == 1
    line = lines[0]
    entry = json.loads(line)
    assert entry["method"] == "GET"
    assert entry["path"] == "/ar/learn/"
    assert entry["status"] == 200
    assert entry["duration_ms"] >= 0
    assert entry["level"] == "INFO" and entry["logger"] == "academy.request"
    assert entry["user"] == pseudonymous_user(learner.pk) != str(learner.pk)
    for secret in ("fatima", "Fatima", "612345678", "example.ma", "196.200.1.2", "?", "Amrani"):
        assert secret not in line


@pytest.mark.django_db
def test_anonymous_requests_have_no_user_field(client, caplog):
    with caplog.at_level(logging.INFO, logger="academy.request"):
        client.get("/healthz")
    (record,) = [r for r in caplog.records if r.name == "academy.request"]
    assert record.path == "/healthz" and record.status == 200
    assert not hasattr(record, "user")


@pytest.mark.django_db
def test_no_line_is_built_when_request_lines_are_not_logged(client, caplog, monkeypatch):
    """Logging at WARNING (tests, a quiet deployment): no hash computed, no record made."""
    monkeypatch.setattr(
        "academy.middleware.pseudonymous_user", lambda user_id: pytest.fail("hashed a user id")
    )
    client.force_login(UserFactory())
    with caplog.at_level(logging.WARNING, logger="academy.request"):
        assert client.get("/ar/learn/").status_code == 200
    assert [r for r in caplog.records if r.name == "academy.request"] == []


def logged_path(client, caplog, path, **extra):
    with caplog.at_level(logging.INFO, logger="academy.request"):
        client.get(path, **extra)
    (record,) = [r for r in caplog.records if r.name == "academy.request"]
    caplog.clear()
    return record.path


TOKEN_VALUE = "Zq7" + secrets.token_urlsafe(32)  # what services.create_link_invitation issues
CODE = "K7QX-9M2P-4TAB"  # a certificate code: public, still one learner's credential


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # Invitation tokens (cooperatives.services): a working link to join a cooperative.
        (f"/ar/cooperatives/join/{TOKEN_VALUE}/", f"/ar/cooperatives/join/{SECRET}/"),
        # allauth's password reset: the user id in base 36 and the key; then "set-password".
        (
            "/fr/accounts/password/reset/key/7f-c4q2ab-5f8e9a1d2c3b4a5f6e7d/",
            f"/fr/accounts/password/reset/key/{SECRET}/",
        ),
        (
            "/ar/accounts/password/reset/key/7f-set-password/",
            f"/ar/accounts/password/reset/key/{SECRET}/",
        ),
        # allauth's email confirmation key (signed: colons inside).
        (
            "/ar/accounts/confirm-email/MTI:1tQv7x:Yk8mZ3Q1c2VjcmV0a2V5/",
            f"/ar/accounts/confirm-email/{SECRET}/",
        ),
        # The editors' password reset (Wagtail, Django's view): uidb64 and token.
        (
            "/cms/password_reset/confirm/MTI/c4q2ab-5f8e9a1d2c3b4a5f6e7d8c9b/",
            f"/cms/password_reset/confirm/{SECRET}/",
        ),
        # Certificate codes, on the site, as JSON, in the API, in the owner's downloads.
        (f"/ar/verify/{CODE}/", f"/ar/verify/{SECRET}/"),
        (f"/fr/verify/{CODE}.json", f"/fr/verify/{SECRET}.json"),
        (f"/api/v1/certificates/verify/{CODE}/", f"/api/v1/certificates/verify/{SECRET}/"),
        (f"/ar/certificates/{CODE}/pdf/fr/", f"/ar/certificates/{SECRET}/pdf/fr/"),
        (f"/api/v1/certificates/{CODE}/credential/", f"/api/v1/certificates/{SECRET}/credential/"),
        # Anything typed into a path: an address, a phone number, a pasted token.
        ("/ar/courses/fatima.zahra@example.ma/", f"/ar/courses/{EMAIL}/"),
        ("/ar/learn/fatima%40example.ma/", f"/ar/learn/{EMAIL}/"),
        ("/ar/learn/+212612345678/", f"/ar/learn/{PHONE}/"),
        ("/fr/accounts/0612-34-56-78/", f"/fr/accounts/{PHONE}/"),
        (f"/ar/somewhere/{TOKEN_VALUE}/", f"/ar/somewhere/{TOKEN}/"),
        # token_urlsafe values that "-" and "_" cut into parts shorter than any token, one with no
        # digit at all (CI once drew the first).
        ("/ar/x/Zq7chP2H5mvDygXRHH1_x6S7OVK-44LYUwmXCWSfMTvVMs/", f"/ar/x/{TOKEN}/"),
        ("/ar/somewhere/Zqc-hPHmvDyg_XRHHxSOVK-LYUwmX_CWSfMTvVMs/", f"/ar/somewhere/{TOKEN}/"),
    ],
)
def test_secrets_in_the_path_are_redacted(client, caplog, path, expected):
    assert logged_path(client, caplog, path) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/ar/courses/understanding-cooperatives/why-act-together/alone-the-road-is-hard/",
        "/ar/accounts/password/reset/key/done/",
        "/ar/bank/models/T1/",  # an economic-model code: public, names nobody
        "/ar/bank/p/PB01/",
        "/ar/cooperatives/12/members.csv",
        "/ar/cooperatives/analytics/3a6ef8d3-25ce-43fc-a95e-f1d04145ff10/",
        "/static/css/site.3f2a9c0b1d4e.css",
        "/static/fonts/NotoKufiArabic-Regular.3f2a9c0b1d4e.woff2",
        "/healthz",
    ],
)
def test_other_paths_are_logged_as_they_are(client, caplog, path):
    assert logged_path(client, caplog, path) == path


@pytest.mark.django_db
def test_tokens_emails_and_phones_in_query_strings_are_never_logged(
    client, caplog, production_formatter
):
    query = (
        f"?access_token={TOKEN_VALUE}&token={TOKEN_VALUE}&key=s3cr3t-k3y-value"
        "&email=amina%40example.ma&phone=%2B212612345678&q=Amina"
    )
    with caplog.at_level(logging.INFO, logger="academy.request"):
        client.get("/api/v1/bank/projects/" + query, HTTP_AUTHORIZATION=f"Bearer {TOKEN_VALUE}")
        client.get("/ar/courses/" + query)
    lines = [production_formatter.format(r) for r in caplog.records if r.name == "academy.request"]
    assert [json.loads(line)["path"] for line in lines] == [
        "/api/v1/bank/projects/",
        "/ar/courses/",
    ]
    for secret in (TOKEN_VALUE, "s3cr3t", "amina", "Amina", "612345678", "?", "Bearer"):
        assert all(secret not in line for line in lines)


@pytest.mark.django_db
def test_an_error_record_of_django_is_redacted_too(
    client, caplog, monkeypatch, production_filter, production_formatter
):
    """A 500 on a secret's page: Django logs "Internal Server Error: <path>"; the production
    handler's filter redacts it before the JSON formatter prints it."""

    def broken(*, token):
        raise RuntimeError("a bug behind the invitation page")

    monkeypatch.setattr("cooperatives.services.pending_invitation", broken)
    client.raise_request_exception = False
    path = f"/ar/cooperatives/join/{TOKEN_VALUE}/"
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(path)
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert TOKEN_VALUE in record.getMessage()  # what Django wrote
    assert production_filter.filter(record) is True
    line = production_formatter.format(record)
    assert TOKEN_VALUE not in line
    assert json.loads(line)["message"] == f"Internal Server Error: /ar/cooperatives/join/{SECRET}/"
    assert response.status_code == 500


def test_runserver_request_lines_lose_the_query_string_and_the_secrets(production_filter):
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /ar/verify/{CODE}/?email=amina@example.ma HTTP/1.1", "200", "512"),
        None,
    )
    production_filter.filter(record)
    assert record.getMessage() == f'"GET /ar/verify/{SECRET}/ HTTP/1.1" 200 512'


SECRET_KWARGS = {"token", "key", "uidb36", "uidb64", "code"}
# Named like a secret, public by design: codes of the bank's economic models (T1…T8).
PUBLIC = {"projectbank:template", "projectbank:template_json", "projectbank:copy_template"}
PUBLIC |= {"api:bank-template", "api:bank-template-copy"}


def routes(resolver=None, namespace=""):
    """(view name, parameter names) of every URL pattern."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            pattern = entry.pattern
            names = set(getattr(pattern, "converters", {})) | set(pattern.regex.groupindex)
            yield f"{namespace}{entry.name}", names


def test_every_route_with_a_secret_in_its_path_is_redacted():
    """A new route with a token, key or code in its path fails here until academy.redaction
    hides it (or it is declared public above, with the reason)."""
    checked = []
    for name, params in routes():
        if not params & SECRET_KWARGS or name in PUBLIC:
            continue
        kwargs = {}
        for param in params:
            if param in SECRET_KWARGS:
                kwargs[param] = "Secret" + param.capitalize() + "x9"
            elif param == "language":
                kwargs[param] = "fr"
            else:
                kwargs[param] = "1"
        with translation.override("ar"):
            path = reverse(name, kwargs=kwargs)
        logged = redact_path(path)
        assert "Secret" not in logged, (name, path, logged)
        checked.append(name)
    assert {"cooperatives:join", "account_reset_password_from_key", "certificates:verify"} <= set(
        checked
    )
