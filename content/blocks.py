"""The StreamField blocks every page type shares.

Each block renders through its own template under ``templates/blocks/`` and gives editors a
description. Blocks that load data (video, audio, documents) always say how big the file is
before a learner spends data on it, and never preload it.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from .markdown import render_markdown, render_rich_text


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=pgettext_lazy("heading", "Level"),
        choices=[("h2", _("Section")), ("h3", _("Sub-section"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"
        description = _("A section title inside the page.")
        preview_value = {"text": "Pourquoi agir ensemble ?", "level": "h2"}


class MarkdownBlock(blocks.TextBlock):
    """Plain-text markdown: raw HTML is off and the output is sanitised with nh3."""

    def render_basic(self, value, context=None):
        return render_markdown(value)

    def get_api_representation(self, value, context=None):
        return {"markdown": value, "html": str(render_markdown(value))}

    class Meta:
        icon = "code"
        label = _("Markdown text")
        template = "blocks/markdown_block.html"
        description = _("Paragraphs, **bold**, lists. HTML is not allowed.")
        preview_value = "Une **coopérative** est un groupe de personnes qui s'unissent."


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe the image for people who cannot see it. Required."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"
        description = _("An image shown at the right size for each screen.")


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    file = DocumentChooserBlock(
        label=_("Uploaded video file"), required=False, help_text=_("MP4 or WebM.")
    )
    embed = EmbedBlock(label=_("Or a video address to embed"), required=False)
    poster = ImageChooserBlock(label=_("Poster image"), required=False)
    duration_minutes = blocks.IntegerBlock(label=_("Duration (minutes)"), required=False)
    transcript = blocks.TextBlock(label=_("Transcript"), required=False)

    def clean(self, value):
        from django.core.exceptions import ValidationError

        value = super().clean(value)
        if not value.get("file") and not value.get("embed"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "file": ValidationError(_("Upload a video file or give a video address."))
                }
            )
        return value

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video_block.html"
        description = _("A video that only loads when the learner asks, with its size shown.")


class AudioBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    file = DocumentChooserBlock(label=_("Audio file"), help_text=_("MP3, OGG or M4A."))
    transcript = blocks.TextBlock(label=_("Transcript"), required=False)

    class Meta:
        icon = "microphone"
        label = _("Audio")
        template = "blocks/audio_block.html"
        description = _("Listen to the lesson: another way in for learners who read less easily.")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(label=_("Description"), required=False, max_length=250)

    class Meta:
        icon = "doc-full"
        label = _("Downloadable document")
        template = "blocks/document_block.html"
        description = _("A file to download, with its type and size shown.")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("tip", _("Tip")), ("warning", _("Warning")), ("example", _("Example"))],
        default="tip",
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    body = MarkdownBlock(label=_("Text"))

    class Meta:
        icon = "help"
        label = _("Callout")
        template = "blocks/callout_block.html"
        description = _("A tip, a warning or an example set apart from the text.")
        preview_value = {"kind": "tip", "title": "Astuce", "body": "Notez tout dans le cahier."}


class KeyTakeawaysBlock(blocks.StructBlock):
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Points to remember"))

    class Meta:
        icon = "list-ul"
        label = _("Key takeaways")
        template = "blocks/key_takeaways_block.html"
        description = _("The few points a learner should remember from the lesson.")


class CaseStudyBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    situation = MarkdownBlock(label=_("Situation"))
    question = blocks.CharBlock(label=_("Question to think about"), required=False, max_length=400)

    class Meta:
        icon = "group"
        label = _("Case study")
        template = "blocks/case_study_block.html"
        description = _("A real-life situation from a cooperative, with a question to reflect on.")


class RichTextBlock(blocks.RichTextBlock):
    """The editor's rich text, rendered through nh3 like markdown (``content.markdown``): text
    stored around the editor (an import, a translation file) never reaches a page or an app as
    live markup. The API gives the same sanitised HTML the page shows, not the stored source."""

    def get_api_representation(self, value, context=None):
        return str(render_rich_text(value.source if value is not None else ""))

    class Meta:
        template = "blocks/rich_text_block.html"


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "hr"]


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    rich_text = RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Rich text"), icon="pilcrow")
    markdown = MarkdownBlock()
    image = ImageBlock()
    video = VideoBlock()
    audio = AudioBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
    key_takeaways = KeyTakeawaysBlock()
    case_study = CaseStudyBlock()
