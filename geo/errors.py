"""The one kind of error the user reads: a message key and the values to fill in.

Files, links and databases fail in ways a leader or a clerk must be told about
in their own language, never with a traceback. The domain core cannot
translate (it knows no language), so it raises a `KeyedError` whose `key`
names a message in the UI's tables and whose `details` fill its
placeholders. Each concern has its own subclass, so a caller catches only
what it can explain: `RecordsError`, `BoundaryError`, `AreaError`,
`IntakeError`.
"""
from typing import Any


class KeyedError(ValueError):
    """A problem to show as the message `key`, filled in with `details`."""

    def __init__(self, key: str, **details: Any):
        super().__init__(f"{key}: {details}")
        self.key = key
        self.details = details

    def values(self) -> dict[str, Any]:
        """The details ready for a message: lists and tuples written as "a, b, c"."""
        return {k: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v
                for k, v in self.details.items()}
