"""A cache of page-tree facts that only change when editors publish, move or delete pages.

Hot pages (lessons) must not pay for walking the tree on every request. Anything derived from the
tree is cached under the current *tree version*; publishing, unpublishing, moving or deleting any
page, or changing a view restriction, starts a new version. Entries also expire on their own
(``TTL``), which bounds staleness on a per-process cache; production uses a shared Redis cache.

Never cache anything about a learner here: only the shape of the published site.
"""

import uuid

from django.core.cache import cache

VERSION_KEY = "content:tree-version"
TTL = 300


def tree_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(VERSION_KEY, version, None)
    return version


def bump_tree_version(**kwargs) -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def get_or_compute(name: str, compute):
    """Return the cached value of ``name`` for the current tree version, computing it once."""
    key = f"content:tree:{tree_version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TTL)
    return value


def connect() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    page_published.connect(bump_tree_version, dispatch_uid="content.tree.published")
    page_unpublished.connect(bump_tree_version, dispatch_uid="content.tree.unpublished")
    post_page_move.connect(bump_tree_version, dispatch_uid="content.tree.moved")
    page_slug_changed.connect(bump_tree_version, dispatch_uid="content.tree.slug")

    def on_delete(sender, instance, **kwargs):
        if isinstance(instance, Page):
            bump_tree_version()

    post_delete.connect(on_delete, dispatch_uid="content.tree.deleted", weak=False)
    post_save.connect(
        bump_tree_version, sender=PageViewRestriction, dispatch_uid="content.tree.pvr.saved"
    )
    post_delete.connect(
        bump_tree_version, sender=PageViewRestriction, dispatch_uid="content.tree.pvr.deleted"
    )
