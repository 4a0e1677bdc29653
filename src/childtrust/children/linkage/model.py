"""The Splink model: what it compares and how (levels for typos, nicknames, swapped names, a
swapped day and month), which pairs it looks at (blocking that keeps recall without comparing
everyone with everyone), and its training by expectation maximisation on the partnership's own
records (u by seeded random sampling)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import splink.comparison_level_library as cll
from splink import Linker, SettingsCreator, block_on
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.comparison_library import CustomComparison
from splink.internals.database_api import DatabaseAPISubClass
from splink.internals.exceptions import EMTrainingException
from splink.internals.splink_dataframe import SplinkDataFrame

logger = logging.getLogger(__name__)

SEED = 16
# The prior (two random records being one child) is estimated on the partnership's records;
# above this many records it is stated for an index of this size, so that the thresholds mean
# the same evidence at any larger size: otherwise a tenfold larger index would need 3.3 more
# bits for the same probability, and the same pair would link in a town but not in a county.
PRIOR_REFERENCE_RECORDS = 10_000
# Expectation maximisation in three sessions, each blocking on some columns and so training the
# others; each with fallbacks, should Splink refuse a session. Each blocks tightly enough that most
# of its pairs are one child at any size: on a name alone, a million records' blocks are mostly
# namesakes and the "match" EM finds is "has a namesake" (a date of birth then weighed almost
# nothing). The last blocks on the NHS number: pairs sharing one are almost all one child, so it
# trains what the others cannot (how often one child's date of birth or sex is recorded
# differently); with no shared NHS numbers, names and the year of birth train it instead.
EM_SESSIONS = (
    (("given_canon", "family_key", "dob"), ("given_canon", "family_key", "yob")),
    (("dob", "postcode"), ("dob", "pc_district"), ("dob", "family_key")),
    (("nhs",), ("given_canon", "family_key", "yob")),
)
# No level is impossible for one child: EM on a partnership's records can drive a level's m to
# almost nothing, or leave it untrained (no pair sharing an NHS number had its sex recorded
# differently), and one keying slip would then veto a link outright (-25 bits). At least this m:
# about -8 bits at the most.
M_FLOOR = 0.002
# The rules that choose the pairs to score: each pair any rule finds is scored once. Each holds a
# date, a place or a number as well as any name, so the pairs grow with the records, not with
# their square (a name alone, on a million records, is millions of namesakes): names with the
# year of birth (a day and month swapped), with the day and month (a year mistyped), or with the
# district (a date mistyped).
PREDICTION_BLOCKS = (
    ("nhs",),
    ("dob", "family_key"),
    ("dob", "given_canon"),
    ("dob", "pc_district"),
    ("postcode", "yob"),
    ("given_canon", "family_key", "yob"),
    ("given_canon", "family_key", "substr(dob_str, 6, 5)"),
    ("given_canon", "family", "pc_district"),
)


def _given_name(clean: bool) -> ComparisonCreator:
    levels: list[ComparisonLevelCreator | dict[str, Any]] = [
        cll.NullLevel("given"),
        cll.ExactMatchLevel("given").configure(label_for_charts="Exact match"),
    ]
    if clean:
        levels.append(
            cll.ArrayIntersectLevel("given_forms", min_intersection=1).configure(
                label_for_charts="Nickname or variant"
            )
        )
    levels += [
        cll.ColumnsReversedLevel("given", "family").configure(
            label_for_charts="Swapped with the family name"
        ),
        cll.DamerauLevenshteinLevel("given", 1).configure(label_for_charts="One typo"),
        cll.JaroWinklerLevel("given", 0.88).configure(label_for_charts="Similar (Jaro-Winkler)"),
        cll.ElseLevel().configure(label_for_charts="Different"),
    ]
    return CustomComparison(comparison_levels=levels, output_column_name="given_name")


def _family_name() -> ComparisonCreator:
    return CustomComparison(
        output_column_name="family_name",
        comparison_levels=[
            cll.NullLevel("family"),
            cll.ExactMatchLevel("family").configure(label_for_charts="Exact match"),
            cll.ColumnsReversedLevel("family", "given").configure(
                label_for_charts="Swapped with the given name"
            ),
            cll.DamerauLevenshteinLevel("family", 1).configure(label_for_charts="One typo"),
            cll.JaroWinklerLevel("family", 0.88).configure(
                label_for_charts="Similar (Jaro-Winkler)"
            ),
            cll.ElseLevel().configure(label_for_charts="Different"),
        ],
    )


def _date_of_birth() -> ComparisonCreator:
    transposed = (
        "substr(dob_str_l, 1, 4) = substr(dob_str_r, 1, 4)"
        " AND substr(dob_str_l, 6, 2) = substr(dob_str_r, 9, 2)"
        " AND substr(dob_str_l, 9, 2) = substr(dob_str_r, 6, 2)"
    )
    return CustomComparison(
        output_column_name="date_of_birth",
        comparison_levels=[
            cll.NullLevel("dob_str"),
            cll.ExactMatchLevel("dob_str").configure(label_for_charts="Exact match"),
            cll.CustomLevel(transposed, label_for_charts="Day and month swapped"),
            cll.DamerauLevenshteinLevel("dob_str", 1).configure(label_for_charts="One digit wrong"),
            cll.AbsoluteDateDifferenceLevel(
                "dob", input_is_string=False, threshold=31, metric="day"
            ).configure(label_for_charts="Within a month"),
            cll.AbsoluteDateDifferenceLevel(
                "dob", input_is_string=False, threshold=1, metric="year"
            ).configure(label_for_charts="Within a year"),
            cll.ElseLevel().configure(label_for_charts="Different"),
        ],
    )


def _exact(column: str, name: str, *partials: tuple[str, str]) -> ComparisonCreator:
    levels: list[ComparisonLevelCreator | dict[str, Any]] = [
        cll.NullLevel(column),
        cll.ExactMatchLevel(column).configure(label_for_charts="Exact match"),
    ]
    levels += [
        cll.ExactMatchLevel(part).configure(label_for_charts=label) for part, label in partials
    ]
    levels.append(cll.ElseLevel().configure(label_for_charts="Different"))
    return CustomComparison(comparison_levels=levels, output_column_name=name)


def _home() -> ComparisonCreator:
    """Address and postcode as one comparison: they agree together (one household), so
    comparing them apart counts one home twice (some 28 bits), and a brother and sister with
    other names, born a year apart, would score as one child."""
    both_missing = (
        "(address_l IS NULL OR address_r IS NULL) AND (postcode_l IS NULL OR postcode_r IS NULL)"
    )
    return CustomComparison(
        output_column_name="home",
        comparison_levels=[
            cll.CustomLevel(both_missing, label_for_charts="Missing").configure(is_null_level=True),
            cll.CustomLevel(
                "address_l = address_r AND postcode_l = postcode_r",
                label_for_charts="Same address and postcode",
            ),
            cll.ExactMatchLevel("address").configure(
                label_for_charts="Same address, another postcode"
            ),
            cll.ExactMatchLevel("postcode").configure(
                label_for_charts="Same postcode, another address"
            ),
            cll.JaroWinklerLevel("address", 0.9).configure(label_for_charts="Very similar address"),
            cll.ExactMatchLevel("pc_sector").configure(label_for_charts="Same sector"),
            cll.ExactMatchLevel("pc_district").configure(label_for_charts="Same district"),
            cll.ElseLevel().configure(label_for_charts="Different"),
        ],
    )


def model_settings(*, clean: bool = True) -> SettingsCreator:
    """The model's comparisons and blocking; `clean=False` is the untuned reference (no
    nickname level), for the benchmark."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            _given_name(clean),
            _family_name(),
            _date_of_birth(),
            _exact("sex", "sex"),
            _home(),
            _exact("nhs", "nhs_number"),
        ],
        blocking_rules_to_generate_predictions=[block_on(*cols) for cols in PREDICTION_BLOCKS],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
    )


