"""Page shells: the part of a page that is the same for everyone, rendered once per process.

A lesson page is mostly the same for every learner who opens it: the head, the header, the
crumbs, the title, the body, the footer. What differs per request is small: the CSP nonce, the
account menu (with its CSRF token), messages, the learner's progress and "mark as done" form. A
template marks those parts ``{% live %}…{% endlive %}`` and wraps the page in
``{% shell key %}…{% endshell %}``. The first time a key is seen (per process and tree version,
``content.tree_cache.local_object``), the page is rendered with each live part left as a marker;
the text between markers is kept. Every later request renders only the live parts, in the same
context, and joins them with the kept text.

Rules, checked when a shell is recorded (a template that breaks one raises
``TemplateSyntaxError`` the first time it renders, in tests as anywhere):

* ``key`` names everything the shared text depends on besides the tree version (the page, the
  language, the path, which branches the template takes). A false key renders as usual.
* A live part may only use names of the template's own context: it is rendered outside the
  loops and ``{% with %}`` blocks around it, so none may be around it.
* Nothing about a learner outside a live part.

The kept text is never compiled as a template again: only the live parts' own nodes render.
The marker is random per process, so page content cannot forge one.
"""

import itertools
import secrets
from contextvars import ContextVar
from dataclasses import dataclass, field

from django import template
from django.utils.safestring import mark_safe

from .tree_cache import local_object

MARKER = f"\x00live-{secrets.token_hex(12)}\x00"
#: Names a live part may find pushed around it: a ``{% block %}`` pushes ``block``.
ALLOWED_LOCAL_NAMES = frozenset({"block"})


@dataclass
class _Recording:
    depth: int
    nodes: list = field(default_factory=list)


_recording: ContextVar[_Recording | None] = ContextVar("shell_recording", default=None)
_shell_ids = itertools.count()


class LiveNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        recording = _recording.get()
        if recording is None:
            return self.nodelist.render(context)
        local = set().union(*context.dicts[recording.depth :]) - ALLOWED_LOCAL_NAMES
        if local:
            raise template.TemplateSyntaxError(
                "{% live %} inside a loop or {% with %} in a shell: it would render without "
                f"{', '.join(sorted(local))}"
            )
        recording.nodes.append(self)
        return MARKER


class ShellNode(template.Node):
    def __init__(self, key, nodelist):
        self.key = key
        self.nodelist = nodelist
        # A template parsed again (development, a new deploy) never finds the old one's shells.
        self.shell_id = next(_shell_ids)

    def render(self, context):
        key = self.key.resolve(context)
        if not key or _recording.get() is not None:
            return self.nodelist.render(context)
        parts, nodes = local_object(f"shell:{self.shell_id}:{key}", lambda: self._record(context))
        output = [parts[0]]
        for node, text in zip(nodes, parts[1:], strict=True):
            output.append(node.nodelist.render(context))
            output.append(text)
        return mark_safe("".join(output))

    def _record(self, context):
        recording = _Recording(depth=len(context.dicts))
        token = _recording.set(recording)
        try:
            output = self.nodelist.render(context)
        finally:
            _recording.reset(token)
        parts = output.split(MARKER)
        if len(parts) != len(recording.nodes) + 1:
            raise template.TemplateSyntaxError(
                f"a shell recorded {len(recording.nodes)} live parts and found {len(parts) - 1}"
            )
        return tuple(parts), tuple(recording.nodes)


def do_shell(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% shell key %} takes one argument")
    nodelist = parser.parse(("endshell",))
    parser.delete_first_token()
    return ShellNode(parser.compile_filter(bits[1]), nodelist)


def do_live(parser, token):
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% live %} takes no argument")
    nodelist = parser.parse(("endlive",))
    parser.delete_first_token()
    return LiveNode(nodelist)
