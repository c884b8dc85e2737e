"""Courses are translated block by block with wagtail-localize; a course may exist in some
languages only, and the catalogue says which."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from courses.models import LessonPage
from courses.selectors import course_languages
from courses.services import enrol
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db


def translate_into(page, language: str, translate, on_commit) -> LessonPage:
    """What a translator does in the admin: start a translation, fill every segment, publish."""
    locale, _ = Locale.objects.get_or_create(language_code=language)
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=locale)
    po = translation.export_po()
    assert len(po) >= 2  # the title and at least one block of the body
    for entry in po:
        entry.msgstr = translate(entry.msgid)
    translation.import_po(po)
    with on_commit(execute=True):  # wagtail-localize publishes once the transaction commits
        translation.save_target(publish=True)
    return page.get_translation(locale).specific


def test_a_lesson_is_translated_block_by_block_into_tamazight(
    client, django_capture_on_commit_callbacks
):
    tree = build_course(modules=(1,))
    lesson = tree.lessons[0]
    zgh = translate_into(
        lesson, "zgh", lambda text: f"ⵜⴰⵎⴰⵣⵉⵖⵜ: {text}", django_capture_on_commit_callbacks
    )
    assert zgh.locale.language_code == "zgh"
    assert zgh.translation_key == lesson.translation_key  # progress is shared across languages
    assert zgh.title.startswith("ⵜⴰⵎⴰⵣⵉⵖⵜ: ")
    original, translated = list(lesson.body), list(zgh.body)
    assert [b.block_type for b in translated] == [b.block_type for b in original]
    assert "ⵜⴰⵎⴰⵣⵉⵖⵜ: مقدمة" in str(translated[0].value)  # a heading block, translated
    learner = UserFactory()
    enrol(user=learner, course=tree.course)
    client.force_login(learner)
    response = client.get(zgh.url)
    assert response.status_code == 200
    assert "ⵜⴰⵎⴰⵣⵉⵖⵜ: مقدمة" in response.content.decode()
    assert zgh.live and zgh.get_parent().locale.language_code == "zgh"  # parents copied


def test_catalogue_lists_the_languages_a_course_exists_in(client):
    tree = build_course(modules=(1,), translate=True)
    other = build_course(modules=(1,), slug="only-arabic")
    languages = course_languages(keys=[tree.course.translation_key, other.course.translation_key])
    assert languages[tree.course.translation_key] == ["ar", "fr"]
    assert languages[other.course.translation_key] == ["ar"]
    page = client.get(tree.course.get_parent().url).content.decode()
    assert 'lang="fr">Français</span>' in page
