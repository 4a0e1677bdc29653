"""The measures' and check-ins' pages: every role at every page, the forms' bad input shown with
every message and nothing written, the CSV, and the measures list's read in a fixed number of
queries however many measures there are."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.strategy.models import CheckIn, Measure, MeasureReading, MeasureSource
from childtrust.strategy.selectors.measure_pages import measure_page
from childtrust.strategy.selectors.measures import months_open
from childtrust.strategy.selectors.plan import objective_rows
from childtrust.strategy.selectors.stage_evidence import stage_evidence
from childtrust.voice.models import Survey, SurveyRound, SurveyTheme
from tests.conftest import ALL_ROLES
from tests.strategy import factories_measures as factories
from tests.strategy.factories_measures import (
    Setting,
    indicator_with_figures,
    measure,
    plan_with_objective,
    reading,
)

pytestmark = pytest.mark.django_db

KEEPERS = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}


@pytest.fixture
def setting() -> Setting:
    return plan_with_objective()


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reads_the_measures_a_measure_and_the_check_ins(
    setting: Setting, role: str, client_for: Callable[[str], Client]
) -> None:
    made = measure(setting.objective)
    reading(made, 3.9, datetime.date(2026, 6, 30))
    client = client_for(role)

    pages = [
        reverse("strategy:measures"),
        reverse("strategy:measure", args=[made.pk]),
        reverse("strategy:check_ins", args=[setting.objective.pk]),
        reverse("strategy:measures_csv"),
    ]

    assert [client.get(page).status_code for page in pages] == [200, 200, 200, 200]


def test_anonymous_visitors_are_sent_to_sign_in(setting: Setting) -> None:
    response = Client().get(reverse("strategy:measures"))

    assert response.status_code == 302


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_keepers_reach_the_measure_forms(
    setting: Setting, role: str, client_for: Callable[[str], Client]
) -> None:
    made = measure(setting.objective)
    client = client_for(role)

    statuses = {
        client.get(reverse("strategy:measure_create", args=[setting.objective.pk])).status_code,
        client.get(reverse("strategy:measure_edit", args=[made.pk])).status_code,
        client.get(reverse("strategy:measure_reading_create", args=[made.pk])).status_code,
    }

    assert statuses == ({200} if role in KEEPERS else {403})


def test_the_list_puts_off_trajectory_first_and_says_status_in_words(
    setting: Setting, client_for: Callable[[str], Client]
) -> None:
    on = measure(setting.objective, title="On its way")
    reading(on, 3.7, datetime.date(2026, 6, 30))
    off = measure(setting.objective, title="Falling behind")
    reading(off, 3.95, datetime.date(2026, 6, 30))
    measure(setting.objective, title="Not measured")

    text = client_for(Role.PRACTITIONER).get(reverse("strategy:measures")).content.decode()

    assert text.index("Falling behind") < text.index("On its way")
    assert "Off trajectory" in text
    assert "On trajectory" in text
    assert "Not yet measured" in text
    assert "3.95 per 1,000" in text


def test_a_measure_page_has_its_chart_table_summary_and_rule(
    setting: Setting, client_for: Callable[[str], Client]
) -> None:
    indicator = indicator_with_figures(value=3.6, lower=3.1, upper=4.1)
    made = measure(setting.objective, source=MeasureSource.INDICATOR, indicator=indicator)

    text = client_for(Role.PRACTITIONER).get(reverse("strategy:measure", args=[made.pk]))
    page = text.content.decode()

    assert "<svg" in page
    assert 'role="img"' in page
    assert "The chart&#x27;s figures" in page or "The chart's figures" in page
    assert "includes the 2026-27 target of 3.8 per 1,000" in page
    assert "How the status is judged" in page
    assert "3.1 per 1,000 to 4.1 per 1,000" in page
    assert "than England</strong>" in page
    assert page.count("Compared with England at 95% confidence.") == 1


def test_a_measure_is_added_through_the_form(
    setting: Setting, client_for: Callable[[str], Client]
) -> None:
    data = {
        "title": "Sessions lost",
        "unit": "per 1,000",
        "direction": "lower",
        "baseline": "4.0",
        "baseline_period": "2025-26",
        "source": "manual",
        **{f"target_{year}": str(4.0 - 0.1 * (year - 2025)) for year in range(2026, 2031)},
    }

    response = client_for(Role.STRATEGIC_LEAD).post(
        reverse("strategy:measure_create", args=[setting.objective.pk]), data
    )

    made = Measure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("strategy:measure", args=[made.pk])
    assert made.targets.count() == 5


def test_the_measure_form_shows_every_problem_at_once(
    setting: Setting, client_for: Callable[[str], Client]
) -> None:
    data = {
        "title": "",
        "unit": "%",
        "direction": "lower",
        "baseline": "four",
        "baseline_period": "2025-26",
        "source": "manual",
        "target_2026": "3.8",
        "target_2027": "lots",
    }

    response = client_for(Role.STRATEGIC_LEAD).post(
        reverse("strategy:measure_create", args=[setting.objective.pk]), data
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in text
    for message in (
        "Enter the measure&#x27;s title",
        "Enter the baseline as a number, like 12.5",
        "Enter the target for 2027-28 as a number, like 12.5",
        "Enter the target for 2028-29",
        "Enter the target for 2030-31",
    ):
        assert message in text
    assert not Measure.objects.exists()


def test_the_services_refusal_is_shown_on_the_form(
    setting: Setting, client_for: Callable[[str], Client]
) -> None:
    data = {
        "title": "Sessions lost",
        "unit": "per 1,000",
        "direction": "lower",
        "baseline": "12.3",
        "baseline_period": "2025-26",
        "source": "indicator",
        **{f"target_{year}": "12" for year in range(2026, 2030)},
        "target_2030": "13",
    }

    response = client_for(Role.STRATEGIC_LEAD).post(
        reverse("strategy:measure_create", args=[setting.objective.pk]), data
    )

    text = response.content.decode()
    assert "The 2030-31 target must be lower than the baseline of 12.3" in text
    assert "Choose the outcome indicator" in text
    assert not Measure.objects.exists()


def test_a_figure_is_added_by_hand_and_a_bad_one_refused(
    setting: Setting, client_for: Callable[[str], Client]
) -> None:
    made = measure(setting.objective)
    client = client_for(Role.STRATEGIC_LEAD)
    url = reverse("strategy:measure_reading_create", args=[made.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    bad = client.post(
        url,
        {
            "value": "",
            "measured_on_day": tomorrow.day,
            "measured_on_month": tomorrow.month,
            "measured_on_year": tomorrow.year,
            "source": "",
        },
    )
    good = client.post(
        url,
        {
            "value": "3.7",
            "measured_on_day": "30",
            "measured_on_month": "6",
            "measured_on_year": "2026",
            "source": "School census",
        },
    )

    assert "Enter the figure" in bad.content.decode()
    assert "Enter where the figure comes from" in bad.content.decode()
    assert good.status_code == 302
    assert MeasureReading.objects.get().value == 3.7


def test_the_csv_has_each_measure_and_is_formula_safe(
    setting: Setting, client_for: Callable[[str], Client]
) -> None:
    made = measure(setting.objective, title="=HYPERLINK(1)")
    reading(made, 3.7, datetime.date(2026, 6, 30))

    response = client_for(Role.PRACTITIONER).get(reverse("strategy:measures_csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Objective", "Measure"]
    assert rows[1][1].startswith("'=")
    assert rows[1][7] == "3.7"
    assert rows[1][12] == "on trajectory"


def test_the_measures_list_reads_in_a_fixed_number_of_queries(
    setting: Setting, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.STRATEGIC_LEAD)
    indicator = indicator_with_figures()
    # Survey-theme measures sharing one survey read its trends once, not once each.
    survey = Survey.objects.create(title="Pulse survey")
    today = timezone.localdate()
    SurveyRound.objects.create(
        survey=survey,
        number=1,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today - datetime.timedelta(days=16),
    )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("strategy:measures")).status_code == 200
        return len(captured)

    def survey_measure(n: int) -> None:
        measure(
            setting.objective,
            title=f"Survey {n}",
            source=MeasureSource.SURVEY_THEME,
            survey=survey,
            survey_theme=SurveyTheme.CLARITY,
        )

    measure(setting.objective, title="By hand 0")
    measure(setting.objective, title="Indicator 0", source="indicator", indicator=indicator)
    survey_measure(0)
    queries()  # the first request also touches the session
    few = queries()
    for n in range(1, 8):
        made = measure(setting.objective, title=f"By hand {n}")
        reading(made, 3.5, datetime.date(2026, 6, 30))
        measure(setting.objective, title=f"Indicator {n}", source="indicator", indicator=indicator)
        survey_measure(n)

    assert queries() == few


# --- Check-ins ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_owner_reaches_the_check_in_form(
    setting: Setting, role: str, client_for: Callable[[str], Client]
) -> None:
    url = reverse("strategy:check_in_create", args=[setting.objective.pk])

    assert client_for(role).get(url).status_code == 403
    assert signed_in(setting.owner).get(url).status_code == 200


def test_the_owner_records_a_check_in_after_an_error_and_sees_it_in_the_history(
    setting: Setting,
) -> None:
    client = signed_in(setting.owner)
    url = reverse("strategy:check_in_create", args=[setting.objective.pk])
    this_month, _ = months_open(timezone.localdate())

    refused = client.post(url, {"month": this_month.isoformat(), "happened": ""})
    recorded = client.post(
        url,
        {"month": this_month.isoformat(), "confidence": "2", "happened": "Clinics full."},
        follow=True,
    )

    assert "Choose how confident you are" in refused.content.decode()
    assert "Enter what happened this month" in refused.content.decode()
    assert CheckIn.objects.get().confidence == 2
    assert "2 of 5: Low" in recorded.content.decode()
    assert "Clinics full." in recorded.content.decode()


def test_a_missing_objective_or_measure_is_404(client_for: Callable[[str], Client]) -> None:
    client = client_for(Role.STRATEGIC_LEAD)

    assert client.get(reverse("strategy:measure", args=[999])).status_code == 404
    assert client.get(reverse("strategy:check_ins", args=[999])).status_code == 404


def test_a_figure_from_before_the_plan_is_in_the_chart_table_not_lost() -> None:
    """Indicators are often published for a year before the plan's first: that figure, with its
    interval, is the chart's and table's as well as the sentence's."""
    setting = factories.plan_with_objective()
    indicator = factories.indicator_with_figures(
        value=3.41, lower=2.82, upper=4.09, period="2023/24"
    )
    found = factories.measure(
        setting.objective, source=MeasureSource.INDICATOR, indicator=indicator
    )
    page = measure_page(found, datetime.date(2026, 12, 3), setting.lead)
    labels = [row.label for row in page.rows]
    assert labels[:2] == ["Baseline (2025-26)", "2023/24"]
    pre_plan = page.rows[1]
    assert (pre_plan.actual, pre_plan.lower, pre_plan.upper) == (3.41, 2.82, 4.09)
    assert pre_plan.target is None


