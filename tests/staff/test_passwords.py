"""Password hashes, accounts from the environment and the sign-in throttle (no Streamlit)."""
from dashboard.staff import passwords
from tests.staff.helpers import HASH, PASSWORD


def test_hash_and_verify():
    assert HASH.startswith("scrypt$16384$8$1$") and HASH.count("$") == 5
    assert passwords.verify(HASH, PASSWORD)
    assert not passwords.verify(HASH, PASSWORD + " ")
    assert passwords.hash_password(PASSWORD) != HASH                 # salted
    for broken in ("", "plain", "scrypt$1$8$1$AA==$AA==", "md5$16384$8$1$AA==$AA==",
                   "scrypt$16384$8$1$not base64$AA==", HASH.replace("scrypt$16384", "scrypt$4194304")):
        assert not passwords.verify(broken, PASSWORD)
    assert not passwords.verify(HASH, "x" * (passwords.MAX_PASSWORD + 1))


def test_accounts_from_the_environment():
    assert passwords.parse_accounts(" a:h1 , b : h2,bad,:x,c:") == {"a": "h1", "b": "h2"}
    assert passwords.check({"Lan": HASH}, " lan", PASSWORD) == "Lan"
    assert passwords.check({"Lan": HASH}, "lan", "wrong") is None
    assert passwords.check({}, "lan", PASSWORD) is None


def test_throttle_backs_off_exponentially_up_to_five_minutes():
    now = [1000.0]
    guard = passwords.Throttle(clock=lambda: now[0])
    for _ in range(2):
        guard.failed("lan")
    assert guard.wait("lan") == 0
    guard.failed("LAN ")                   # third failure: 15 s
    assert guard.wait("lan") == 15 and guard.wait("minh") == 0
    now[0] += 16
    assert guard.wait("lan") == 0
    guard.failed("lan")                    # fourth: 30 s, and so on, at most 300 s
    assert guard.wait("lan") == 30
    for _ in range(10):
        guard.failed("lan")
    assert guard.wait("lan") == 300
    guard.succeeded("lan")
    assert guard.wait("lan") == 0


def test_throttle_also_counts_failures_across_names():
    now = [0.0]
    guard = passwords.Throttle(clock=lambda: now[0])
    for i in range(passwords.GLOBAL_FREE_TRIES):
        guard.failed(f"user{i}")
    assert guard.wait("someone-new") == 15
    now[0] += passwords.FORGET_AFTER + 1
    assert guard.wait("someone-new") == 0


def test_the_hash_command_says_no_password_instead_of_a_traceback_without_input():
    """`python -m dashboard.staff.passwords` with nothing to read (a script, Ctrl-D) ends with a message."""
    import subprocess
    import sys

    from tests.paths import ROOT

    done = subprocess.run([sys.executable, "-m", "dashboard.staff.passwords", "--lang", "en"], cwd=ROOT,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr and done.stdout == ""


def test_the_environment_replaces_a_secrets_account_of_the_same_name_in_any_case():
    """README: DVK_STAFF wins over secrets.toml for the same name, and names ignore case. Before, secrets'
    "Lan" kept signing in with the old password next to DVK_STAFF's "lan"."""
    from dashboard.staff.passwords import check, hash_password, merge_accounts

    old, new = hash_password("mat-khau-cu"), hash_password("mat-khau-moi")
    table = merge_accounts({"Lan": old, "minh": old}, {"lan": new})
    assert table == {"minh": old, "lan": new}
    assert check(table, "LAN", "mat-khau-moi") == "lan"
    assert check(table, "Lan", "mat-khau-cu") is None
