"""The sign-in throttle under attack (issue 10, items 1 and 2), through auth.sign_in, the form's callback.

Item 1: the attempt is reserved before the password is hashed, so pages
submitting at the same moment get no more password checks than the throttle
allows; the checks are counted by wrapping passwords.verify (slowed down, so
that the attempts really overlap).

Item 2: failures count per name from one client, per client, and per name
from many clients; another name's failures, or another client's, never
refuse a staff member's right password. Which client a call comes from is
set by replacing auth.client_id (the session's address in the app).
"""
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from dashboard.staff import auth, passwords
from tests.staff.helpers import PASSWORD

ATTACKER, OFFICE = "ip:203.0.113.7", "ip:198.51.100.20"
CLIENT_TRIES = 10      # failures from one client, whatever the names, before it waits (CLIENT_TRIES)
NAME_TRIES = 30        # failures for one name from all clients, at most 3 each (NAME_TRIES)


@pytest.fixture
def clock():
    """The throttle's clock, moved by hand."""
    now = [1000.0]
    auth.throttle().clock = lambda: now[0]
    return now


@pytest.fixture
def checks(monkeypatch):
    """How many passwords were hashed and compared (each call slowed to 50 ms, like scrypt)."""
    count, lock, real = [0], threading.Lock(), passwords.verify

    def counted(stored, password):
        with lock:
            count[0] += 1
        time.sleep(0.05)
        return real(stored, password)

    monkeypatch.setattr(passwords, "verify", counted)
    return count


@pytest.fixture
def client(monkeypatch):
    """Where the next sign-in comes from: client[0]."""
    where = [ATTACKER]
    monkeypatch.setattr(auth, "client_id", lambda: where[0], raising=False)
    return where


def at_once(attempts: int, username: str, password: str) -> list[tuple[bool, str]]:
    """`attempts` sign-ins submitted at the same moment, as many pages would."""
    start = threading.Barrier(attempts)

    def one(_):
        start.wait()
        return auth.sign_in(username, password, "vi")

    with ThreadPoolExecutor(attempts) as pool:
        return list(pool.map(one, range(attempts)))


# --- 1. Parallel sign-ins ---------------------------------------------------------------------

def test_thirty_parallel_wrong_passwords_get_no_more_checks_than_the_free_tries(checks, client):
    results = at_once(30, "lan", "sai")
    assert checks[0] == passwords.FREE_TRIES          # was 14 of 30
    assert not any(ok for ok, _ in results)
    assert sum("Hãy đợi" in text for _, text in results) == 30 - passwords.FREE_TRIES


def test_when_a_lockout_ends_one_of_many_simultaneous_tries_is_checked(checks, client, clock):
    for _ in range(passwords.FREE_TRIES):
        auth.sign_in("lan", "sai", "vi")
    assert auth.sign_in("lan", "sai", "vi")[1].startswith("Đã đăng nhập sai nhiều lần")
    clock[0] += passwords.BASE_LOCK + 1
    checks[0] = 0
    at_once(12, "lan", "sai")
    assert checks[0] == 1                              # was 12 of 12


# --- 2. Nobody locks the staff out -----------------------------------------------------------

def test_random_names_from_one_client_do_not_block_a_staff_member_elsewhere(client):
    for _ in range(20):
        assert not auth.sign_in(f"ai-do-{uuid.uuid4().hex[:8]}", "sai", "vi")[0]
    client[0] = OFFICE
    assert auth.sign_in("lan", PASSWORD, "vi") == (True, "Xin chào lan.")   # was "hãy đợi 15 giây"


def test_unknown_names_cost_the_client_that_tries_them(client, checks):
    for _ in range(CLIENT_TRIES):
        auth.sign_in(f"ai-do-{uuid.uuid4().hex[:8]}", "sai", "vi")
    checks[0] = 0
    ok, text = auth.sign_in("minh", PASSWORD, "vi")     # even a right password, from that client
    assert not ok and "Hãy đợi" in text and checks[0] == 0


