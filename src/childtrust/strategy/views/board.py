"""The strategy app's board pages."""

from __future__ import annotations

from django.urls import URLPattern

urls: list[URLPattern] = []
