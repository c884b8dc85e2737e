"""Erasure can run: every model kept as withdrawn has its owning app's hook."""

from accounts import privacy


def test_every_kept_withdrawn_model_has_an_erase_hook():
    missing = [
        e.label
        for e in privacy.registered()
        if e.erasure == privacy.KEEP_WITHDRAWN and e.on_erase is None
    ]
    assert missing == [], f"register these with on_erase=...: {missing}"
