"""`python -m dashboard backup | restore | migrate`: keep the records safe, bring them back, upgrade.

    python -m dashboard backup --out FILE [--lang vi|en]
    python -m dashboard restore FILE [--force] [--lang vi|en]
    python -m dashboard migrate [--lang vi|en]

`backup` writes one SQLite file holding every table of the store (records,
import batches, the audit trail, the data version), a consistent snapshot
taken while the app runs, from SQLite or PostgreSQL alike; it never creates
the database it backs up and never overwrites a file. `restore` puts such a
file into the configured database (made when it does not exist: that is how a
lost SQLite file comes back), refusing one that holds data unless `--force`.
The format and its guarantees: geo/records/backup.py. `migrate` brings the
schema to this version's newest revision, once, before a deployment starts
its app processes (README, Deploying); run by several at once, the first
migrates and the others find nothing to do. Exit codes: see
dashboard.cli.output (0 done, 2 refused, nothing written).
"""
from __future__ import annotations

import time
from pathlib import Path

import sqlalchemy as sa

from dashboard.cli.output import OK, Failure, say
from dashboard.config import Config
from dashboard.words.i18n import number, t
from geo.errors import KeyedError
from geo.records import backup
from geo.records.database import (display_url, migrate, open_existing, open_migrated, sqlite_file, stamp_created,
                                  unreachable)


def cmd_backup(args, config: Config) -> int:
    """Write a snapshot of the configured store to a new file."""
    lang, out = args.lang, Path(args.out)
    started = time.perf_counter()
    s = _attempt(lang, open_existing, config.database_url)
    try:
        held = _attempt(lang, backup.backup, s, out, display_url(config.database_url))
    except sa.exc.SQLAlchemyError as exc:
        raise _failure(unreachable(config.database_url, exc), lang) from exc
    finally:
        s.dispose()
    say(t("cli_backup_done", lang, path=out, size=_size(out.stat().st_size, lang),
          seconds=number(round(time.perf_counter() - started, 2), lang, 2), **_counts(held, lang)))
    return OK


def cmd_restore(args, config: Config) -> int:
    """Put a backup into the configured store (refusing one that holds data unless --force)."""
    lang, path = args.lang, Path(args.file)
    started = time.perf_counter()
    _attempt(lang, sqlite_file, config.database_url)  # an unsupported URL is said before the file is read
    _attempt(lang, backup.summary, path)               # and a file that is not a backup before a database is made
    s = _attempt(lang, open_migrated, config.database_url)
    try:
        held = _attempt(lang, backup.restore, path, s, args.force)
        stamp_created(s)
    except sa.exc.SQLAlchemyError as exc:
        raise _failure(unreachable(config.database_url, exc), lang) from exc
    finally:
        s.dispose()
    say(t("cli_restore_done", lang, path=path, where=display_url(config.database_url),
          seconds=number(round(time.perf_counter() - started, 2), lang, 2), **_counts(held, lang)))
    return OK


def cmd_migrate(args, config: Config) -> int:
    """Upgrade the configured store's schema, and say from which revision to which (or that it was current)."""
    lang, started = args.lang, time.perf_counter()
    done = _attempt(lang, migrate, config.database_url)
    key = "cli_migrate_done" if done.applied else "cli_migrate_current"
    say(t(key, lang, where=display_url(config.database_url), before=done.before or t("cli_migrate_empty", lang),
          after=done.after, seconds=number(round(time.perf_counter() - started, 2), lang, 2)))
    return OK


def _attempt(lang: str, action, *args):
    """`action(*args)`, with a refusal of the store, the database or the file said in `lang`."""
    try:
        return action(*args)
    except KeyedError as exc:
        raise _failure(exc, lang) from exc


def _failure(exc: KeyedError, lang: str) -> Failure:
    if exc.key == "write_refused":
        return Failure(t("cli_store_refused", lang, detail=exc.details.get("reason", "")))
    try:
        return Failure(t(exc.key, lang, **exc.values()))
    except (KeyError, IndexError):
        return Failure(t("cli_store_refused", lang, detail=str(exc)))


def _counts(held: backup.Summary, lang: str) -> dict[str, str]:
    return {"records": number(held.records, lang), "batches": number(held.batches, lang),
            "changes": number(held.changes, lang), "version": number(held.data_version, lang)}


def _size(size: int, lang: str) -> str:
    return f"{number(size / 2**20, lang, 1)} MB" if size >= 2**20 else f"{number(size / 2**10, lang, 0)} KB"


def add_backup_parsers(commands, common) -> None:
    """The backup and restore subcommands and their options."""
    p = commands.add_parser("backup", parents=[common],
                            help="write a consistent snapshot of the database (records, batches, audit trail)")
    p.add_argument("--out", required=True, metavar="FILE", help="the backup file to write (never overwritten)")
    p.set_defaults(run=cmd_backup)

    p = commands.add_parser("restore", parents=[common], help="put a backup into the database (DATABASE_URL)")
    p.add_argument("file", help="a file written by `backup`")
    p.add_argument("--force", action="store_true",
                   help="replace everything a database that is not empty holds (back it up first)")
    p.set_defaults(run=cmd_restore)

    p = commands.add_parser("migrate", parents=[common],
                            help="bring the database's tables to this version (run once before starting the app)")
    p.set_defaults(run=cmd_migrate)

