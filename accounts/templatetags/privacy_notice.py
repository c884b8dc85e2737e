"""``{% privacy_notice %}``: what the academy keeps about a learner and why, generated from the
personal-data registry (accounts.privacy), in the page's language."""

from django import template

from accounts import privacy

register = template.Library()


@register.inclusion_tag("accounts/includes/privacy_notice.html")
def privacy_notice():
    seen, reasons = set(), []
    for entry in privacy.registered():
        text = str(entry.why)
        if text not in seen:
            seen.add(text)
            reasons.append(text)
    return {"reasons": reasons}
