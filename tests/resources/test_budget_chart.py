"""The paired bar chart the budget page draws: budget against forecast outturn by partner."""

from __future__ import annotations

from childtrust.core.charts import PairedBar, paired_bar_chart


def _chart(rows: list[PairedBar]) -> str:
    return str(
        paired_bar_chart(
            rows,
            first_name="Budget",
            second_name="Forecast outturn",
            chart_id="test",
            title="Budget <and> forecast",
            description="What it shows",
            x_label="£ million",
        )
    )


def test_each_row_has_its_label_and_two_bars_on_one_scale() -> None:
    svg = _chart([PairedBar("Council", 4.0, 5.0), PairedBar("Health", 2.0, 1.0)])

    assert svg.count("<rect") == 2 + 4  # the legend's two keys and two bars a row
    assert ">Council</text>" in svg
    assert ">Health</text>" in svg
    assert "Budget &lt;and&gt; forecast" in svg  # escaped
    assert 'role="img"' in svg
    # The scale runs to 5, so the 5.0 bar fills the plot and the 2.5 tick is halfway.
    assert ">5</text>" in svg
    assert ">2.5</text>" in svg


def test_the_longest_bar_fills_the_plot_and_a_negative_value_draws_nothing() -> None:
    svg = _chart([PairedBar("A", 10.0, -3.0)])
    assert 'width="0.0"' in svg
    assert 'width="422.0"' in svg  # 640 - 190 label column - 28 right margin


def test_no_rows_still_draws_an_empty_chart() -> None:
    svg = _chart([])
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
