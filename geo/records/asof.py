"""The records as they stood at a past moment: what a link "as of" that moment shows.

A link shared in a meeting must keep its numbers after later imports, edits
and rollbacks. The audit trail (`changes`, geo/records/store.py) holds every
write with the record before and after it, so the records at a moment T are
today's records rewound: every record changed after T goes back to how its
first change after T found it (its `before`; none when that change inserted
it). Rewinding and not replaying from the start: the work grows with what
changed since T (a meeting's few imports), not with the million records
stored, and today's records are already in memory.

The moment is placed in the trail once (first_change_after): writers take
turns (store.writing), so change ids follow the order the writes were made
in, and the records at T are today's rewound through the first change after
T and every later one (records_from). Moments with no write between them give
the same change, so a cache keyed by it holds one copy for all of them,
whatever moments a link names.

One exception: a record staff deleted on purpose (action "delete", one record
at a time: a person's name, a person who asked to be left out) is shown at no
moment again; only rollbacks and edits are undone. A rollback undoes a file's
import; a deletion says the record must go.

A write is placed when its work is done, just before it commits (`changes.at`):
one still running at T counts after T, as a room looking then saw the records
(only the commit's own milliseconds are left in between). A database restored from a backup brings its own
trail, so its links rewind through its own history.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pandas as pd
import sqlalchemy as sa

from geo.records.schema import COLUMNS, validate_records
from geo.records.store import Store, changes


def first_change_after(store: Store, at: datetime) -> int | None:
    """The id of the first change made after `at` (an aware datetime); None when nothing changed since."""
    c = changes.c
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.min(c.id)).where(c.at > at.astimezone(timezone.utc))).scalar()


def first_changes_from(store: Store, first: int) -> pd.DataFrame:
    """Each record changed by change `first` or a later one, once: its id, its content before the first such
    change (a dict; None when that change inserted it) and whether its last change deleted it on purpose."""
    c = changes.c
    span = (sa.select(c.record_id, sa.func.min(c.id).label("first"), sa.func.max(c.id).label("last"))
            .where(c.id >= first).group_by(c.record_id).subquery())
    first_change, last_change = changes.alias("first_change"), changes.alias("last_change")
    query = (sa.select(span.c.record_id, first_change.c.before, last_change.c.action)
             .join(first_change, first_change.c.id == span.c.first)
             .join(last_change, last_change.c.id == span.c.last))
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame({"record_id": [r[0] for r in rows],
                         "before": [json.loads(r[1]) if r[1] is not None else None for r in rows],
                         "deleted": [r[2] == "delete" for r in rows]})


def rewind(live: pd.DataFrame, first_changes: pd.DataFrame) -> pd.DataFrame:
    """`live` records (as geo.records.schema types them) with every record in `first_changes` put back as
    its `before` says, or left out when it had none or was deleted. `live` itself when nothing changed."""
    if first_changes.empty:
        return live
    rows = live[~live["id"].astype(str).isin(set(first_changes["record_id"]))].astype(
        {"field": str, "commune_code": str})
    kept = first_changes[~first_changes["deleted"]]
    restored = pd.DataFrame([b for b in kept["before"] if b is not None], columns=list(COLUMNS))
    if len(restored):
        rows = pd.concat([rows, restored.fillna("").astype(str)], ignore_index=True)
    return validate_records(rows.sort_values("id", kind="stable"))


def records_from(store: Store, first: int, live: pd.DataFrame) -> pd.DataFrame:
    """The store's records as they stood just before its change `first` (first_change_after), given its
    records now (`live`, read_records)."""
    return rewind(live, first_changes_from(store, first))


def records_at(store: Store, at: datetime, live: pd.DataFrame) -> pd.DataFrame:
    """The store's records as they stood at `at`, given its records now (`live`, read_records)."""
    first = first_change_after(store, at)
    return live if first is None else records_from(store, first, live)
