"""Messages of the report layer: {name: (zh, en)}, looked up as "report.<name>"."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
