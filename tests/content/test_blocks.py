"""Media blocks: alt text is required, and a learner sees a file's size before spending data."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.models import Document

from content.blocks import ImageBlock, VideoBlock

pytestmark = pytest.mark.django_db


def test_image_without_alt_text_is_refused():
    block = ImageBlock()
    with pytest.raises((ValidationError, StructBlockValidationError)):
        block.clean(block.to_python({"image": None, "alt": "", "caption": ""}))


def test_video_needs_a_file_or_an_address():
    block = VideoBlock()
    with pytest.raises((ValidationError, StructBlockValidationError)):
        block.clean(block.to_python({"title": "Assemblée générale", "file": None, "embed": None}))


def test_uploaded_video_shows_its_size_and_is_not_preloaded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = Document(title="assemblee.mp4")
    document.file.save("assemblee.mp4", ContentFile(b"\0" * 3_500_000), save=True)
    block = VideoBlock()
    value = block.to_python(
        {
            "title": "L'assemblée générale",
            "file": document.pk,
            "duration_minutes": 4,
            "transcript": "",
        }
    )
    html = block.render(value)
    assert 'preload="none"' in html
    assert "3,3" in html  # the size (3.3 MB, localised), before anything loads
    assert "<details>" in html  # the player only appears when asked for
