"""The web side of herald: `herald serve`'s JSON API and dashboard (see docs/api.md)."""

from __future__ import annotations

from herald.web.app import create_app

__all__ = ["create_app"]
