"""Browser steps for quizzes, shared by the journeys: answer a quiz through the real form, right
or wrong, reading the answer key from the attempt's snapshot (the page never has it)."""

from quizzes.models import QuizAttempt


def _fill(page, question, right: bool):
    name = f"q-{question['id']}"
    kind = question["type"]
    if kind in ("single", "multiple"):
        ids = [c["id"] for c in question["choices"] if c["correct"] is right]
        for cid in ids if kind == "multiple" else ids[:1]:
            page.locator(f"input[name='{name}'][value='{cid}']").check()
    elif kind == "true_false":
        value = "true" if question["answer"] is right else "false"
        page.locator(f"input[name='{name}'][value='{value}']").check()
    elif kind == "numeric":
        page.fill(f"input[name='{name}']", question["value"] if right else "987654")
    elif kind == "short_text":
        page.fill(f"input[name='{name}']", question["accepted"][0] if right else "؟")
    elif kind == "ordering":
        ids = [i["id"] for i in question["items"]]
        for position, item_id in enumerate(ids if right else list(reversed(ids)), start=1):
            page.select_option(f"select[id$='-{position}'][name='{name}']", item_id)


def take_quiz(page, *, right: bool = True):
    """On a quiz page: start (or retry), answer every question, submit; ends on the result."""
    page.locator("form[action*='/quiz/'][action$='/start/'] button").click()
    attempt = QuizAttempt.objects.filter(pk=int(page.url.rstrip("/").split("/")[-1])).get()
    if attempt.is_practice:
        for _ in attempt.order:
            qid = next(q for q in attempt.order if q not in _answered(attempt))
            question = next(q for q in attempt.served if q["id"] == qid)
            _fill(page, question, right)
            page.locator("form[action$='/answer/'] button[type=submit]").click()
            if "/result/" in page.url:  # the last answer leads to the summary
                break
            page.locator("main .actions a.btn").first.click()  # next question
        return attempt
    for question in attempt.served:
        _fill(page, question, right)
    page.locator("form[action$='/submit/'] button[type=submit]").first.click()
    return attempt


def _answered(attempt):
    return QuizAttempt.objects.get(pk=attempt.pk).responses


def on_quiz_page(page) -> bool:
    return page.locator("form[action*='/quiz/'][action$='/start/']").count() > 0
