"""Demo quizzes: one quiz at the end of every module of the demo courses, in Arabic with its
French translation (same page translation key, same question and choice ids).

The quiz texts live in ``c1.yaml`` / ``c2.yaml`` next to this file. Ids are derived with
``uuid5`` from the course code, module slug and position, so loading twice changes nothing and
the two languages share every id. This module must never change a quiz that already exists
(a trainer may have edited it; attempts keep their own snapshots anyway).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import yaml
from django.contrib.auth.models import Group, Permission

from courses.models import CoursePage, ModulePage

from ..models import QuizPage

DEMO_DIR = Path(__file__).resolve().parent
QUIZ_FILES = ["c1.yaml", "c2.yaml"]
QUIZ_NAMESPACE = uuid.UUID("3b0c1f6e-7a52-4f0b-8a36-5f9d2e4c1a77")
SOURCE, TARGET = "ar", "fr"
QUIZ_SLUG = "quiz"
TRAINERS_GROUP = "Trainers"


def _id(*parts) -> str:
    return str(uuid.uuid5(QUIZ_NAMESPACE, "/".join(str(p) for p in parts)))


def _text(value, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get(lang) or "")
    return str(value)


def question_blocks(questions: list[dict], lang: str, scope: str) -> list[dict]:
    """Demo questions as raw StreamField data for one language; ids depend on ``scope`` and
    position only, so both languages share them."""
    blocks = []
    for n, q in enumerate(questions):
        kind = q["type"]
        qid = _id(scope, n)
        value: dict = {
            "prompt": _text(q.get("prompt"), lang),
            "points": int(q.get("points", 1)),
            "feedback": _text(q.get("feedback"), lang),
            "explanation": _text(q.get("explanation"), lang),
        }
        if kind in ("single", "multiple"):
            value["choices"] = [
                {
                    "type": "item",
                    "id": _id(scope, n, "choice", m),
                    "value": {
                        "text": _text(choice, lang),
                        "correct": bool(choice.get("correct")),
                        "feedback": _text(choice.get("feedback"), lang),
                    },
                }
                for m, choice in enumerate(q["choices"])
            ]
            if kind == "multiple":
                value["scoring"] = q.get("scoring", "all_or_nothing")
        elif kind == "true_false":
            value["answer"] = bool(q.get("answer"))
        elif kind == "numeric":
            value["value"] = str(q.get("value", "0"))
            value["tolerance"] = str(q.get("tolerance", "0") or "0")
        elif kind == "short_text":
            accepted = q.get("accepted") or []
            texts = accepted.get(lang, []) if isinstance(accepted, dict) else accepted
            value["accepted"] = [
                {"type": "item", "id": _id(scope, n, "accepted", lang, m), "value": str(t)}
                for m, t in enumerate(texts)
            ]
        elif kind == "ordering":
            value["items"] = [
                {"type": "item", "id": _id(scope, n, "item", m), "value": _text(item, lang)}
                for m, item in enumerate(q["items"])
            ]
        else:
            raise ValueError(f"unknown demo question type {kind!r}")
        blocks.append({"type": kind, "value": value, "id": qid})
    return blocks


def _publish(page) -> None:
    page.save_revision().publish()


def ensure_quiz(course: CoursePage, data: dict, locales) -> QuizPage | None:
    module = ModulePage.objects.child_of(course).filter(slug=data["module"]).first()
    if module is None:
        return None
    scope = f"{course.code}/{data['module']}"
    quiz = QuizPage.objects.child_of(module).filter(slug=QUIZ_SLUG).first()
    if quiz is None:
        quiz = QuizPage(
            title=_text(data["title"], SOURCE),
            slug=QUIZ_SLUG,
            intro=_text(data.get("intro"), SOURCE),
            mode=data.get("mode", "graded"),
            pass_mark=int(data.get("pass_mark", 70)),
            max_attempts=data.get("max_attempts"),
            show_answers=data.get("show_answers", "after_each_attempt"),
            questions=question_blocks(data["questions"], SOURCE, scope),
        )
        module.add_child(instance=quiz)  # the last child: the module's last learning item
        _publish(quiz)
    if quiz.get_translation_or_none(locales[TARGET]) is None:
        translated = quiz.copy_for_translation(locales[TARGET], copy_parents=False).specific
        translated.title = _text(data["title"], TARGET)
        translated.intro = _text(data.get("intro"), TARGET)
        translated.questions = question_blocks(data["questions"], TARGET, scope)
        translated.save()
        _publish(translated)
    return quiz


def grant_bank_permissions() -> None:
    """Trainers may write bank questions and import GIFT files."""
    trainers, _ = Group.objects.get_or_create(name=TRAINERS_GROUP)
    for codename in ("add_bankquestion", "change_bankquestion", "delete_bankquestion"):
        trainers.permissions.add(
            Permission.objects.get(content_type__app_label="quizzes", codename=codename)
        )


def load_demo_quizzes(courses: list[CoursePage], locales) -> list[QuizPage]:
    """Create the demo quizzes of ``courses`` (by course code) that do not exist yet."""
    by_code = {course.code: course for course in courses}
    created = []
    for name in QUIZ_FILES:
        path = DEMO_DIR / name
        if not path.exists():
            continue
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        course = by_code.get(data["course"])
        if course is None:
            continue
        for quiz_data in data["quizzes"]:
            quiz = ensure_quiz(course, quiz_data, locales)
            if quiz is not None:
                created.append(quiz)
    grant_bank_permissions()
    return created
