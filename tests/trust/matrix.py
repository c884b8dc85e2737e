"""The permission matrix, as data: for every route of the site and the API, who may do what.

Roles (columns, in this order): anonymous, learner, trainer, cooperative manager, staff — see
``tests/trust/world.py`` for who they are and what they own. The learner owns the private
objects (enrolment, attempt, plan, certificate, app key); every other role asking for them must
get 404, as for a missing object. Outcomes:

    OK      2xx                      LOGIN   redirect to the login page
    NF      404                      NA      405 (method not allowed: no state change by GET)
    RD      any other redirect       U       401 (API, not authenticated)
    FB      403                      BAD     400

A rule names the routes it covers (``namespace:name``, or a path prefix ending in ``*`` for
the admin's hundreds of routes) and probes them. ``test_permission_matrix`` fails on a route no
rule covers and on any cell that does not hold.
"""

from dataclasses import dataclass

OK, LOGIN, NF, NA, RD, U, FB, BAD = "2xx", "login", "404", "405", "3xx", "401", "403", "400"


def same(outcome):
    return (outcome,) * 5


def private(own=OK):
    """A page about the learner's own object: login first, then 404 for everyone else."""
    return (LOGIN, own, NF, NF, NF)


def api_private(own=OK):
    return (U, own, NF, NF, NF)


SIGNED_IN = (LOGIN, OK, OK, OK, OK)
API_SIGNED_IN = (U, OK, OK, OK, OK)
POST_ONLY = (LOGIN, NA, NA, NA, NA)
API_POST_ONLY = (U, NA, NA, NA, NA)


@dataclass(frozen=True)
class Probe:
    method: str
    url: str  # formatted with the world's ids
    expect: tuple  # one outcome per role (None: this probe does not ask that role)
    must_not_contain: tuple = ()  # texts that must never appear in the body (answer keys...)


@dataclass(frozen=True)
class Rule:
    resource: str
    routes: tuple
    probes: tuple


def GET(url, expect, **kw):
    return Probe("GET", url, expect, **kw)


def POST(url, expect, **kw):
    return Probe("POST", url, expect, **kw)


NOT_LEARNER = (None, None, NF, NF, NF)  # a POST on the learner's object by anyone else
#: Explanations and per-choice feedback of the sample quiz: the answer key, never shown before
#: the attempt is submitted (tests/factories/quizzes.py).
ANSWER_KEY = (
    "EXPLAIN-SINGLE-7731",
    "CHOICE-FEEDBACK-RIGHT-9951",
)

