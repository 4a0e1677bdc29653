"""The restructures' pages, one module per subject; `urls` lists them all."""

from __future__ import annotations

from django.urls import URLPattern

urls: list[URLPattern] = []