def test_a_figure_for_the_baseline_period_shares_the_baseline_row() -> None:
    setting = factories.plan_with_objective()
    indicator = factories.indicator_with_figures(value=3.9, lower=3.5, upper=4.3, period="2025/26")
    found = factories.measure(
        setting.objective, source=MeasureSource.INDICATOR, indicator=indicator
    )
    Measure.objects.filter(pk=found.pk).update(baseline_period="2025/26")
    found.refresh_from_db()
    page = measure_page(found, datetime.date(2026, 12, 3), setting.lead)
    baseline = page.rows[0]
    assert (baseline.target, baseline.actual, baseline.upper) == (4.0, 3.9, 4.3)
    assert [row.label for row in page.rows][1] == "2026-27"


def test_a_measure_ahead_of_trajectory_says_so_in_words_and_is_never_counted_off(
    setting: Setting, client_for: Callable[[str], Client]
) -> None:
    indicator = indicator_with_figures(value=2.5, lower=2.1, upper=2.8)
    ahead = measure(
        setting.objective, title="Well ahead", source=MeasureSource.INDICATOR, indicator=indicator
    )
    today = timezone.localdate()

    text = client_for(Role.PRACTITIONER).get(reverse("strategy:measure", args=[ahead.pk]))
    listed = client_for(Role.AUDITOR).get(reverse("strategy:measures")).content.decode()
    row = objective_rows(setting.plan, today)[0]
    wins = stage_evidence(setting.plan, today, setting.lead)[5].pieces[1].finding

    assert 'govuk-tag--turquoise">Ahead of trajectory</strong>' in text.content.decode()
    assert "is lower than the 2026-27 target" in text.content.decode()
    assert "0 off trajectory" in listed
    assert "Ahead of trajectory</strong>" in listed
    assert row.measures_off_trajectory == 0
    assert wins == "1 of 1 measure with an actual is improving on its baseline: Well ahead."