def test_a_client_hammering_one_name_is_throttled_but_the_staff_member_signs_in_elsewhere(client, clock, checks):
    refused = 0
    for _ in range(200):                               # each lockout waited out: hours of guessing
        ok, text = auth.sign_in("lan", "sai", "vi")
        refused += text.startswith("Đã đăng nhập sai nhiều lần")
        clock[0] += 20
    assert refused > 100 and checks[0] < 40
    while not auth.sign_in("lan", "sai", "vi")[1].startswith("Sai tên"):   # until one more is checked
        clock[0] += 20
    assert not auth.sign_in("lan", PASSWORD, "vi")[0]  # the hammering client waits, right password or not
    client[0] = OFFICE
    assert auth.sign_in("lan", PASSWORD, "vi") == (True, "Xin chào lan.")   # was "hãy đợi 300 giây"


def test_guessing_one_name_from_many_clients_is_stopped_but_not_for_staff_who_signed_in_there(client, checks):
    client[0] = OFFICE
    assert auth.sign_in("lan", PASSWORD, "vi")[0]       # lan has used this address before
    auth.sign_out()
    for i in range(NAME_TRIES):          # a botnet: a few guesses from each address
        client[0] = f"ip:192.0.2.{i // passwords.FREE_TRIES}"
        auth.sign_in("lan", "sai", "vi")
    checks[0] = 0
    client[0] = "ip:192.0.2.250"                       # one more address: refused without a check
    ok, text = auth.sign_in("lan", PASSWORD, "vi")
    assert not ok and "Hãy đợi" in text and checks[0] == 0
    assert auth.sign_in("minh", PASSWORD, "vi")[0]      # other names are not affected
    client[0] = OFFICE
    assert auth.sign_in("lan", PASSWORD, "vi") == (True, "Xin chào lan.")


def test_a_right_password_does_not_wipe_the_clients_other_failures(client):
    """An attacker who knows one account cannot sign in between guesses to reset the client's count."""
    for i in range(CLIENT_TRIES - 1):
        auth.sign_in(f"khach-{i}", "sai", "vi")
    assert auth.sign_in("minh", PASSWORD, "vi")[0]
    assert not auth.sign_in("khach-x", "sai", "vi")[0]
    assert "Hãy đợi" in auth.sign_in("khach-y", "sai", "vi")[1]


# --- Which client ---------------------------------------------------------------------------

class FakeContext:
    """st.context as a session behind `peer` (None: this machine) with these X-Forwarded-For headers."""

    def __init__(self, peer, *forwarded):
        self.ip_address = peer
        self.headers = self
        self._forwarded = list(forwarded)

    def get_all(self, key):
        return self._forwarded if key.lower() == "x-forwarded-for" else []


@pytest.mark.parametrize("peer, forwarded, expected", [
    ("203.0.113.7", ["198.51.100.1"], "ip:203.0.113.7"),              # a direct peer: any header is ignored
    (None, ["10.0.0.1, 198.51.100.9"], "ip:198.51.100.9"),           # a proxy here: the address it added
    (None, ["6.6.6.6", "198.51.100.9"], "ip:198.51.100.9"),
    ("2001:db8:5:6:7::1", [], "ip:2001:db8:5:6::/64"),
    (None, ["forged"], None),
    (None, [], None),
])
def test_the_client_is_the_connections_address_else_the_session(monkeypatch, peer, forwarded, expected):
    import streamlit as st

    monkeypatch.setattr(st, "context", FakeContext(peer, *forwarded))
    got = auth.client_id()
    assert got == expected if expected else got.startswith("session:")


def _sidebar_script():
    from dashboard.staff import auth

    auth.sidebar("vi")


def test_two_browser_sessions_are_two_clients_in_the_app():
    """The sign-in form itself, in two AppTest sessions (no address known: each session is a client)."""
    from streamlit.testing.v1 import AppTest

    from tests.staff.helpers import sign_in

    attacker = AppTest.from_function(_sidebar_script, default_timeout=60).run()
    for i in range(20):
        sign_in(attacker, user=f"ai-do-{i}", password="sai")
    assert "đợi" in attacker.warning[0].value
    staff = sign_in(AppTest.from_function(_sidebar_script, default_timeout=60).run())
    assert not staff.exception and staff.session_state[auth.USER_KEY] == "lan"      # was "hãy đợi"
