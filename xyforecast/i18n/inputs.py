"""Messages of the inputs layer: {name: (zh, en)}, looked up as "inputs.<name>"."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
