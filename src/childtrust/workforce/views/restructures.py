"""Pages for the workforce's restructures (filled in by issue 13's work)."""

from __future__ import annotations

from django.urls import URLPattern

urls: list[URLPattern] = []
