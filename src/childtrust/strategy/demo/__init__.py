"""The demo partnership's strategic plan 2026-27 to 2030-31: five objectives (one per Every Child
Matters outcome) with milestones, measures and check-ins, the change programme (stage owners,
risks, decisions) and three board meetings. Invented, labelled demonstration data; loaded by
`childtrust load_demo` after the partnership, staff voice, outcomes and resources it refers to."""

from __future__ import annotations

from django.db.models import Model

from childtrust.strategy.demo.board import board_demo_load
from childtrust.strategy.demo.change import change_demo_load
from childtrust.strategy.demo.measures import measures_demo_load
from childtrust.strategy.demo.plan import plan_demo_load


def strategy_demo_load() -> dict[type[Model], int]:
    """The plan and its objectives first; measures and check-ins on those objectives; then the
    change programme's owners, risks and decisions; then the board meetings that rated the
    stages, took decisions and set actions."""
    created: dict[type[Model], int] = {}
    for load in (plan_demo_load, measures_demo_load, change_demo_load, board_demo_load):
        created |= load()
    return created
