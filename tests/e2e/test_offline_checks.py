"""The offline practice page checks answers on the device exactly as the server grades them:
the same text normalisation (quizzes.grading.normalise_text), the same reading of a number
(decimal comma, Arabic digits and separator, no exponent) and the same tolerance arithmetic
(Decimal, not float). A learner told "right" offline is never told otherwise later."""

import pytest
from django.urls import reverse

from quizzes import grading
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_course
from tests.factories.quizzes import add_quiz

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

QUESTIONS = [
    {
        "id": "q-num",
        "type": "numeric",
        "prompt": "كم؟",
        "points": 1,
        "feedback": "",
        "explanation": "",
        "value": "2.5",
        "tolerance": "0.1",
    },
    {
        "id": "q-neg",
        "type": "numeric",
        "prompt": "كم؟",
        "points": 1,
        "feedback": "",
        "explanation": "",
        "value": "-1E+3",
        "tolerance": "0",
    },
    {
        "id": "q-text",
        "type": "short_text",
        "prompt": "ما هو؟",
        "points": 1,
        "feedback": "",
        "explanation": "",
        "accepted": ["Assemblée générale", "مُقَرِّرَة", "إحداث ١٢٣", "oui|non"],
    },
]

ANSWERS = {
    "q-num": [
        "2.6",  # on the tolerance: 2.6 - 2.5 is 0.10000000000000009 in floats
        "2.4",
        "2,6",
        "٢٫٤",
        "2 . 5",
        "2.61",
        "2.39",
        "2.5abc",  # parseFloat would read 2.5
        "25e-1",  # no exponents
        "2,5.0",
        "1,2,3",
        "+2.5",
        ".25",
        "2.",
        "\u22122.5",
    ],
    "q-neg": ["-1000", "\u22121000", "-1 000", "-1000.000", "-999.9999", "1000", "-1e3"],
    "q-text": [
        "Assemblée générale",
        "  ASSEMBLÉE   GÉNÉRALE ",
        "assemblee generale",  # accents are kept
        "مقررة",
        "مقرره",
        "مُقَرِّرَة\u200f",
        "ﻣﻘﺮﺭﺓ",  # presentation forms: NFKC
        "احداث 123",
        "إحداث ۱۲۳",
        "oui|non",
        "oui",  # the old page split the accepted answers on "|"
        "non",
        "Assemblée\tgénérale",
    ],
}


def server_says(question: dict, answer: str) -> bool:
    try:
        given = grading.validate_responses([question], {question["id"]: answer}, partial=True)
    except grading.ResponseError:
        return False
    if question["id"] not in given:  # blank: not answered
        return False
    return grading.grade_question(question, given[question["id"]]).correct


def test_the_device_checks_every_answer_as_the_server_grades_it(live_server, phone_page):
    from courses.services import enrol

    tree = build_course(slug="checks", modules=(1,))
    quiz = add_quiz(tree.modules[0], mode="practice", questions=QUESTIONS)
    user = UserFactory()
    enrol(user=user, course=tree.course)
    page, base = phone_page, live_server.url
    log_in(page, base, user.email, "a-Good-passw0rd")
    page.goto(f"{base}{reverse('quizzes:offline', args=[quiz.pk])}")
    words = page.locator("[data-t-right]")
    right = words.get_attribute("data-t-right")
    device, server = {}, {}
    for question in QUESTIONS:
        box = page.locator(f"fieldset.quiz-q[data-q='{question['id']}']")
        for answer in ANSWERS[question["id"]]:
            box.locator("input[type=text]").fill(answer)
            box.locator(".verdict-line").evaluate("el => { el.textContent = ''; }")
            box.locator("[data-check]").click()
            box.locator(".verdict-line:not(:empty)").wait_for()
            device[question["id"], answer] = box.locator(".verdict-line").inner_text() == right
            server[question["id"], answer] = server_says(question, answer)
    assert device == server
    # The corpus holds both verdicts for every question (a check that says "right" to all, or
    # to none, would not pass).
    for question in QUESTIONS:
        verdicts = {v for (qid, _), v in server.items() if qid == question["id"]}
        assert verdicts == {True, False}, question["id"]
