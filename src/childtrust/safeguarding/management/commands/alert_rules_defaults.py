"""`childtrust alert_rules_defaults`: makes the partnership's default alert rules that do not
exist yet (three concerns from two agencies in 90 days, any concern about a child with a child
protection plan, three missing episodes in 90 days). Safe to run again: a rule that exists by
name is left as it is."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from childtrust.safeguarding.services.alert_rules import alert_rules_defaults_ensure


class Command(BaseCommand):
    help = "Make the partnership's default alert rules that do not exist yet."

    def handle(self, *args: Any, **options: Any) -> None:
        made = alert_rules_defaults_ensure()
        if not made:
            self.stdout.write("Every default alert rule exists already.")
        for rule in made:
            self.stdout.write(f"Made the rule '{rule.name}'.")
