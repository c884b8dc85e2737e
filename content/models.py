"""The academy's general pages: the home page and standard pages (about, help, privacy)."""

import copy

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BaseStreamBlock
from .tree_cache import get_or_compute, local_object


class FastRoutingMixin:
    """Serve a deep page in one query instead of one per tree level.

    Wagtail routes ``/courses/c1/module/lesson/`` by asking each level for its child. Pages
    whose subtree is deep resolve the whole remaining path at once, from the page's
    ``url_path`` (cached per tree version), then load the specific page by primary key.
    """

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        from django.contrib.contenttypes.models import ContentType
        from django.http import Http404
        from wagtail.models import Page
        from wagtail.url_routing import RouteResult

        url_path = self.url_path + "/".join(path_components) + "/"
        locale_id = self.locale_id

        def lookup():
            row = (
                Page.objects.live()
                .filter(url_path=url_path, locale_id=locale_id)
                .values_list("pk", "content_type_id")
                .first()
            )
            return row or ()

        row = get_or_compute(f"route:{locale_id}:{url_path}", lookup)
        if not row:
            raise Http404
        model = ContentType.objects.get_for_id(row[1]).model_class()

        def load():
            return model.objects.live().select_related("locale").filter(pk=row[0]).first()

        # The published page is the same for every visitor until the tree version changes
        # (any publish starts a new one): kept as an object in this process, and each request
        # gets its own shallow copy so that nothing one request sets on it reaches another.
        page = local_object(f"page:{row[0]}", load)
        if page is None:
            raise Http404
        return RouteResult(copy.copy(page))

    @property
    def localized(self):
        # Wagtail's router asks the site's root page for its version in the active language;
        # CachedSiteMiddleware has already put that version there, so answer without the
        # locale query Wagtail's own property makes on every request.
        from django.utils.translation import get_language
        from wagtail.models import Locale

        active = get_or_compute(f"locale-id:{get_language()}", lambda: Locale.get_active().pk)
        if active == self.locale_id:
            return self
        return super().localized


class NoViewRestrictionsMixin:
    """Skip the two ancestor queries of ``get_view_restrictions`` when the site has none."""

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        if not get_or_compute(
            "any-view-restriction", lambda: int(PageViewRestriction.objects.exists())
        ):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(FastRoutingMixin, NoViewRestrictionsMixin, Page):
    tagline = models.CharField(_("tagline"), max_length=250, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("tagline"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["content.HomePage", "content.StandardPage"]
    subpage_types = ["content.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
