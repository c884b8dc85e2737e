"""Certificates in the Wagtail admin: a list to search, and a page per certificate with the
revoke and reissue actions (permission ``certificates.change_certificate``)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def certificate_admin_urls():
    return [
        path("certificates/", admin_views.certificate_list, name="certificates_admin_list"),
        path(
            "certificates/<id:certificate_id>/",
            admin_views.certificate_detail,
            name="certificates_admin_detail",
        ),
        path(
            "certificates/<id:certificate_id>/action/",
            admin_views.certificate_action,
            name="certificates_admin_action",
        ),
    ]


class CertificatesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.MANAGE_PERMISSION)


@hooks.register("register_admin_menu_item")
def certificates_menu_item():
    return CertificatesMenuItem(
        _("Certificates"), reverse("certificates_admin_list"), icon_name="doc-full", order=260
    )
