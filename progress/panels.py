"""Sections that higher apps add to the learner's "My learning" page.

``progress`` sits below the apps that reward learning (project bank, certificates), so it cannot
ask them what a learner has earned. Instead they register a panel in ``AppConfig.ready``: a
template and a function that returns its context for the learner (or ``None`` to show nothing).
The page renders every panel in ``order``; each panel keeps its own queries small and constant.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: Callable[[Any], dict | None]  # called with the request
    order: int = 100


_panels: dict[str, Panel] = {}


def register(*, key: str, template: str, context: Callable[[Any], dict | None], order=100):
    _panels[key] = Panel(key, template, context, order)


def panels_for(request) -> list[dict]:
    """``[{"key", "template", "context"}]`` for the panels that have something to show."""
    rendered = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(request)
        if context is not None:
            rendered.append({"key": panel.key, "template": panel.template, "context": context})
    return rendered
