"""Messages of the cli layer: {name: (zh, en)}, looked up as "cli.<name>"."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
