"""A cache of page-tree facts that only change when editors publish, move or delete pages.

Hot pages (lessons) must not pay for walking the tree on every request. Anything derived from the
tree is cached under the current *tree version*; publishing, unpublishing, moving or deleting any
page, or changing a view restriction, starts a new version. Entries also expire on their own
(``TTL``), which bounds staleness on a per-process cache; production uses a shared Redis cache.
The version itself lives in the shared cache; a process trusts the one it read for
``VERSION_LOCAL_TTL`` (a second), so a publish on one app server reaches the others within it.

Never cache anything about a learner here: only the shape of the published site.
"""

import contextlib
import time
import uuid
from collections import OrderedDict
from contextvars import ContextVar

from django.core.cache import cache

VERSION_KEY = "content:tree-version"
TTL = 300
LOCAL_MAX_ENTRIES = 2048
#: Published pages and page shells (content.shell) kept in each process (see ``local_object``):
#: a lesson with its body is tens of kilobytes, so fewer of them, least recently used first out.
LOCAL_MAX_OBJECTS = 512

#: Seconds a process trusts the tree version it last read: after a publish on one app server,
#: the others serve the previous version for at most this long. Every request needs the version,
#: and a shared-cache round trip per request costs more than the rest of the lookup.
VERSION_LOCAL_TTL = 1.0

# The version read once at the start of a request (see CachedSiteMiddleware), so a request
# costs at most one shared-cache read for the version; values are then memoised in this process.
_request_version: ContextVar[str | None] = ContextVar("tree_version", default=None)
_seen: list = [None, 0.0]  # the version last read from the shared cache, and until when to trust it
_local: dict[str, tuple[float, object]] = {}
_local_version: list[str | None] = [None]
_objects: OrderedDict[str, tuple[float, object]] = OrderedDict()
_objects_version: list[str | None] = [None]


def tree_version() -> str:
    version = _request_version.get()
    if version is not None:
        return version
    now = time.monotonic()
    seen, fresh_until = _seen
    if seen is not None and now < fresh_until:
        return seen
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)  # the first process to add it wins
        version = cache.get(VERSION_KEY) or uuid.uuid4().hex
    _seen[:] = [version, now + VERSION_LOCAL_TTL]
    return version


def begin_request():
    """Read the tree version once for this request; returns a token for ``end_request``."""
    _request_version.set(None)
    return _request_version.set(tree_version())


def end_request(token) -> None:
    _request_version.reset(token)


def bump_tree_version(**kwargs) -> None:
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    _request_version.set(None)
    forget_local()
    _seen[:] = [version, time.monotonic() + VERSION_LOCAL_TTL]


def forget_local() -> None:
    """Drop what this process remembers (tests: a rolled-back tree with an emptied cache)."""
    _seen[:] = [None, 0.0]
    _local.clear()
    _objects.clear()


def get_or_compute(name: str, compute):
    """Return the cached value of ``name`` for the current tree version, computing it once."""
    version = tree_version()
    if _local_version[0] != version or len(_local) > LOCAL_MAX_ENTRIES:
        _local.clear()
        _local_version[0] = version
    key = f"content:tree:{version}:{name}"
    hit = _local.get(key)
    now = time.monotonic()
    if hit is not None and hit[0] > now:
        return hit[1]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TTL)
    _local[key] = (now + TTL, value)
    return value


def local_object(name: str, compute):
    """Like ``get_or_compute`` for values that are costly to pickle or large (a page object with
    its body): kept in this process only, at most ``LOCAL_MAX_OBJECTS`` of them. ``compute`` may
    return None (nothing there), which is remembered too."""
    version = tree_version()
    if _objects_version[0] != version:
        _objects.clear()
        _objects_version[0] = version
    now = time.monotonic()
    hit = _objects.get(name)
    if hit is not None and hit[0] > now:
        with contextlib.suppress(KeyError):  # another thread may have just evicted it
            _objects.move_to_end(name)
        return hit[1]
    value = compute()
    _objects[name] = (now + TTL, value)
    while len(_objects) > LOCAL_MAX_OBJECTS:
        _objects.popitem(last=False)
    return value


def connect() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Locale, Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    page_published.connect(bump_tree_version, dispatch_uid="content.tree.published")
    page_unpublished.connect(bump_tree_version, dispatch_uid="content.tree.unpublished")
    post_page_move.connect(bump_tree_version, dispatch_uid="content.tree.moved")
    page_slug_changed.connect(bump_tree_version, dispatch_uid="content.tree.slug")

    def on_delete(sender, instance, **kwargs):
        if isinstance(instance, Page):
            bump_tree_version()

    post_delete.connect(on_delete, dispatch_uid="content.tree.deleted", weak=False)

    def on_create(sender, instance, created, **kwargs):
        # Pages born live without a publish signal: aliases, e.g. the parents wagtail-localize
        # copies when a lesson is translated before its course.
        if created and isinstance(instance, Page) and instance.live:
            bump_tree_version()

    post_save.connect(on_create, dispatch_uid="content.tree.created", weak=False)
    post_save.connect(
        bump_tree_version, sender=PageViewRestriction, dispatch_uid="content.tree.pvr.saved"
    )
    post_delete.connect(
        bump_tree_version, sender=PageViewRestriction, dispatch_uid="content.tree.pvr.deleted"
    )
    for model in (Site, Locale):
        name = model._meta.model_name
        post_save.connect(bump_tree_version, sender=model, dispatch_uid=f"content.tree.{name}.s")
        post_delete.connect(bump_tree_version, sender=model, dispatch_uid=f"content.tree.{name}.d")
