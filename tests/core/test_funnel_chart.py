"""The funnel plot (core.charts.funnel_plot and funnel_key): a key naming the points, the
centre line, each reference line and each kind of limit once; each limit labelled at its end;
the reference line drawn across; the text escaped; the whole a well-formed, named SVG image."""

from __future__ import annotations

from xml.etree import ElementTree

from childtrust.core.charts import (
    LIMIT_95,
    LIMIT_99_8,
    SECOND_LINE,
    FunnelLine,
    FunnelPoint,
    ReferenceLine,
    funnel_key,
    funnel_plot,
)

SVG = "{http://www.w3.org/2000/svg}"


STEPS = [10.0, 100.0, 1000.0]
ENGLAND = ReferenceLine("England, 20.0%", 20.0, SECOND_LINE, dashed=True)
CENTRE = "Southampton's value, 25.0% (centre line)"


def _limits() -> list[FunnelLine]:
    return [
        FunnelLine(f"{name} limit ({side})", STEPS, values, colour, label=f"{name} limit")
        for name, colour, low, high in (
            ("95%", LIMIT_95, [5.0, 15.0, 20.0], [45.0, 35.0, 30.0]),
            ("99.8%", LIMIT_99_8, [1.0, 10.0, 18.0], [50.0, 40.0, 32.0]),
        )
        for side, values in (("lower", low), ("upper", high))
    ]


def _chart() -> str:
    return funnel_plot(
        [FunnelPoint("Bevois & Co: 40%", 900, 40.0), FunnelPoint("Bassett", 500, 25.0)],
        centre=25.0,
        centre_name=CENTRE,
        limits=_limits(),
        references=[ENGLAND],
        chart_id="funnel",
        title="Wards against Southampton",
        description="Each ward's value against its denominator.",
        x_label="Denominator",
        y_label="Value (%)",
    )


def test_the_funnel_plot_is_a_named_well_formed_image() -> None:
    root = ElementTree.fromstring(_chart())  # noqa: S314 (our own output)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "funnel-title funnel-desc"


def test_the_key_names_the_points_the_centre_england_and_each_kind_of_limit_once() -> None:
    key = funnel_key("A ward's value", CENTRE, [ENGLAND], _limits())
    assert [(entry.kind, entry.words) for entry in key] == [
        ("point", "A ward's value"),
        ("line", CENTRE),
        ("dashed", "England, 20.0%"),
        ("dashed", "95% limits"),
        ("dashed", "99.8% limits"),
    ]


def test_each_limit_is_labelled_at_its_end_and_england_is_drawn_across() -> None:
    svg = _chart()
    assert svg.count('class="app-funnel-limit"') == 4
    assert svg.count('class="app-funnel-limit-label">95% limit</text>') == 2
    assert svg.count('class="app-funnel-limit-label">99.8% limit</text>') == 2
    assert 'stroke-dasharray="8 4"><title>England, 20.0%</title></line>' in svg
    assert "<title>Southampton&#x27;s value, 25.0% (centre line)</title>" in svg
    assert "Value (%)" in svg


def test_the_points_text_is_escaped() -> None:
    svg = _chart()
    assert "<title>Bevois &amp; Co: 40%</title>" in svg
