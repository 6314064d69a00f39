"""Staff passwords and sign-in throttling, without Streamlit (the command line may reuse them).

Passwords are stored only as scrypt hashes (hashlib, standard library):

    scrypt$<n>$<r>$<p>$<salt, base64>$<hash, base64>

Make one with `python -m dashboard.staff.passwords` (asks twice, prints the hash)
and put it in `.streamlit/secrets.toml` under `[staff]` or in `DVK_STAFF`
(see README, "Staff accounts"). `verify` compares in constant time.

`Throttle` slows repeated failures down without sleeping (lock_seconds: none
for the free tries, then 15 s doubling to 5 minutes), and `attempt` is the one
way to use it: the try is counted as a failure *before* the slow hash, in one
step with the check of the limits, so pages submitting at the same moment get
no more checks than the throttle allows; a right password takes it back.

A refused try is never checked (checking it would tell a guesser when they
hit), so any count that refuses a name to everybody would let anybody lock
that staff member out, and a count over all names would let anybody lock
everyone out. Failures are therefore counted three ways:

- per user name *and client* (FREE_TRIES): guessing one name from one place.
  That client then waits even with the right password; nobody else does.
- per client, whatever the names (CLIENT_FREE_TRIES): password spraying and
  made-up names cost the client that tries them, not the staff.
- per user name from all clients, each client counting at most FREE_TRIES
  (NAME_FREE_TRIES within FORGET_AFTER): guessing one name from many
  addresses, which the two counts above cannot see. One address can never
  set it off (ten must); it then refuses the name, for up to FORGET_AFTER,
  to clients that name has not signed in from in the last TRUST_FOR, so
  the staff member at their usual address is not locked out by it.

Clients it has signed in from skip the per-client count for that name too.
Nothing counts other names' failures from other clients, so they never
refuse a right password. A client is what the app knows of the connection
(dashboard.staff.auth.client_id: its address, else the browser session);
`client_address` makes one client of an address (an IPv6 /64). Memory is
bounded (MAX_TRACKED entries per table, idle ones forgotten first).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Mapping

N, R, P = 2**14, 8, 1          # about 50 ms and 16 MB per hash
SALT_BYTES, HASH_BYTES = 16, 32
MAX_N = 2**20                   # a configured hash asking for more memory than this is refused
MAX_PASSWORD = 1024             # characters; longer input is never hashed

FREE_TRIES = 3                  # failures for one name from one client before that client waits for it
CLIENT_FREE_TRIES = 10          # failures from one client, whatever the names, before it waits
NAME_FREE_TRIES = 30            # failures for one name from all clients (≤ FREE_TRIES each) before new ones wait
BASE_LOCK = 15                  # seconds after the first failure over the limit, then doubled
MAX_LOCK = 300                  # five minutes at most
FORGET_AFTER = 15 * 60          # failures older than this (since the last one) are forgotten
TRUST_FOR = 30 * 24 * 3600      # a name that signed in from a client is not refused there for others' failures
MAX_TRACKED = 10_000            # names, clients and names per client remembered at once (bounded memory)
MAX_NAME = 200                  # characters of a typed user name the throttle keeps


def hash_password(password: str, *, n: int = N, r: int = R, p: int = P) -> str:
    """A new salted scrypt hash of `password`, as the one-line text accounts store."""
    if not password:
        raise ValueError("empty password")
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(password, salt, n, r, p)
    return "$".join(("scrypt", str(n), str(r), str(p), _b64(salt), _b64(digest)))


def verify(stored: str, password: str) -> bool:
    """True when `password` matches the hash `stored`; False for anything malformed."""
    try:
        scheme, n, r, p, salt, digest = str(stored).strip().split("$")
        n, r, p = int(n), int(r), int(p)
        salt, digest = base64.b64decode(salt, validate=True), base64.b64decode(digest, validate=True)
    except (ValueError, TypeError):
        return False
    if scheme != "scrypt" or not (1 < n <= MAX_N and n & (n - 1) == 0) or not (0 < r <= 32 and 0 < p <= 16) \
            or not digest or not isinstance(password, str) or len(password) > MAX_PASSWORD:
        return False
    try:
        candidate = _scrypt(password, salt, n, r, p, len(digest))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(candidate, digest)


# A well-formed hash nobody knows the password of: unknown user names are checked
# against it so that they take as long as known ones.
_DUMMY = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


def check(accounts: Mapping[str, str], username: str, password: str) -> str | None:
    """The account's configured name when (username, password) is right, else None.

    User names are compared without case and surrounding spaces; an unknown
    name costs one scrypt like a known one.
    """
    wanted = fold(username)
    found = next((name for name in accounts if fold(name) == wanted), None)
    ok = verify(accounts[found] if found else _DUMMY, password or "")
    return found if ok and found else None


def fold(username: str) -> str:
    return str(username or "").strip().casefold()


def merge_accounts(*tables: Mapping[str, str]) -> dict[str, str]:
    """Account tables, later ones winning for the same name *as signing in compares names* (fold):
    an administrator who replaces secrets' "Lan" with DVK_STAFF's "lan" revokes the old password."""
    merged: dict[str, str] = {}
    for table in tables:
        for name, stored in table.items():
            for earlier in [n for n in merged if fold(n) == fold(name)]:
                del merged[earlier]
            merged[name] = stored
    return merged


def parse_accounts(text: str | None) -> dict[str, str]:
    """`DVK_STAFF`: "user1:hash1,user2:hash2" (spaces around items ignored)."""
    accounts = {}
    for item in (text or "").split(","):
        name, sep, stored = item.strip().partition(":")
        if sep and name.strip() and stored.strip():
            accounts[name.strip()] = stored.strip()
    return accounts


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int = HASH_BYTES) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=2 * 128 * r * n + 2**20, dklen=length)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --- Throttling ---

@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0

    def live(self, now: float) -> bool:
        return now - self.last <= FORGET_AFTER

    def add(self, now: float) -> None:
        if not self.live(now):
            self.count = 0
        self.count += 1
        self.last = now


@dataclass
class Throttle:
    """Failures per (name, client), per client and per name, with timestamps; safe to share between
    sessions. `reserve` before checking a password, `succeeded` when it was right (module docstring)."""

    clock: Callable[[], float] = time.monotonic
    pairs: dict[str, dict[str, _Failures]] = field(default_factory=dict)   # name → client → failures
    clients: dict[str, _Failures] = field(default_factory=dict)
    trusted: dict[tuple[str, str], float] = field(default_factory=dict)   # (name, client) → last sign-in
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reserve(self, username: str, client: str) -> int:
        """Seconds before `client` may try `username` (nothing counted), or 0 with this try already
        counted as a failure: tries arriving while its password is being hashed see it."""
        name, now = _key(username), self.clock()
        with self.lock:
            wait = self._wait(name, client, now)
            if not wait:
                self._count(name, client, now)
            return wait

    def wait(self, username: str, client: str) -> int:
        """Seconds before `client` may try `username` again (0: now)."""
        with self.lock:
            return self._wait(_key(username), client, self.clock())

    def succeeded(self, username: str, client: str) -> None:
        """The reserved try was right: forget this name's failures from this client, give the client
        back the failure the try was counted as (not its others), and trust the pair from now on."""
        name, now = _key(username), self.clock()
        with self.lock:
            own = self.pairs.get(name, {})
            own.pop(client, None)
            if not own:
                self.pairs.pop(name, None)
            entry = self.clients.get(client)
            if entry is not None and entry.count:
                entry.count -= 1
            _make_room(self.trusted, now, lambda when: when, TRUST_FOR)
            self.trusted[(name, client)] = now

    def _wait(self, name: str, client: str, now: float) -> int:
        waits = [_remaining(self.pairs.get(name, {}).get(client), FREE_TRIES, now)]
        signed_in = self.trusted.get((name, client))
        if signed_in is None or now - signed_in > TRUST_FOR:
            waits += [_remaining(self.clients.get(client), CLIENT_FREE_TRIES, now), self._name_wait(name, now)]
        return max(waits)

    def _name_wait(self, name: str, now: float) -> int:
        """Seconds until the failures for `name` within FORGET_AFTER, each client counting at most
        FREE_TRIES, fall below NAME_FREE_TRIES (0: they are below)."""
        live = sorted((e.last, min(e.count, FREE_TRIES)) for e in self.pairs.get(name, {}).values() if e.live(now))
        load = sum(n for _, n in live)
        if load < NAME_FREE_TRIES:
            return 0
        for last, n in live:                           # the oldest are forgotten first
            load -= n
            if load < NAME_FREE_TRIES:
                return max(1, _seconds(last + FORGET_AFTER - now))
        return 0

    def _count(self, name: str, client: str, now: float) -> None:
        _make_room(self.pairs, now, lambda own: max((e.last for e in own.values()), default=0.0))
        own = self.pairs.setdefault(name, {})
        _make_room(own, now, lambda e: e.last)
        own.setdefault(client, _Failures()).add(now)
        _make_room(self.clients, now, lambda e: e.last)
        self.clients.setdefault(client, _Failures()).add(now)


def _make_room(table: dict, now: float, last: Callable, keep: float = FORGET_AFTER) -> None:
    """Bounded memory: at MAX_TRACKED entries, forget those idle for `keep`, else the older half."""
    if len(table) < MAX_TRACKED:
        return
    old = [key for key, value in table.items() if now - last(value) > keep]
    for key in old or sorted(table, key=lambda k: last(table[k]))[: len(table) // 2]:
        del table[key]


def _key(username: str) -> str:
    return fold(username)[:MAX_NAME]


@dataclass(frozen=True)
class Attempt:
    """What one sign-in attempt came to."""

    user: str | None        # the account's configured name when the password was right
    checked: bool           # False: refused by the throttle before the password was looked at
    wait: int               # seconds before this client may try this name again (0: now)


def attempt(throttle: Throttle, accounts: Mapping[str, str], username: str, password: str,
            client: str) -> Attempt:
    """One sign-in from `client`: reserved in the throttle first, atomically, then checked (check)."""
    wait = throttle.reserve(username, client)
    if wait:
        return Attempt(None, False, wait)
    user = check(accounts, username, password)
    if user is None:
        return Attempt(None, True, throttle.wait(username, client))
    throttle.succeeded(username, client)
    return Attempt(user, True, 0)


def client_address(text: str | None) -> str | None:
    """One client's address from a peer or X-Forwarded-For address: IPv4 as is, IPv6 by its /64 (one
    home or office is given a whole /64); None for anything that is not an address."""
    try:
        address = ipaddress.ip_address(str(text or "").strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def lock_seconds(failures: int, free: int = FREE_TRIES) -> int:
    """The lockout after `failures` failures: none up to `free`, then 15 s, 30 s, 60 s, … ≤ 5 min."""
    if failures < free:
        return 0
    return min(BASE_LOCK * 2 ** (failures - free), MAX_LOCK)


def _remaining(entry: _Failures | None, free: int, now: float) -> int:
    if entry is None or not entry.live(now):
        return 0
    return _seconds(entry.last + lock_seconds(entry.count, free) - now)


def _seconds(left: float) -> int:
    """Whole seconds to wait, rounded up (0 when none are left)."""
    return max(0, int(left + 0.999))


def main(argv: list[str] | None = None) -> int:
    """`python -m dashboard.staff.passwords [--lang en]`: ask for a password twice and print its hash."""
    import getpass
    import sys

    from dashboard.words.i18n import t

    def ask(prompt: str) -> str:
        """The typed password; no terminal input (closed, Ctrl-D, Ctrl-C) counts as none, not a traceback."""
        try:
            return getpass.getpass(prompt)
        except (EOFError, KeyboardInterrupt):
            return ""

    args = sys.argv[1:] if argv is None else argv
    lang = "en" if args[-2:] == ["--lang", "en"] or "--lang=en" in args else "vi"
    first = ask(t("auth_cli_new", lang))
    if not first:
        print(t("auth_cli_empty", lang), file=sys.stderr)
        return 1
    if ask(t("auth_cli_repeat", lang)) != first:
        print(t("auth_cli_mismatch", lang), file=sys.stderr)
        return 1
    print(hash_password(first))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
