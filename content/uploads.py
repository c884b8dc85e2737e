"""Files uploaded by trainers and staff (Wagtail documents and images, bank and quiz imports).

* **Size before parsing**: ``UploadLimitMiddleware`` refuses a multipart body larger than the
  limit from its ``Content-Length`` (413) or without one (411), before Django reads a byte of it;
  Wagtail's own ``WAGTAILIMAGES_MAX_UPLOAD_SIZE`` and Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``
  still apply behind it.
* **Type by content**: ``check_content`` reads the first bytes (``filetype``'s magic numbers) and
  refuses a file whose content is not what its extension says (a script renamed ``.pdf``, an
  executable renamed ``.docx``); text formats must be UTF-8 without NUL bytes.
* **Generated names**: the stored name is random (``<uuid>.<ext>``): nothing of the uploader's
  file name reaches the disk or the URL, and names cannot be guessed.
* Serving (settings): documents go through Wagtail's serve view (``WAGTAILDOCS_SERVE_METHOD``),
  always as attachments (``WAGTAILDOCS_INLINE_CONTENT_TYPES = []``) with ``nosniff``; which
  documents a visitor may fetch is decided by ``courses.wagtail_hooks`` (gated lessons).
"""

import uuid
from pathlib import PurePath

import filetype
from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

MB = 1024 * 1024
TEXT = "text"
#: Extension → the types its content may be detected as.
CONTENT_TYPES = {
    "pdf": {"application/pdf"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    "xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    "odt": {"application/vnd.oasis.opendocument.text"},
    "ods": {"application/vnd.oasis.opendocument.spreadsheet"},
    "mp3": {"audio/mpeg"},
    "ogg": {"audio/ogg"},
    "m4a": {"audio/mp4", "audio/m4a", "video/mp4"},
    "mp4": {"video/mp4"},
    "webm": {"video/webm"},
    "csv": {TEXT},
    "txt": {TEXT},
    "gift": {TEXT},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "png": {"image/png"},
    "gif": {"image/gif"},
    "webp": {"image/webp"},
    "avif": {"image/avif"},
}
_HEAD = 8192


def upload_limit(path: str) -> int:
    """Bytes allowed for one multipart request on ``path`` (``UPLOAD_MAX_BYTES``: a default,
    and longer path prefixes for the admin's media)."""
    limits = getattr(settings, "UPLOAD_MAX_BYTES", {"": 20 * MB})
    best = ""
    for prefix in limits:
        if path.startswith(prefix) and len(prefix) >= len(best):
            best = prefix
    return limits[best]


class UploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in {"POST", "PUT", "PATCH"} and request.META.get(
            "CONTENT_TYPE", ""
        ).startswith("multipart/"):
            refused = self._refuse(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _refuse(self, request):
        raw = request.META.get("CONTENT_LENGTH") or ""
        if not raw:
            return HttpResponse(_("An upload must say its size."), status=411)
        try:
            length = int(raw)
        except ValueError:
            return HttpResponse(_("Invalid upload size."), status=400)
        limit = upload_limit(request.path)
        if length > limit:
            message = _("This file is too large: the limit is %(mb)d MB.") % {"mb": limit // MB}
            return HttpResponse(message, status=413)
        return None


def _extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def check_content(upload, *, extensions=None) -> str:
    """Raise ``ValidationError`` unless ``upload``'s bytes are what its extension says; returns
    the extension. Leaves the file positioned at its start."""
    ext = _extension(getattr(upload, "name", ""))
    allowed = CONTENT_TYPES.get(ext)
    if allowed is None or (extensions is not None and ext not in extensions):
        raise forms.ValidationError(
            _("Files of this type cannot be uploaded here."), code="extension"
        )
    upload.seek(0)
    head = upload.read(_HEAD)
    upload.seek(0)
    if TEXT in allowed:
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut by the sample's end is fine; anything else is not text.
            if exc.start < len(head) - 3:
                raise forms.ValidationError(
                    _("This file is not plain text (UTF-8)."), code="content"
                ) from None
            text = head[: exc.start].decode("utf-8")
        if "\x00" in text:
            raise forms.ValidationError(_("This file is not plain text (UTF-8)."), code="content")
        return ext
    kind = filetype.guess(head)
    if kind is None or kind.mime not in allowed:
        raise forms.ValidationError(
            _("The content of this file does not match its extension (.%(ext)s)."),
            code="content",
            params={"ext": ext},
        )
    return ext


def generated_name(original: str) -> str:
    return f"{uuid.uuid4().hex}.{_extension(original)}"


class CheckedUploadMixin:
    """For Wagtail's document and image forms: content checked, name generated."""

    def allowed_extensions(self) -> set[str] | None:
        """Extensions this form takes (None: any in ``CONTENT_TYPES``)."""
        return None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "read") and not getattr(upload, "_committed", False):
            check_content(upload, extensions=self.allowed_extensions())
            upload.name = generated_name(upload.name)
        return upload


class DocumentForm(CheckedUploadMixin, BaseDocumentForm):
    def allowed_extensions(self) -> set[str]:
        return set(settings.WAGTAILDOCS_EXTENSIONS)


class ImageForm(CheckedUploadMixin, BaseImageForm):
    pass
