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


HERE, THERE = "ip:198.51.100.20", "ip:203.0.113.7"


def test_throttle_backs_off_exponentially_up_to_five_minutes():
    now = [1000.0]
    guard = passwords.Throttle(clock=lambda: now[0])
    for _ in range(2):
        assert guard.reserve("lan", HERE) == 0         # each try is counted as a failure when reserved
    assert guard.wait("lan", HERE) == 0
    assert guard.reserve("LAN ", HERE) == 0            # third failure: 15 s
    assert guard.wait("lan", HERE) == 15 and guard.wait("minh", HERE) == 0 and guard.wait("lan", THERE) == 0
    assert guard.reserve("lan", HERE) == 15            # refused: nothing counted
    now[0] += 16
    assert guard.reserve("lan", HERE) == 0             # fourth: 30 s, and so on, at most 300 s
    assert guard.wait("lan", HERE) == 30
    for _ in range(10):
        now[0] += 301
        guard.reserve("lan", HERE)
    assert guard.wait("lan", HERE) == 300
    guard.succeeded("lan", HERE)
    assert guard.wait("lan", HERE) == 0


def test_throttle_limits_a_client_across_names_but_not_other_clients():
    now = [0.0]
    guard = passwords.Throttle(clock=lambda: now[0])
    for i in range(passwords.CLIENT_FREE_TRIES):
        assert guard.reserve(f"user{i}", THERE) == 0
    assert guard.wait("someone-new", THERE) == 15
    assert guard.wait("someone-new", HERE) == 0 and guard.wait("lan", HERE) == 0
    now[0] += passwords.FORGET_AFTER + 1
    assert guard.wait("someone-new", THERE) == 0


def test_one_name_from_many_clients_counts_each_client_at_most_the_free_tries():
    now = [0.0]
    guard = passwords.Throttle(clock=lambda: now[0])
    for _ in range(100):                               # one client alone never sets the name's count off
        now[0] += 301
        guard.reserve("lan", THERE)
    assert guard.wait("lan", HERE) == 0
    clients = passwords.NAME_FREE_TRIES // passwords.FREE_TRIES
    for i in range(clients - 2):                       # with THERE: one client short of the limit
        for _ in range(passwords.FREE_TRIES):
            guard.reserve("lan", f"ip:192.0.2.{i}")
    assert guard.wait("lan", HERE) == 0
    for _ in range(passwords.FREE_TRIES):
        guard.reserve("lan", "ip:192.0.2.99")
    assert guard.wait("lan", HERE) == passwords.FORGET_AFTER      # until the oldest of them is forgotten
    assert guard.reserve("lan", HERE) == passwords.FORGET_AFTER   # refused, so not counted either
    assert guard.wait("minh", HERE) == 0
    now[0] += passwords.FORGET_AFTER + 1               # the oldest failures are forgotten: free again
    assert guard.wait("lan", HERE) == 0


def test_client_addresses():
    assert passwords.client_address("203.0.113.7") == "203.0.113.7"
    assert passwords.client_address(" 2001:db8:1:2:3:4:5:6 ") == "2001:db8:1:2::/64"
    assert passwords.client_address("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"    # one /64, one client
    assert passwords.client_address("::ffff:203.0.113.7") == "203.0.113.7"
    for bad in (None, "", "unknown", "203.0.113.7:443", "x" * 5000):
        assert passwords.client_address(bad) is None


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