MATRIX = (
    # --- health, static redirects, languages -------------------------------------------------
    Rule("health", ("healthz", "readyz"), (GET("/healthz", same(OK)), GET("/readyz", same(OK)))),
    Rule("service worker", ("service_worker",), (GET("/sw.js", same(OK)),)),
    Rule(
        "web app manifest",
        ("web_manifest",),
        (GET("/ar/manifest.webmanifest", same(OK)), GET("/fr/manifest.webmanifest", same(OK))),
    ),
    Rule("favicon", ("favicon.ico",), (GET("/favicon.ico", same(RD)),)),
    Rule(
        "language switch",
        ("set_language", "choose_language"),
        (GET("/i18n/setlang/", same(RD)), GET("/language/fr/?next=/fr/", same(RD))),
    ),
    # --- accounts ---------------------------------------------------------------------------
    Rule(
        "own account",
        (
            "accounts:profile",
            "accounts:erase_account",
            "account_email",
            "account_change_password",
            "account_change_phone",
            "account_reauthenticate",
        ),
        (
            GET("/fr/accounts/profile/", SIGNED_IN),
            GET("/fr/accounts/profile/erase/", SIGNED_IN),
            GET("/fr/accounts/email/", SIGNED_IN),
            GET("/fr/accounts/password/change/", SIGNED_IN),
            GET("/fr/accounts/phone/change/", SIGNED_IN),
            GET("/fr/accounts/reauthenticate/", SIGNED_IN),
        ),
    ),
    Rule(
        "own data export",
        ("accounts:download_my_data",),
        (GET("/fr/accounts/profile/my-data/", POST_ONLY),),
    ),
    Rule(
        "app keys",
        ("accounts:revoke_app_key", "accounts:new_app_key"),
        (
            GET("/fr/accounts/profile/keys/new/", POST_ONLY),
            GET("/fr/accounts/profile/keys/{token}/revoke/", POST_ONLY),
            POST("/fr/accounts/profile/keys/{token}/revoke/", NOT_LEARNER),
        ),
    ),
    Rule(
        "second factor",
        (
            "accounts:two_factor",
            "accounts:two_factor_setup",
            "accounts:two_factor_verify",
            "accounts:two_factor_disable",
            "accounts:two_factor_codes",
        ),
        (
            GET("/fr/accounts/two-factor/", (LOGIN, NF, OK, NF, OK)),
            GET("/fr/accounts/two-factor/setup/", (LOGIN, NF, RD, NF, RD)),
            GET("/fr/accounts/two-factor/verify/", (LOGIN, RD, RD, RD, RD)),
            GET("/fr/accounts/two-factor/disable/", POST_ONLY),
            GET("/fr/accounts/two-factor/codes/", POST_ONLY),
        ),
    ),
    Rule(
        "login, sign-up, password reset (public)",
        (
            "account_login",
            "account_signup",
            "account_logout",
            "account_inactive",
            "account_email_verification_sent",
            "account_set_password",
            "account_reset_password",
            "account_confirm_login_code",
            "account_confirm_email",
            "account_verify_phone",
            "account_reset_password_from_key_done",
            "account_reset_password_from_key",
            "account_reset_password_done",
            "accounts:phone_reset",
            "accounts:phone_reset_confirm",
            "wagtailcore_login",
            "wagtailcore_authenticate_with_password",
        ),
        (
            GET("/fr/accounts/login/", (OK, RD, RD, RD, RD)),
            GET("/fr/accounts/signup/", (OK, RD, RD, RD, RD)),
            GET("/fr/accounts/logout/", (RD, OK, OK, OK, OK)),
            GET("/fr/accounts/inactive/", same(OK)),
            GET("/fr/accounts/confirm-email/", same(OK)),
            GET("/fr/accounts/password/set/", (LOGIN, RD, RD, RD, RD)),
            GET("/fr/accounts/password/reset/", same(OK)),
            GET("/fr/accounts/login/code/confirm/", (LOGIN, RD, RD, RD, RD)),
            GET("/fr/accounts/confirm-email/not-a-key/", same(OK)),
            GET("/fr/accounts/phone/verify/", (LOGIN, RD, RD, RD, RD)),
            GET("/fr/accounts/password/reset/key/done/", same(OK)),
            GET("/fr/accounts/password/reset/key/1-not-a-key/", same(OK)),
            GET("/fr/accounts/password/reset/done/", same(OK)),
            GET("/fr/accounts/password/reset/phone/", same(OK)),
            GET("/fr/accounts/password/reset/phone/confirm/", same(RD)),
            GET("/fr/_util/login/", same(OK)),
            GET("/fr/_util/authenticate_with_password/999/{lesson}/", same(NF)),
        ),
    ),
    # --- learning ---------------------------------------------------------------------------
    Rule(
        "my learning",
        ("progress:my_learning",),
        (GET("/fr/learn/", SIGNED_IN),),
    ),
    Rule(
        "progress of an enrolment",
        ("progress:report",),
        (GET("/fr/learn/report/{enrolment}/", private()),),
    ),
    Rule(
        "offline module",
        ("progress:offline_manifest", "quizzes:offline"),
        (
            GET("/fr/learn/offline/{module}/", (LOGIN, OK, NF, NF, NF)),
            # A graded quiz is never sent for offline practice: its key stays on the server.
            GET("/fr/quiz/{quiz}/offline/", (LOGIN, NF, NF, NF, NF)),
        ),
    ),
    Rule(
        "state changes of learning (POST only)",
        (
            "progress:mark_done",
            "courses:enrol",
            "courses:unenrol",
            "quizzes:start",
            "quizzes:save",
            "quizzes:submit",
            "quizzes:answer",
        ),
        (
            GET("/fr/learn/done/{lesson}/", POST_ONLY),
            GET("/fr/enrolment/enrol/{course}/", POST_ONLY),
            GET("/fr/enrolment/leave/{course}/", POST_ONLY),
            GET("/fr/quiz/{quiz}/start/", POST_ONLY),
            GET("/fr/quiz/attempt/{attempt}/save/", POST_ONLY),
            GET("/fr/quiz/attempt/{attempt}/submit/", POST_ONLY),
            GET("/fr/quiz/attempt/{attempt}/answer/", POST_ONLY),
            POST("/fr/quiz/attempt/{attempt}/save/", NOT_LEARNER),
            POST("/fr/quiz/attempt/{attempt}/submit/", NOT_LEARNER),
            POST("/fr/quiz/attempt/{attempt}/answer/", NOT_LEARNER),
        ),
    ),
    Rule(
        "quiz attempts",
        ("quizzes:attempt", "quizzes:result"),
        (
            GET("/fr/quiz/attempt/{attempt}/", private(), must_not_contain=ANSWER_KEY),
            GET("/fr/quiz/attempt/{attempt}/result/", private(RD)),
        ),
    ),
    Rule(
        "pages: published, gated lessons, drafts, quizzes",
        ("wagtail_serve",),
        (
            GET("{home_url}", same(OK)),
            GET("{course_url}", same(OK)),
            GET("{lesson_url}", (LOGIN, OK, RD, RD, RD)),
            GET("{draft_url}", same(NF)),
            GET("{quiz_url}", (LOGIN, OK, RD, RD, RD), must_not_contain=ANSWER_KEY),
        ),
    ),
    Rule(
        "documents",
        ("wagtaildocs_serve", "wagtaildocs_authenticate_with_password"),
        (
            GET("/documents/999999/missing.pdf", same(NF)),
            # No such restriction: 404, turned by the locale middleware into a redirect to the
            # language-prefixed path, which is 404 again.
            GET("/documents/authenticate_with_password/999/", same(RD)),
        ),
    ),
    # --- project bank -------------------------------------------------------------------------
    Rule(
        "project bank (public)",
        (
            "projectbank:catalogue",
            "projectbank:directory",
            "projectbank:project",
        ),
        (
            GET("/fr/bank/", same(OK)),
            GET("/fr/bank/directory/", same(OK)),
            GET("/fr/bank/p/{project}/", same(OK)),
        ),
    ),
    Rule(
        "economic-model templates: locked and unlocked",
        ("projectbank:template", "projectbank:template_json", "projectbank:copy_template"),
        (
            # A template is shown to whoever unlocked it; locked, it is 404 like a missing one.
            GET("/fr/bank/models/{template}/", (NF, OK, NF, NF, NF)),
            GET("/fr/bank/models/{template}/plan.json", (NF, OK, NF, NF, NF)),
            GET("/fr/bank/models/{template}/copy/", POST_ONLY),
            POST("/fr/bank/models/{template}/copy/", (None, None, NF, NF, NF)),
        ),
    ),
    Rule(
        "own plans and ideas",
        (
            "projectbank:for_me",
            "projectbank:my_plans",
            "projectbank:my_ideas",
            "projectbank:propose_idea",
        ),
        (
            GET("/fr/bank/for-me/", SIGNED_IN),
            GET("/fr/bank/plans/", SIGNED_IN),
            GET("/fr/bank/ideas/", SIGNED_IN),
            GET("/fr/bank/ideas/new/", SIGNED_IN),
        ),
    ),
    Rule(
        "a plan",
        ("projectbank:plan", "projectbank:plan_xlsx", "projectbank:plan_pdf"),
        (
            GET("/fr/bank/plans/{plan}/", private()),
            GET("/fr/bank/plans/{plan}/plan.xlsx", private()),
            GET("/fr/bank/plans/{plan}/plan.pdf", private()),
        ),
    ),
    # --- certificates -------------------------------------------------------------------------
    Rule(
        "own certificates",
        ("certificates:mine", "certificates:pdf", "certificates:credential"),
        (
            GET("/fr/certificates/", SIGNED_IN),
            GET("/fr/certificates/{certificate}/pdf/fr/", private()),
            GET("/fr/certificates/{certificate}/credential/", private()),
        ),
    ),
    Rule(
        "verification (public)",
        (
            "certificates:verify_form",
            "certificates:verify_credential",
            "certificates:verify_json",
            "certificates:verify",
            "certificates_key",
            "certificates_issuer",
        ),
        (
            GET("/fr/verify/", same(OK)),
            GET("/fr/verify/credential/", same(OK)),
            GET("/fr/verify/{certificate}.json", same(OK)),
            GET("/fr/verify/{certificate}/", same(OK)),
            GET("/fr/verify/NOT-A-CODE/", same(BAD)),  # cannot be a code
            GET("/fr/verify/GHQ1SR0WBVKD0KNVAK39FWWEZR31/", same(NF)),
            GET("/.well-known/certificates-key.json", same(OK)),
            GET("/.well-known/certificates-issuer.json", same(OK)),
        ),
    ),
    # --- cooperatives -------------------------------------------------------------------------
    Rule(
        "cooperatives and member exports",
        (
            "cooperatives:mine",
            "cooperatives:dashboard",
            "cooperatives:export_csv",
            "cooperatives:export_xlsx",
            "cooperatives:invite",
            "cooperatives:upload",
            "cooperatives:assign",
            "cooperatives:reminders",
            "cooperatives:join",
        ),
        (
            GET("/fr/cooperatives/", (LOGIN, NF, NF, RD, NF)),  # a manager goes to their dashboard
            GET("/fr/cooperatives/{cooperative}/", (LOGIN, NF, NF, OK, NF)),
            GET("/fr/cooperatives/{cooperative}/members.csv", (LOGIN, NF, NF, OK, NF)),
            GET("/fr/cooperatives/{cooperative}/members.xlsx", (LOGIN, NF, NF, OK, NF)),
            GET("/fr/cooperatives/{cooperative}/invite/", (LOGIN, NF, NF, OK, NF)),
            GET("/fr/cooperatives/{cooperative}/upload/", POST_ONLY),
            GET("/fr/cooperatives/{cooperative}/assign/", (LOGIN, NF, NF, OK, NF)),
            GET("/fr/cooperatives/{cooperative}/reminders/", POST_ONLY),
            POST("/fr/cooperatives/{cooperative}/reminders/", (None, NF, NF, None, NF)),
            GET("/fr/cooperatives/join/not-a-token/", same(NF)),
        ),
    ),
    Rule(
        "course analytics (trainers) and territory (staff)",
        (
            "cooperatives:trainer_courses",
            "cooperatives:course_analytics",
            "cooperatives:territory",
            "cooperatives:territory_export",
        ),
        (
            GET("/fr/cooperatives/analytics/", (LOGIN, NF, OK, NF, OK)),
            GET("/fr/cooperatives/analytics/{course_key}/", (LOGIN, NF, OK, NF, OK)),
            GET("/fr/cooperatives/territory/", (LOGIN, NF, NF, NF, OK)),
            GET("/fr/cooperatives/territory/figures.csv", (LOGIN, NF, NF, NF, OK)),
        ),
    ),
    # --- the editors' admin -------------------------------------------------------------------
    Rule(
        "CMS",
        ("cms/*",),
        (
            # Without admin access Wagtail sends people to the login page.
            GET("/cms/", (LOGIN, LOGIN, OK, LOGIN, OK)),
            GET("/cms/pages/{course}/edit/", (LOGIN, LOGIN, OK, LOGIN, OK)),
            GET("/cms/pages/{home_page}/edit/", (LOGIN, LOGIN, RD, LOGIN, OK)),
            GET("/cms/users/", (LOGIN, LOGIN, RD, LOGIN, OK)),
            GET("/cms/groups/edit/{course_team}/", (LOGIN, LOGIN, RD, LOGIN, OK)),
        ),
    ),
    Rule(
        "Django admin",
        ("django-admin/*",),
        (
            GET("/django-admin/", (RD, RD, RD, RD, OK)),
            GET("/django-admin/axes/accessattempt/", (RD, RD, RD, RD, OK)),
            GET("/django-admin/accounts/auditevent/", (RD, RD, RD, RD, OK)),
        ),
    ),
    # --- the API ------------------------------------------------------------------------------
    Rule(
        "API: keys and account",
        (
            "api:auth-token",
            "api:auth-signup",
            "api:auth-logout",
            "api:auth-tokens",
            "api:auth-token-revoke",
            "api:me",
        ),
        (
            GET("/api/v1/auth/token/", same(NA)),
            GET("/api/v1/auth/signup/", same(NA)),
            GET("/api/v1/auth/logout/", (U, NA, NA, NA, NA)),
            GET("/api/v1/auth/tokens/", API_SIGNED_IN),
            Probe("DELETE", "/api/v1/auth/tokens/{token}/", NOT_LEARNER),
            GET("/api/v1/me/", API_SIGNED_IN),
        ),
    ),
    Rule(
        "API: catalogue, lessons, progress",
        (
            "api:courses",
            "api:course-detail",
            "api:course-enrolment",
            "api:lesson",
            "api:lesson-complete",
            "api:progress-events",
            "api:my-learning",
        ),
        (
            GET("/api/v1/courses/", same(OK)),
            GET("/api/v1/courses/{course}/", same(OK)),
            GET("/api/v1/courses/{course}/enrolment/", API_POST_ONLY),
            GET("/api/v1/lessons/{lesson}/", (U, OK, FB, FB, FB)),
            GET("/api/v1/lessons/{lesson}/complete/", API_POST_ONLY),
            GET("/api/v1/progress/events/", API_POST_ONLY),
            GET("/api/v1/me/learning/", API_SIGNED_IN),
        ),
    ),
    Rule(
        "API: quizzes and attempts",
        (
            "api:quiz",
            "api:quiz-start",
            "api:attempt",
            "api:attempt-save",
            "api:attempt-submit",
            "api:attempt-practice-answer",
            "api:attempt-result",
        ),
        (
            GET("/api/v1/quizzes/{quiz}/", (U, OK, FB, FB, FB), must_not_contain=ANSWER_KEY),
            GET("/api/v1/quizzes/{quiz}/attempts/", API_POST_ONLY),
            GET("/api/v1/attempts/{attempt}/", api_private(), must_not_contain=ANSWER_KEY),
            GET("/api/v1/attempts/{attempt}/answers/", API_POST_ONLY),
            GET("/api/v1/attempts/{attempt}/submit/", API_POST_ONLY),
            GET("/api/v1/attempts/{attempt}/practice-answer/", API_POST_ONLY),
            GET("/api/v1/attempts/{attempt}/result/", api_private(NF)),
        ),
    ),
    Rule(
        "API: project bank and plans",
        (
            "api:bank-projects",
            "api:bank-project",
            "api:bank-templates",
            "api:bank-template",
            "api:bank-template-copy",
            "api:bank-plans",
            "api:bank-plan",
            "api:bank-plan-compute",
        ),
        (
            GET("/api/v1/bank/projects/", same(OK)),
            GET("/api/v1/bank/projects/{project}/", same(OK)),
            GET("/api/v1/bank/templates/", same(OK)),
            GET("/api/v1/bank/templates/{template}/", (U, OK, NF, NF, NF)),
            GET("/api/v1/bank/templates/{template}/copy/", API_POST_ONLY),
            GET("/api/v1/bank/plans/", API_SIGNED_IN),
            GET("/api/v1/bank/plans/{plan}/", api_private()),
            GET("/api/v1/bank/plans/{plan}/compute/", API_POST_ONLY),
        ),
    ),
    Rule(
        "API: certificates",
        (
            "api:certificates",
            "api:certificate-verify",
            "api:certificate-pdf",
            "api:certificate-credential",
        ),
        (
            GET("/api/v1/certificates/", API_SIGNED_IN),
            GET("/api/v1/certificates/verify/{certificate}/", same(OK)),
            GET("/api/v1/certificates/{certificate}/pdf/fr/", api_private()),
            GET("/api/v1/certificates/{certificate}/credential/", api_private()),
        ),
    ),
    Rule(
        "API: the cooperative manager's dashboard",
        ("api:cooperatives", "api:cooperative-dashboard"),
        (
            GET("/api/v1/cooperatives/", API_SIGNED_IN),  # everyone: the ones they manage
            GET("/api/v1/cooperatives/{cooperative}/dashboard/", (U, NF, NF, OK, NF)),
        ),
    ),
    Rule(
        "API: schema and docs, unknown paths",
        ("api:schema", "api:swagger-ui", "api:redoc", "api/v1/^.*$"),
        (
            GET("/api/v1/schema/", same(OK)),
            GET("/api/v1/docs/", same(OK)),
            GET("/api/v1/redoc/", same(OK)),
            GET("/api/v1/no-such-thing/", same(NF)),
        ),
    ),
)
