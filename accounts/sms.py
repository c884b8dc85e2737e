"""Sending text messages.

The backend is chosen by ``settings.SMS_BACKEND``: the console in development (the code shows in
the terminal that runs ``make run``), an in-memory outbox in tests. A production gateway
implements ``send(phone, text)``. Message texts never go to the logs, only to the backend.

One-time codes sent by text message (password reset, "erase my account"): ``one_time_code``
makes one and the state to keep in the session (a salted hash, never the code itself);
``code_matches`` checks a typed code against that state.
"""

import hashlib
import hmac
import secrets
import sys
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

outbox: list["SmsMessage"] = []

#: How long a code sent by text message works.
CODE_TTL = 15 * 60


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str


class ConsoleSmsBackend:
    def send(self, phone: str, text: str) -> None:
        sys.stdout.write(f"\n----- SMS to {phone} -----\n{text}\n--------------------------\n")
        sys.stdout.flush()


class LocmemSmsBackend:
    def send(self, phone: str, text: str) -> None:
        outbox.append(SmsMessage(phone=phone, text=text))


def send_sms(*, phone: str, text: str) -> None:
    backend = import_string(settings.SMS_BACKEND)()
    backend.send(phone, text)


def _hash_code(code: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def one_time_code(*, ttl: int = CODE_TTL) -> tuple[str, dict]:
    """A 6-digit code to send, and the session state that checks it: salt, hash, expiry."""
    salt = secrets.token_hex(8)
    code = f"{secrets.randbelow(10**6):06d}"
    return code, {"salt": salt, "code_hash": _hash_code(code, salt), "expires": time.time() + ttl}


def code_matches(state: dict | None, code: str) -> bool:
    """Whether ``code`` (spaces around it ignored) is the unexpired code of ``state``."""
    code = (code or "").strip()
    return bool(
        code
        and state
        and state.get("expires", 0) > time.time()
        and hmac.compare_digest(_hash_code(code, state["salt"]), state["code_hash"])
    )
