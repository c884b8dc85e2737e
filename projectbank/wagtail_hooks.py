"""The project bank in the Wagtail admin: staff manage reference data, projects, templates,
programmes, partners and unlock rules; unlocks are read-only audit records."""

from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.models import CoursePage

from . import admin_views
from .models import (
    BankProject,
    EconomicModelTemplate,
    FinancingProgramme,
    Partner,
    ProjectIdea,
    Region,
    Sector,
    Unlock,
    UnlockRule,
)


class ProjectFilterSet(WagtailFilterSet):
    class Meta:
        model = BankProject
        fields = ["status", "sector", "target_group", "regions", "illustrative"]


class BankProjectViewSet(SnippetViewSet):
    model = BankProject
    icon = "folder-open-inverse"
    menu_label = _("Bank projects")
    list_display = ["external_id", "title_fr", "title_ar", "sector", "target_group", "status"]
    list_export = ["external_id", "title_fr", "title_ar", "sector", "investment", "jobs", "status"]
    search_fields = ["external_id", "title_fr", "title_ar"]
    filterset_class = ProjectFilterSet
    panels = [
        FieldPanel("external_id"),
        FieldPanel("title_ar"),
        FieldPanel("title_fr"),
        FieldPanel("summary_ar"),
        FieldPanel("summary_fr"),
        FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
        FieldPanel("sector"),
        FieldPanel("target_group"),
        FieldPanel("investment"),
        FieldPanel("jobs"),
        FieldPanel("source"),
        FieldPanel("status"),
        FieldPanel("illustrative"),
        FieldPanel("template"),
        FieldPanel("programmes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("partners", widget=forms.CheckboxSelectMultiple),
    ]


class TemplateFilterSet(WagtailFilterSet):
    class Meta:
        model = EconomicModelTemplate
        fields = ["status", "sector", "code"]


class TemplateViewSet(SnippetViewSet):
    model = EconomicModelTemplate
    icon = "table"
    menu_label = _("Economic models")
    list_display = ["code", "version", "title_fr", "title_ar", "sector", "status"]
    search_fields = ["code", "title_fr", "title_ar"]
    filterset_class = TemplateFilterSet


class ProgrammeViewSet(SnippetViewSet):
    model = FinancingProgramme
    icon = "doc-full"
    menu_label = _("Financing programmes")
    list_display = ["name_fr", "name_ar", "operator", "min_amount", "max_amount"]
    search_fields = ["name_fr", "name_ar"]
    list_filter = ["for_young", "for_women", "for_existing", "sectors"]


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = _("Partners")
    list_display = ["name_fr", "name_ar", "kind"]
    search_fields = ["name_fr", "name_ar"]
    list_filter = ["kind", "regions", "sectors"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["code", "name_fr", "name_ar", "seat"]


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    list_display = ["code", "name_fr", "name_ar"]


class UnlockRuleForm(forms.ModelForm):
    """Courses are chosen by title; the rule stores their translation keys."""

    courses = forms.MultipleChoiceField(
        label=_("Courses"), widget=forms.CheckboxSelectMultiple, required=True
    )

    class Meta:
        model = UnlockRule
        fields = ["template", "mode"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        seen = {}
        for page in CoursePage.objects.order_by("path").only("title", "code", "translation_key"):
            seen.setdefault(str(page.translation_key), f"{page.code} {page.title}".strip())
        self.fields["courses"].choices = sorted(seen.items(), key=lambda kv: kv[1])
        self.initial["courses"] = [str(k) for k in self.instance.course_keys or []]

    def clean(self):
        cleaned = super().clean()
        # before the model's clean() runs (ModelForm._post_clean), which checks the keys
        self.instance.course_keys = list(cleaned.get("courses") or [])
        return cleaned


class UnlockRuleViewSet(ModelViewSet):
    model = UnlockRule
    icon = "lock-open"
    form_fields = ["template", "mode"]
    list_display = ["template", "mode"]
    list_filter = ["mode"]

    def get_form_class(self, for_update=False):
        return UnlockRuleForm


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Unlocks are audit records: staff may look, nobody adds, edits or deletes them here."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")


class UnlockViewSet(ModelViewSet):
    """Read-only audit of who unlocked what, and by which rule."""

    model = Unlock
    icon = "history"
    list_display = ["user", "template", "unlocked_at", "rule"]
    list_filter = ["template"]
    inspect_view_enabled = True
    form_fields = ["user", "template", "rule"]


register_permission_policy(Unlock, ReadOnlyPolicy(Unlock))


class IdeaViewSet(SnippetViewSet):
    model = ProjectIdea
    icon = "help"
    menu_label = _("Project ideas")
    list_display = ["title", "proposer", "region", "sector", "status", "created_at"]
    list_filter = ["status", "region", "sector", "proposer_kind"]
    search_fields = ["title", "summary"]


class ProjectBankGroup(SnippetViewSetGroup):
    menu_label = _("Project bank")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (
        BankProjectViewSet,
        TemplateViewSet,
        ProgrammeViewSet,
        PartnerViewSet,
        RegionViewSet,
        SectorViewSet,
        IdeaViewSet,
    )


register_snippet(ProjectBankGroup)


class UnlockGroup(ModelViewSetGroup):
    menu_label = _("Unlocks")
    menu_icon = "lock-open"
    menu_order = 251
    items = (UnlockRuleViewSet(name="unlock_rules"), UnlockViewSet(name="unlocks"))


@hooks.register("register_admin_urls")
def bank_admin_urls():
    return [
        path("bank/import/", admin_views.bank_import, name="projectbank_import"),
        path("bank/ideas/", admin_views.idea_queue, name="projectbank_idea_queue"),
        path(
            "bank/ideas/<id:idea_id>/review/",
            admin_views.idea_review,
            name="projectbank_idea_review",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perms(admin_views.IMPORT_PERMISSIONS)


@hooks.register("register_admin_menu_item")
def bank_import_menu_item():
    return ImportMenuItem(
        _("Import bank projects"), reverse("projectbank_import"), icon_name="upload", order=252
    )


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perms(admin_views.REVIEW_PERMISSIONS)


@hooks.register("register_admin_menu_item")
def idea_queue_menu_item():
    return ReviewMenuItem(
        _("Project ideas to review"), reverse("projectbank_idea_queue"), icon_name="help", order=253
    )


@hooks.register("register_admin_viewset")
def register_unlocks():
    return UnlockGroup()
