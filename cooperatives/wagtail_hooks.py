"""Admin wiring: staff create cooperatives and name their managers (memberships) in the
Wagtail admin; menu links to the trainers' course analytics and the territorial figures (pages
of the site, in the admin user's language). No business rules here."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .models import Cooperative, Membership


class CooperativeViewSet(ModelViewSet):
    model = Cooperative
    icon = "group"
    menu_label = _("Cooperatives")
    list_display = ["name_fr", "name_ar", "register_number", "region", "sector", "trained_at"]
    list_filter = ["region", "sector"]
    search_fields = ["name_fr", "name_ar", "register_number"]
    panels = [
        FieldPanel("name_ar"),
        FieldPanel("name_fr"),
        FieldPanel("register_number"),
        FieldPanel("region"),
        FieldPanel("sector"),
        FieldPanel("reminders_enabled"),
    ]


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    list_display = ["cooperative", "user", "role", "state"]
    list_filter = ["role", "state"]
    form_fields = ["cooperative", "user", "role", "state"]


class CooperativesGroup(ModelViewSetGroup):
    menu_label = _("Cooperatives")
    menu_icon = "group"
    menu_order = 280
    items = (CooperativeViewSet("cooperatives_admin"), MembershipViewSet("memberships_admin"))


@hooks.register("register_admin_viewset")
def register_viewset():
    return CooperativesGroup()


class _SiteLink(MenuItem):
    def __init__(self, *args, staff_only=False, **kwargs):
        self.staff_only = staff_only
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return request.user.is_staff or not self.staff_only


@hooks.register("register_admin_menu_item")
def course_analytics_menu_item():
    return _SiteLink(
        _("Course analytics"), reverse_lazy("cooperatives:trainer_courses"), icon_name="table",
        order=275,
    )  # fmt: skip


@hooks.register("register_admin_menu_item")
def territory_menu_item():
    return _SiteLink(
        _("Territorial figures"), reverse_lazy("cooperatives:territory"), icon_name="site",
        order=285, staff_only=True,
    )  # fmt: skip
