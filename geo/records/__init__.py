"""Records: the models and exemplars offices register, from their schema to the database and back to files.

Modules, in the order a record meets them:
`fields` (the six fields and two kinds, as codes and labels), `schema` (the
columns, reading and checking a records CSV), `keys` (the one duplicate key:
what makes two records the same model), `store` (the SQLAlchemy record store:
audited changes, import batches with rollback; its schema is made by
`migrations/`), `database` (the store ready to use: opened, migrated, seeded
with the demo records; unsupported, unreachable or lost databases as
messages), `export` (Excel-safe CSV and .xlsx, and the import template offices
fill in), `backup` (a consistent snapshot in one SQLite file, restored into
either engine).
"""
