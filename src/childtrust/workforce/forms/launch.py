"""Launching a restructure: the confirmation page's one question, the date by which managers
brief their teams on its message (a week from today unless changed)."""

from __future__ import annotations

from django import forms

from childtrust.core.forms import GovukDateField, GovukFormMixin


class LaunchForm(GovukFormMixin, forms.Form):
    brief_by = GovukDateField(
        what="the date by which managers brief their teams",
        label="Managers brief their teams by",
        help_text="Each manager tells the people they manage about the restructure, in person, "
        "by this date. For example, 27 3 2027.",
    )
