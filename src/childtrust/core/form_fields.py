"""GOV.UK patterns for the questions many forms ask: an amount of money (a text input with a £
prefix, never a number input) and a choice of one person among hundreds (a select grouped by
agency that works without JavaScript, which the accessible autocomplete enhances when it runs)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django import forms

# Commas between thousands, a pound sign and spaces are how people write amounts: "£1,234.50".
_WRITTEN_AROUND_AMOUNTS = str.maketrans("", "", "£, \u00a0")


class MoneyInput(forms.TextInput):
    """GOV.UK's text input with a £ prefix: a text box (a number input rounds, spins and refuses
    "1,250"), the numeric keyboard on phones, no spelling check."""

    template_name = "components/money_input_widget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {
                "class": "govuk-input--width-10",
                "inputmode": "decimal",
                "spellcheck": "false",
                **(attrs or {}),
            }
        )


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


class MoneyField(forms.DecimalField):
    """An amount in pounds and pence, read as people write it ("1250", "1,234.50", "£1,234.50"),
    with messages that name the amount: `what` is how a sentence names it ("the budget")."""

    widget = MoneyInput

    def __init__(
        self,
        *,
        what: str,
        allow_negative: bool = False,
        max_digits: int = 14,
        **kwargs: Any,
    ) -> None:
        self.what = what
        limit = f"£{10 ** (max_digits - 2):,}"
        messages = {
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as an amount in pounds, like 1,250 or 1,250.50",
            "min_value": f"{_first_upper(what)} must be £0 or more",
            "max_value": f"{_first_upper(what)} must be less than {limit}",
            "max_digits": f"{_first_upper(what)} must be less than {limit}",
            "max_whole_digits": f"{_first_upper(what)} must be less than {limit}",
            "max_decimal_places": f"Enter {what} to the penny, with at most 2 decimal places",
        }
        messages.update(kwargs.pop("error_messages", None) or {})
        if not allow_negative:
            kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(max_digits=max_digits, decimal_places=2, error_messages=messages, **kwargs)
        # DecimalField gives number inputs a step and bounds; a text input has no use for them.
        for attr in ("step", "min", "max"):
            self.widget.attrs.pop(attr, None)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().translate(_WRITTEN_AROUND_AMOUNTS)
        result: Decimal | None = super().to_python(value)
        return result

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs: dict[str, Any] = super().widget_attrs(widget)
        for attr in ("step", "min", "max"):
            attrs.pop(attr, None)
        return attrs


class PersonSelect(forms.Select):
    """A choice of one person as a select grouped by agency (an optgroup each, agencies in
    alphabetical order), which works without JavaScript; core/static/childtrust/person-
    autocomplete.js turns it into GOV.UK's accessible autocomplete where JavaScript runs."""

    template_name = "components/person_select.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"data-person-autocomplete": "", **(attrs or {})})

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> Any:
        flat = super().optgroups(name, value, attrs)
        loose: list[Any] = []  # the empty choice ("Choose a person") stays first, ungrouped
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for group_name, options, index in flat:
            for option in options:
                agency = _agency_name(option["value"])
                if agency is None:
                    loose.append((group_name, [option], index))
                else:
                    grouped[agency].append(option)
        ordered = sorted(grouped.items(), key=lambda item: item[0].lower())
        return loose + [
            (agency, options, len(loose) + position)
            for position, (agency, options) in enumerate(ordered)
        ]


def _agency_name(value: Any) -> str | None:
    person = getattr(value, "instance", None)
    agency = getattr(person, "agency", None)
    if agency is None:
        return None
    return str(getattr(agency, "name", agency))


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """One person (a StaffMember), grouped by their agency: the queryset reads each person's
    agency in the same query."""

    widget = PersonSelect

    def _set_queryset(self, queryset: Any) -> None:
        if queryset is not None:
            queryset = queryset.select_related("agency")
        super()._set_queryset(queryset)  # type: ignore[misc]  # not in django-stubs

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[attr-defined]
