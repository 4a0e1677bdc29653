"""Background work for safeguarding, run by `childtrust worker` (see childtrust.core.schedule):
one section per part of the app."""

from __future__ import annotations
