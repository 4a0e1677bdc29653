"""The restructures' pages, one module per subject: reading (the list, a restructure, the
affected person's own page, the restructures affecting me), the proposal and its timeline, its
parts (pools, post changes, people) and each person's consultation. `urls` lists them all."""

from __future__ import annotations

from django.urls import URLPattern

from childtrust.workforce.views.restructures import consultation, pages, parts, proposal

urls: list[URLPattern] = [*proposal.urls, *pages.urls, *parts.urls, *consultation.urls]
