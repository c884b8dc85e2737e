"""PDF rendering in the background: one file per certificate and language however often it
runs; a task that dies halfway is safe to retry (one certificate, one file). A real worker
(the database backend's ``db_worker``) runs the queued renders."""

import os
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import override_settings

from certificates import services, tasks
from certificates.models import PDF_LANGUAGES, Certificate, CertificateFile
from tests.factories.certificates import certified_learner

pytestmark = pytest.mark.django_db


def _files_on_disk(settings, certificate):
    folder = os.path.join(settings.MEDIA_ROOT, "certificates", str(certificate.uuid))
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_rendering_again_replaces_the_file(settings):
    _tree, user = certified_learner()
    certificate = Certificate.objects.get(user=user)
    before = _files_on_disk(settings, certificate)
    assert len(before) == len(PDF_LANGUAGES)
    for _ in range(3):
        tasks.render_certificate_pdf.enqueue(certificate.pk, "fr")
    assert _files_on_disk(settings, certificate) == before
    assert CertificateFile.objects.filter(certificate=certificate).count() == len(PDF_LANGUAGES)


def test_a_render_that_dies_after_storing_the_file_is_safe_to_retry(settings):
    _tree, user = certified_learner()
    certificate = Certificate.objects.get(user=user)
    CertificateFile.objects.all().delete()
    boom = RuntimeError("worker killed")
    with (
        mock.patch.object(CertificateFile.objects, "update_or_create", side_effect=boom),
        pytest.raises(RuntimeError),
    ):
        services.render_certificate_file(certificate_id=certificate.pk, language="ar")
    assert not CertificateFile.objects.exists()
    row = services.render_certificate_file(certificate_id=certificate.pk, language="ar")
    assert Certificate.objects.count() == 1
    assert CertificateFile.objects.count() == 1
    assert _files_on_disk(settings, certificate).count(os.path.basename(row.file.name)) == 1
    assert len(_files_on_disk(settings, certificate)) == len(PDF_LANGUAGES)  # no stray copy


def test_a_render_that_dies_before_storing_is_safe_to_retry(settings):
    _tree, user = certified_learner()
    certificate = Certificate.objects.get(user=user)
    with (
        mock.patch("certificates.pdf.certificate_pdf", side_effect=RuntimeError("killed")),
        pytest.raises(RuntimeError),
    ):
        services.render_certificate_file(certificate_id=certificate.pk, language="en")
    services.render_certificate_file(certificate_id=certificate.pk, language="en")
    assert CertificateFile.objects.filter(certificate=certificate, language="en").count() == 1
    assert len(_files_on_disk(settings, certificate)) == len(PDF_LANGUAGES)


def test_file_names_are_generated_and_unguessable():
    _tree, user = certified_learner()
    certificate = Certificate.objects.get(user=user)
    row = CertificateFile.objects.get(certificate=certificate, language="ar")
    assert row.file.name == services.file_name(certificate, "ar")
    assert str(certificate.uuid) in row.file.name
    assert user.get_username() not in row.file.name and certificate.code not in row.file.name


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_runs_the_queued_renders(settings):
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    ):
        _tree, user = certified_learner()
        certificate = Certificate.objects.get(user=user)
        assert not CertificateFile.objects.exists()  # queued, not run
        call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    assert sorted(CertificateFile.objects.values_list("language", flat=True)) == sorted(
        PDF_LANGUAGES
    )
    assert len(_files_on_disk(settings, certificate)) == len(PDF_LANGUAGES)


def test_a_pdf_whose_file_is_gone_is_rendered_again_when_asked_for(settings):
    _tree, user = certified_learner()
    certificate = Certificate.objects.get(user=user)
    row = CertificateFile.objects.get(certificate=certificate, language="fr")
    os.remove(os.path.join(settings.MEDIA_ROOT, row.file.name))
    again = services.certificate_file(certificate=certificate, language="fr")
    assert again.pk == row.pk and again.rendered_at > row.rendered_at
    with again.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    # A file still on disk is served as it is, not rendered again.
    assert services.certificate_file(certificate=certificate, language="fr").rendered_at == (
        again.rendered_at
    )
