"""Build the demo academy from ``content/demo/*.yaml``: home, catalogue, courses C1 and C2 in
Arabic with their French translations (same tree, same translation keys), the review workflow,
and the demo accounts. Idempotent: pages and accounts that exist are left as they are.
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts.models import User
from content.models import HomePage
from cooperatives.demo import load_demo_cooperative
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from projectbank.demo import load_demo_bank
from quizzes.demo import load_demo_quizzes

DEMO_DIR = Path(__file__).resolve().parent.parent / "content" / "demo"
COURSE_FILES = ["c1.yaml", "c2.yaml"]
SOURCE, TARGET = "ar", "fr"
BLOCK_NAMESPACE = uuid.UUID("6f1c5e2a-8a8e-4c1b-9a43-3d1f0c7b2e11")

TRAINERS_GROUP = "Trainers"
REVIEWERS_GROUP = "Reviewers"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    login: str
    password: str
    full_name: str


DEMO_ACCOUNTS = [
    DemoAccount("learner", "0612345678", "Taawuniya-learner-2026", "فاطمة الزهراء العمراني"),
    DemoAccount(
        "trainer", "trainer@demo.taawuniya.ma", "Taawuniya-trainer-2026", "Youssef Aït Bahâ"
    ),
    DemoAccount(
        "cooperative manager",
        "manager@demo.taawuniya.ma",
        "Taawuniya-manager-2026",
        "Khadija Benali",
    ),
    DemoAccount(
        "staff (reviewer, admin)",
        "staff@demo.taawuniya.ma",
        "Taawuniya-staff-2026",
        "Rachid El Idrissi",
    ),
]


def _load(name: str) -> dict:
    with open(DEMO_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _block_id(*parts) -> str:
    return str(uuid.uuid5(BLOCK_NAMESPACE, "/".join(str(p) for p in parts)))


def stream_data(blocks: list[dict], lang: str, scope: str) -> list[dict]:
    """Turn demo blocks into StreamField raw data for one language. Block ids are derived from
    the position, so the Arabic page and its French translation share them."""
    data = []
    for index, block in enumerate(blocks):
        kind = block["type"]
        value = block[lang]
        bid = _block_id(scope, index)
        if kind == "heading":
            raw = {"text": value, "level": "h2"}
        elif kind == "markdown":
            raw = value
        elif kind == "callout":
            raw = {
                "kind": block.get("kind", "tip"),
                "title": value.get("title", ""),
                "body": value["body"],
            }
        elif kind == "case_study":
            raw = {
                "title": value["title"],
                "situation": value["situation"],
                "question": value.get("question", ""),
            }
        elif kind == "key_takeaways":
            raw = {
                "items": [
                    {"type": "item", "value": item, "id": _block_id(scope, index, n)}
                    for n, item in enumerate(value)
                ]
            }
        else:
            raise ValueError(f"unknown demo block type {kind!r}")
        data.append({"type": kind, "value": raw, "id": bid})
    return data


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _child(parent: Page, model, slug: str):
    return model.objects.child_of(parent).filter(slug=slug).first()


def _translate(page: Page, locale: Locale, fields: dict) -> Page:
    """The ``locale`` version of ``page`` (created as a translation if missing), with ``fields``
    set and published."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translated = page.copy_for_translation(locale, copy_parents=False).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    _publish(translated)
    return translated


def ensure_locales() -> dict[str, Locale]:
    """Every site language gets a Wagtail locale (trainers translate into zgh and en in the
    admin); the demo content itself is written in Arabic and translated into French."""
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _n in settings.LANGUAGES
    }
    return {code: locales[code] for code in (SOURCE, TARGET)}


def ensure_home(locales) -> tuple[HomePage, HomePage]:
    site_data = _load("site.yaml")["home"]
    root = Page.get_first_root_node()
    if root is None:  # an empty database (Wagtail's initial data flushed)
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locales[SOURCE]))
    home = HomePage.objects.filter(locale=locales[SOURCE], depth=2).first()
    if home is None:
        # Wagtail's placeholder "Welcome" page takes the slug we want.
        for placeholder in Page.objects.filter(depth=2, content_type__model="page"):
            placeholder.delete()
        home = HomePage(
            title=site_data["title"][SOURCE],
            slug="home",
            locale=locales[SOURCE],
            tagline=site_data["tagline"][SOURCE],
            intro=site_data["intro"][SOURCE],
        )
        root.add_child(instance=home)
        _publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Taawuniya Academy",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Taawuniya Academy"
        site.save()
    home_fr = _translate(
        home,
        locales[TARGET],
        {
            "title": site_data["title"][TARGET],
            "tagline": site_data["tagline"][TARGET],
            "intro": site_data["intro"][TARGET],
        },
    )
    return home, home_fr


def ensure_catalogue(home: HomePage, locales) -> CourseIndexPage:
    data = _load("site.yaml")["catalogue"]
    index = _child(home, CourseIndexPage, "courses")
    if index is None:
        index = CourseIndexPage(
            title=data["title"][SOURCE], slug="courses", intro=data["intro"][SOURCE]
        )
        home.add_child(instance=index)
        _publish(index)
    _translate(
        index, locales[TARGET], {"title": data["title"][TARGET], "intro": data["intro"][TARGET]}
    )
    return index


