"""Alembic environment for the record store (geo/records/store.py).

There is no alembic.ini: geo.records.store.upgrade() builds the Config in code and
hands over a connection already inside its write transaction (so two app
processes starting at once cannot both migrate). A new migration, after
changing the tables in geo/records/store.py:

    python -c "from alembic import command; from geo.records.store import alembic_config; \
command.revision(alembic_config('sqlite:///var/dvk.sqlite3'), 'what changed', autogenerate=True)"

then read and correct the generated file in geo/records/migrations/versions/.
"""
from alembic import context
import sqlalchemy as sa

from geo.records.store import metadata

config = context.config


def run_migrations_offline() -> None:
    """`--sql` mode: print the SQL instead of running it."""
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = sa.create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        _run(connection)


def _run(connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
