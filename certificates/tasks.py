"""Background work of certificates (Django tasks API; `db_worker` runs it, unit tests run it
immediately). Enqueued from ``transaction.on_commit`` only. Each task is safe to run twice."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from content.text import one_line


@task()
def render_certificate_pdf(certificate_id: int, language: str) -> int:
    """Render one PDF variant; a retry replaces the file (one file per certificate+language)."""
    from .services import render_certificate_file

    row = render_certificate_file(certificate_id=certificate_id, language=language)
    return row.size if row else 0


@task()
def send_certificate_email(certificate_id: int) -> bool:
    """Tell the learner by email, when they gave an address (phone-only learners get the
    message on the site instead)."""
    from django.urls import reverse

    from .credentials import site_url
    from .models import Certificate

    certificate = (
        Certificate.objects.filter(pk=certificate_id, status=Certificate.Status.VALID)
        .select_related("user")
        .first()
    )
    if certificate is None or certificate.user is None or not certificate.user.email:
        return False
    language = certificate.language
    with translation.override(language):
        title = certificate.title_in(language)
        link = site_url() + reverse("certificates:mine")
        subject = one_line(_("Your certificate: %(course)s") % {"course": title})
        body = _(
            "Congratulations! You completed the course “%(course)s” and earned a certificate.\n\n"
            "Download it (PDF, in Arabic, French, Tamazight or English) and the signed "
            "credential from “My certificates”:\n%(link)s\n\n"
            "Anyone can check it with its code: %(code)s"
        ) % {"course": title, "link": link, "code": certificate.grouped_code}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [certificate.user.email])
    return True