def ensure_course(index: CourseIndexPage, data: dict, locales) -> CoursePage:
    code = data["code"]
    course = _child(index, CoursePage, data["slug"])
    fields = {
        "code": code,
        "level": data.get("level", "beginner"),
        "estimated_hours": Decimal(str(data.get("estimated_hours", 2))),
        "sector": data.get("sector") or "",
        "gating": data.get("gating", "free"),
    }
    if course is None:
        course = CoursePage(
            title=data["title"][SOURCE],
            slug=data["slug"],
            summary=data["summary"][SOURCE],
            **fields,
        )
        index.add_child(instance=course)
        _publish(course)
    _translate(
        course,
        locales[TARGET],
        {"title": data["title"][TARGET], "summary": data["summary"][TARGET]},
    )
    for module_data in data["modules"]:
        module = _child(course, ModulePage, module_data["slug"])
        if module is None:
            module = ModulePage(
                title=module_data["title"][SOURCE],
                slug=module_data["slug"],
                summary=module_data.get("summary", {}).get(SOURCE, ""),
            )
            course.add_child(instance=module)
            _publish(module)
        _translate(
            module,
            locales[TARGET],
            {
                "title": module_data["title"][TARGET],
                "summary": module_data.get("summary", {}).get(TARGET, ""),
            },
        )
        for lesson_data in module_data["lessons"]:
            scope = f"{code}/{module_data['slug']}/{lesson_data['slug']}"
            lesson = _child(module, LessonPage, lesson_data["slug"])
            if lesson is None:
                lesson = LessonPage(
                    title=lesson_data["title"][SOURCE],
                    slug=lesson_data["slug"],
                    estimated_minutes=lesson_data.get("minutes", 15),
                    body=stream_data(lesson_data["body"], SOURCE, scope),
                )
                module.add_child(instance=lesson)
                _publish(lesson)
            _translate(
                lesson,
                locales[TARGET],
                {
                    "title": lesson_data["title"][TARGET],
                    "body": stream_data(lesson_data["body"], TARGET, scope),
                },
            )
    return course


def ensure_groups_and_workflow(courses: list[CoursePage], index: CourseIndexPage):
    """Trainers edit their own course subtree; reviewers approve and publish (a workflow on the
    whole catalogue, in every language)."""
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    trainers, _ = Group.objects.get_or_create(name=TRAINERS_GROUP)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    trainers.permissions.add(admin_access)
    reviewers.permissions.add(admin_access)
    root_collection = Collection.get_first_root_node()
    for group in (trainers, reviewers):
        for codename in ("add_image", "choose_image", "add_document", "choose_document"):
            app = "wagtailimages" if "image" in codename else "wagtaildocs"
            perm = Permission.objects.get(content_type__app_label=app, codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=perm
            )
    page_perms = {
        codename: Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        for codename in ("add_page", "change_page", "publish_page", "view_page")
    }
    for index_version in [index, *[p.specific for p in index.get_translations()]]:
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=reviewers, page=index_version, permission=page_perms[codename]
            )
    course_teams = {}
    for course in courses:
        team, _ = Group.objects.get_or_create(name=f"Course team {course.code}")
        team.permissions.add(admin_access)
        for version in [course, *course.get_translations()]:
            for codename in ("add_page", "change_page"):
                GroupPagePermission.objects.get_or_create(
                    group=team, page=version, permission=page_perms[codename]
                )
        course_teams[course.code] = team

    workflow, created = Workflow.objects.get_or_create(name="Course review")
    if created or not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.create(name="Review by the office")
        task.groups.set([reviewers])
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr, sort_order=0)
    for index_version in [index, *index.get_translations()]:
        WorkflowPage.objects.get_or_create(page=index_version, defaults={"workflow": workflow})
    return trainers, reviewers, course_teams


def ensure_accounts(trainers: Group, reviewers: Group, course_teams: dict) -> list[DemoAccount]:
    from accounts.phone import normalise_phone

    for account in DEMO_ACCOUNTS:
        if "@" in account.login:
            lookup = {"email": account.login}
        else:
            lookup = {"phone": normalise_phone(account.login)}
        user = User.objects.filter(**lookup).first()
        if user is None:
            user = User(
                username=account.role.split()[0] + "-demo",
                **lookup,
                full_name=account.full_name,
                region="MA-06",
                status="coop_member",
            )
            if "phone" in lookup:
                user.phone_verified = True
            user.set_password(account.password)
            if account.role.startswith("staff"):
                user.is_staff = True
                user.is_superuser = True
            user.save()
            if "email" in lookup:
                from allauth.account.models import EmailAddress

                EmailAddress.objects.get_or_create(
                    user=user, email=account.login, defaults={"verified": True, "primary": True}
                )
        if account.role == "trainer":
            user.groups.add(trainers, course_teams["C1"])
        if account.role.startswith("staff"):
            user.groups.add(reviewers)
    return DEMO_ACCOUNTS


@transaction.atomic
def load_demo() -> list[DemoAccount]:
    locales = ensure_locales()
    home, _ = ensure_home(locales)
    index = ensure_catalogue(home, locales)
    courses = [ensure_course(index, _load(name), locales) for name in COURSE_FILES]
    load_demo_quizzes(courses, locales)
    trainers, reviewers, teams = ensure_groups_and_workflow(courses, index)
    load_demo_bank()  # after the courses: C2 unlocks the economic models
    accounts = ensure_accounts(trainers, reviewers, teams)
    manager = next(a for a in accounts if a.role == "cooperative manager")
    load_demo_cooperative(manager_email=manager.login)  # after the accounts
    return accounts
