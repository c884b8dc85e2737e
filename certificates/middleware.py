"""Tell a learner on the site that they earned a certificate (the email may not exist: many
learners sign up with a phone number only).

A cache flag set at issue makes this cost one cache read per signed-in page view and no query;
when it is set, the certificates not announced yet become a message on the next HTML page and
are marked announced (``services.take_announcements``)."""

from django.contrib import messages
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import services

_SKIP = ("/cms/", "/django-admin/", "/api/", "/static/", "/media/", "/.well-known/", "/documents/")


class CertificateNoticeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and not request.path.startswith(_SKIP):
            user = getattr(request, "user", None)
            if (
                user is not None
                and user.is_authenticated
                and cache.get(services.announce_key(user.pk))
                and "/certificates/" not in request.path
            ):
                for certificate in services.take_announcements(user=user):
                    messages.success(
                        request,
                        format_html(
                            '{} <a href="{}">{}</a>',
                            _("You earned a certificate: %(course)s.")
                            % {"course": certificate.title_in(get_language() or "ar")},
                            reverse("certificates:mine"),
                            _("See my certificates"),
                        ),
                    )
        return self.get_response(request)
