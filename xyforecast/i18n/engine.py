"""Messages of the engine layer: {name: (zh, en)}, looked up as "engine.<name>"."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
