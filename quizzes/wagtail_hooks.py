"""Admin wiring: the question bank snippets, the GIFT import, quiz reports and the item
analysis button on quiz pages. No business rules here: views call services and selectors."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import BankQuestion, QuizPage


class BankQuestionViewSet(SnippetViewSet):
    model = BankQuestion
    icon = "help"
    menu_label = _("Question bank")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "locale"]
    list_filter = {"tags__name": ["exact"], "locale": ["exact"]}
    search_fields = ["title"]
    search_backend_name = None


register_snippet(BankQuestionViewSet)


@hooks.register("register_admin_urls")
def quiz_admin_urls():
    return [
        path("quizzes/import-gift/", admin_views.gift_import, name="quizzes_gift_import"),
        path("quizzes/reports/", admin_views.quiz_reports, name="quizzes_reports"),
        path(
            "quizzes/<id:page_id>/analysis/",
            admin_views.item_analysis,
            name="quizzes_item_analysis",
        ),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission=None, **kwargs):
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return self.permission is None or request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def gift_import_menu_item():
    return PermissionMenuItem(
        _("Import questions (GIFT)"),
        reverse("quizzes_gift_import"),
        icon_name="upload",
        order=260,
        permission=admin_views.BANK_ADD_PERMISSION,
    )


@hooks.register("register_admin_menu_item")
def quiz_reports_menu_item():
    return PermissionMenuItem(
        _("Quiz reports"), reverse("quizzes_reports"), icon_name="table", order=270
    )


def _analysis_button(page, user, priority):
    if page.specific_class is QuizPage and page.permissions_for_user(user).can_edit():
        yield Button(
            _("Item analysis"),
            reverse("quizzes_item_analysis", args=[page.pk]),
            icon_name="table",
            priority=priority,
        )


@hooks.register("register_page_listing_more_buttons")
def item_analysis_listing_button(page, user, next_url=None):
    yield from _analysis_button(page, user, 90)


@hooks.register("register_page_header_buttons")
def item_analysis_header_button(page, user, view_name, next_url=None):
    yield from _analysis_button(page, user, 90)