def model_train(
    db_api: DatabaseAPISubClass, table: str, *, records: int, clean: bool = True
) -> Linker:
    """A linker over `table` (already in the database, `records` rows) trained on it."""
    logging.getLogger("splink").setLevel(logging.WARNING)
    linker = Linker(db_api.register(table), model_settings(clean=clean))
    linker.training.estimate_probability_two_random_records_match(
        [block_on("dob", "given_canon", "family"), block_on("nhs")], recall=0.7
    )
    settings = linker._settings_obj
    scale = max(records / PRIOR_REFERENCE_RECORDS, 1.0)
    prior = settings._probability_two_random_records_match * scale
    settings._probability_two_random_records_match = min(prior, 0.5)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=SEED)
    # Each session fixes the columns it blocks on, so the others train those.
    for candidates in EM_SESSIONS:
        for columns in candidates:
            before = model_json(linker)
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    block_on(*columns), estimate_without_term_frequencies=True, max_pairs=5e6
                )
                break
            except (ValueError, EMTrainingException) as refused:
                # Splink 5 refuses a level whose m underflows to 0 (seen on a few thousand
                # records) and leaves the model half-changed: start again from before the
                # session and try the next blocking.
                logger.warning("EM session on %s left out: %s", columns, refused)
                linker = Linker(db_api.register(table), before)
    _m_floor(linker)
    return linker


