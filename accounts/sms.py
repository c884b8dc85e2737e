"""Sending text messages.

The backend is chosen by ``settings.SMS_BACKEND``: the console in development (the code shows in
the terminal that runs ``make run``), an in-memory outbox in tests. A production gateway
implements ``send(phone, text)``. Message texts never go to the logs, only to the backend.
"""

import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

outbox: list["SmsMessage"] = []


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
