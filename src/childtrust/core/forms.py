"""GOV.UK Frontend classes and error states for Django's form widgets."""

from __future__ import annotations

from typing import Any

from django import forms

WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.DateInput: "govuk-input govuk-input--width-10",
    forms.NumberInput: "govuk-input govuk-input--width-10",
    forms.EmailInput: "govuk-input",
    forms.URLInput: "govuk-input",
    forms.PasswordInput: "govuk-input govuk-input--width-20",
    forms.TextInput: "govuk-input",
}
ERROR_CLASSES = {
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-input": "govuk-input--error",
}


def _base_class(widget: forms.Widget) -> str | None:
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.CheckboxInput):
        return None
    for widget_type, css in WIDGET_CLASSES.items():
        if isinstance(widget, widget_type):
            return css
    return None


class GovukFormMixin:
    """Mix into a Form or ModelForm: widgets get GOV.UK classes, hints and errors are linked."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = _base_class(field.widget)
            if css:
                field.widget.attrs["class"] = f"{css} {field.widget.attrs.get('class', '')}".strip()
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}-hint"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in getattr(self, "errors", {}):
            field = self.fields.get(name)
            if field is None:
                continue
            css = field.widget.attrs.get("class", "")
            for base, error_css in ERROR_CLASSES.items():
                if base in css.split() and error_css not in css:
                    css = f"{css} {error_css}"
            field.widget.attrs["class"] = css
            described = field.widget.attrs.get("aria-describedby", "")
            field.widget.attrs["aria-describedby"] = f"{described} id_{name}-error".strip()