def _m_floor(linker: Linker) -> None:
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if level.is_null_level:
                continue
            # None: no pair of one child fell in this level in any session that trained it.
            if level.m_probability is None or level.m_probability < M_FLOOR:
                level.m_probability = M_FLOOR


def model_json(linker: Linker) -> dict[str, Any]:
    settings: dict[str, Any] = linker.misc.save_model_to_json()
    return settings


def model_save(linker: Linker, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model_json(linker)))


def model_load(frame: SplinkDataFrame, path: Path) -> Linker:
    """A linker over `frame` with the model stored at `path`."""
    logging.getLogger("splink").setLevel(logging.WARNING)
    stored = json.loads(path.read_text())
    return Linker(frame, model_in_dialect(stored, frame.db_api.sql_dialect.sql_dialect_str))


def model_current(path: Path) -> bool:
    """Whether a model is stored at `path` and compares as this version's model does (a model
    stored before the comparisons changed is trained again by a full run, not used)."""
    if not path.exists():
        return False
    stored = json.loads(path.read_text())
    fresh = model_settings().get_settings(stored["sql_dialect"]).as_dict()  # type: ignore[no-untyped-call]
    return _shape(stored) == _shape(fresh)


def model_in_dialect(stored: dict[str, Any], dialect: str) -> dict[str, Any]:
    """A stored model's SQL is its backend's (DuckDB's `list_intersect` is Spark's
    `array_intersect`): on the other backend its comparisons and blocking are written afresh
    in that one's SQL, with the stored probabilities."""
    if stored["sql_dialect"] == dialect:
        return stored
    fresh = model_settings().get_settings(dialect).as_dict()  # type: ignore[no-untyped-call]
    if _shape(stored) != _shape(fresh):
        raise ValueError(
            "The stored model is not this version's: train it again (childtrust link --full)."
        )
    for comparison, written in zip(stored["comparisons"], fresh["comparisons"], strict=True):
        for level, rewritten in zip(
            comparison["comparison_levels"], written["comparison_levels"], strict=True
        ):
            level["sql_condition"] = rewritten["sql_condition"]
    rules = fresh["blocking_rules_to_generate_predictions"]
    return stored | {"sql_dialect": dialect, "blocking_rules_to_generate_predictions": rules}


def _shape(model: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [
        (c["output_column_name"], [level["label_for_charts"] for level in c["comparison_levels"]])
        for c in model["comparisons"]
    ]


def level_labels(linker: Linker) -> dict[str, dict[int, str]]:
    """{comparison: {gamma value: label}}, to say in words which level each pair fell in."""
    labels: dict[str, dict[int, str]] = {}
    for comparison in linker._settings_obj.comparisons:
        labels[comparison.output_column_name] = {
            level.comparison_vector_value: level.label_for_charts
            for level in comparison.comparison_levels
        }
    return labels


def comparison_names(linker: Linker) -> list[str]:
    return [c.output_column_name for c in linker._settings_obj.comparisons]


def predictions_above(linker: Linker, lower: float) -> SplinkDataFrame:
    return linker.inference.predict(threshold_match_probability=lower)
