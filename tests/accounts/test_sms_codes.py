"""One-time codes sent by text message: the session keeps a salted hash, never the code, and a
code works only until it expires."""

import time

from accounts.sms import code_matches, one_time_code


def test_a_code_matches_its_state_only_and_only_until_it_expires():
    code, state = one_time_code()
    assert len(code) == 6 and code.isdigit()
    assert set(state) == {"salt", "code_hash", "expires"}  # no code in the session
    assert code_matches(state, code) and code_matches(state, f" {code}\n")
    assert not code_matches(state, str((int(code) + 1) % 10**6).zfill(6))
    assert not code_matches(state, "") and not code_matches(None, code)
    _other_code, other_state = one_time_code()
    assert not code_matches(other_state, code) or _other_code == code
    expired = {**state, "expires": time.time() - 1}
    assert not code_matches(expired, code)
