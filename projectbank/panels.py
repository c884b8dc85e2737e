"""The project bank's section of "My learning": unlocked economic models and project plans."""

from . import selectors


def my_learning_panel(request) -> dict | None:
    models_ = selectors.my_unlocked_models(user=request.user)
    plans = selectors.plans_for(user=request.user)
    if not models_ and not plans:
        return None
    return {"models": models_, "plans": plans[:5]}
