"""Every route of the site and the API is in the permission matrix, and every cell holds.

The walker lists every URL pattern (``django.urls.get_resolver``, recursively, included
resolvers and namespaces too); a route no rule of ``tests/trust/matrix.py`` covers fails the
test with the list of such routes. Then each rule's probes run as each role and every outcome
is compared with the matrix; all the cells that do not hold are reported at once. A rule
cannot pass by saying nothing: every probe asks at least one role, every outcome is one the
matrix knows, and every route a rule names is reached by one of its probes.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import translation

from tests.trust.matrix import BAD, FB, LOGIN, MATRIX, NA, NF, OK, RD, U
from tests.trust.world import ROLES, build_world

pytestmark = pytest.mark.django_db


def walk(resolver=None, prefix="", namespace=""):
    """(full pattern, name with namespaces or None) for every route."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield prefix + str(entry.pattern), name


def covered(pattern: str, name: str | None) -> bool:
    for rule in MATRIX:
        for route in rule.routes:
            if route.endswith("*") and pattern.startswith(route[:-1]):
                return True
            if route in (name, pattern):
                return True
    return False


def test_every_route_is_in_the_matrix():
    missing = sorted(
        {
            f"{name or '(unnamed)'}  {pattern}"
            for pattern, name in walk()
            if not covered(pattern, name)
        }
    )
    assert missing == [], "routes missing from tests/trust/matrix.py:\n" + "\n".join(missing)


def test_every_matrix_route_exists():
    """A rule naming a route that no longer exists is stale: the matrix must say what is."""
    names = {name for _, name in walk() if name}
    patterns = {pattern for pattern, _ in walk()}
    stale = [
        route
        for rule in MATRIX
        for route in rule.routes
        if not route.endswith("*") and route not in names and route not in patterns
    ]
    assert stale == []


OUTCOMES = {OK, LOGIN, NF, NA, RD, U, FB, BAD}


def test_every_probe_expects_something_of_someone():
    """A probe whose cells are all None (or a rule without probes) would hold vacuously."""
    empty = [rule.resource for rule in MATRIX if not rule.probes]
    silent = [
        f"{rule.resource}: {probe.method} {probe.url}"
        for rule in MATRIX
        for probe in rule.probes
        if all(expected is None for expected in probe.expect)
    ]
    unknown = [
        f"{rule.resource}: {probe.method} {probe.url}: {expected!r}"
        for rule in MATRIX
        for probe in rule.probes
        for expected in probe.expect
        if expected is not None and expected not in OUTCOMES
    ]
    assert (empty, silent, unknown) == ([], [], [])


def routes_reached(url: str) -> set[str]:
    """The name (with namespaces) and the pattern of the route ``url`` resolves to, spelled as
    the rules spell them (patterns without ``^``), or nothing."""
    path = urlsplit(url).path
    prefix = path.split("/")[1]
    languages = {code for code, _name in settings.LANGUAGES}
    with translation.override(prefix if prefix in languages else settings.LANGUAGE_CODE):
        try:
            match = resolve(path)
        except Resolver404:
            return set()
    reached = {match.route.replace("^", "")}
    if match.url_name:
        reached.add(match.view_name)
    return reached


def outcome(response) -> str:
    code = response.status_code
    if 200 <= code < 300:
        return OK
    if 300 <= code < 400:
        return LOGIN if "/accounts/login/" in response.get("Location", "") else RD
    return {400: BAD, 401: U, 403: FB, 404: NF, 405: NA}.get(code, str(code))


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return ""
    try:
        return response.content.decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 - binary exports
        return ""


def test_every_cell_of_the_matrix_holds():
    world = build_world()
    from wagtail.models import Page

    ids = dict(world.ids, home_page=Page.objects.get(url_path="/home/").pk)
    clients = {}
    for role in ROLES:
        client = Client()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        clients[role] = client
    failures = []
    for rule in MATRIX:
        reached = set()
        for probe in rule.probes:
            url = probe.url.format(**ids)
            reached |= routes_reached(url)
            for role, expected in zip(ROLES, probe.expect, strict=True):
                if expected is None:
                    continue
                client = clients[role]
                response = client.generic(probe.method, url)
                got = outcome(response)
                if got != expected:
                    where = response.get("Location", "")
                    failures.append(
                        f"{rule.resource}: {probe.method} {url} as {role}: "
                        f"expected {expected}, got {got} {where}"
                    )
                leaked = [t for t in probe.must_not_contain if t in body_of(response)]
                if leaked:
                    failures.append(f"{rule.resource}: {url} as {role} shows {leaked}")
        unprobed = [
            route
            for route in rule.routes
            if not route.endswith("*") and route.replace("^", "") not in reached
        ]
        if unprobed:
            failures.append(f"{rule.resource}: no probe reaches {unprobed}")
    assert failures == [], f"{len(failures)} cells do not hold:\n" + "\n".join(failures)
    # Member exports are audited, and only the exports that happened (the manager's two).
    from accounts.models import AuditEvent

    exports = AuditEvent.objects.filter(action="members.export")
    assert sorted(exports.values_list("actor_id", flat=True)) == [world.users["manager"].pk] * 2
