"""Staff passwords and sign-in throttling, without Streamlit (the command line may reuse them).

Passwords are stored only as scrypt hashes (hashlib, standard library):

    scrypt$<n>$<r>$<p>$<salt, base64>$<hash, base64>

Make one with `python -m dashboard.staff.passwords` (asks twice, prints the hash)
and put it in `.streamlit/secrets.toml` under `[staff]` or in `DVK_STAFF`
(see README, "Staff accounts"). `verify` compares in constant time.

`Throttle` slows repeated failures down without sleeping: after
FREE_TRIES failures for one user name (or GLOBAL_FREE_TRIES for everyone in
the process) each further try is refused until a lockout window, doubling
with every failure up to MAX_LOCK seconds, has passed.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Mapping

N, R, P = 2**14, 8, 1          # about 50 ms and 16 MB per hash
SALT_BYTES, HASH_BYTES = 16, 32
MAX_N = 2**20                   # a configured hash asking for more memory than this is refused
MAX_PASSWORD = 1024             # characters; longer input is never hashed

FREE_TRIES = 3                  # failures per user name before the lockout starts
GLOBAL_FREE_TRIES = 20          # failures across all names (password spraying) before it starts
BASE_LOCK = 15                  # seconds after the first failure over the limit, then doubled
MAX_LOCK = 300                  # five minutes at most
FORGET_AFTER = 15 * 60          # failures older than this (since the last one) are forgotten
MAX_TRACKED = 10_000            # user names remembered at once (bounded memory)


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


@dataclass
class Throttle:
    """Failures per user name and in total, with timestamps; safe to share between sessions."""

    clock: Callable[[], float] = time.monotonic
    users: dict[str, _Failures] = field(default_factory=dict)
    everyone: _Failures = field(default_factory=_Failures)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, username: str) -> int:
        """Seconds before `username` may try again (0: now)."""
        now = self.clock()
        with self.lock:
            own = self.users.get(fold(username))
            return max(_remaining(own, FREE_TRIES, now), _remaining(self.everyone, GLOBAL_FREE_TRIES, now))

    def failed(self, username: str) -> None:
        now = self.clock()
        with self.lock:
            if len(self.users) >= MAX_TRACKED:
                self._forget_old(now)
            for entry in (self.users.setdefault(fold(username), _Failures()), self.everyone):
                if now - entry.last > FORGET_AFTER:
                    entry.count = 0
                entry.count += 1
                entry.last = now

    def succeeded(self, username: str) -> None:
        with self.lock:
            self.users.pop(fold(username), None)

    def _forget_old(self, now: float) -> None:
        old = [name for name, entry in self.users.items() if now - entry.last > FORGET_AFTER]
        for name in old or list(self.users)[: len(self.users) // 2]:
            del self.users[name]


def lock_seconds(failures: int, free: int = FREE_TRIES) -> int:
    """The lockout after `failures` failures: none up to `free`, then 15 s, 30 s, 60 s, … ≤ 5 min."""
    if failures < free:
        return 0
    return min(BASE_LOCK * 2 ** (failures - free), MAX_LOCK)


def _remaining(entry: _Failures | None, free: int, now: float) -> int:
    if entry is None or now - entry.last > FORGET_AFTER:
        return 0
    left = entry.last + lock_seconds(entry.count, free) - now
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
