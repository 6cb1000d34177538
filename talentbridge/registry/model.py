"""The linkage model: Splink's comparisons and blocking rules for these registers.

The comparisons follow DOMAIN.md's lessons from a plain Splink run on such names:

- the full name is compared as ONE comparison (names, katakana and kanji say the same
  thing, and counting them separately would count the same evidence several times),
  from the strongest agreement to the weakest: the same Latin name; the same words in
  another order; the same name across scripts (katakana, or kanji through pinyin); a
  close spelling; the same family name and last given word; else. Exact agreement is
  adjusted for the name's frequency: two `Nguyen Van An` say less than two `Tijani
  Adeyemi`;
- birth dates: the same; day and month transposed; one slip (a digit, a day or a year
  off); else;
- e-mail and phone exactly only (a fuzzy e-mail would stand in for the name), e-mail
  frequency-adjusted (families and supervising organisations share a mailbox);
- nationality, prefecture and sex exactly.

Blocking keeps the work near-linear at a million records: every rule joins on a key that
few people share (e-mail; phone; a birth date within a nationality; a name, a sorted
name or a reading with the birth year; a kanji name's pinyin). Training follows the same
lesson: expectation maximisation runs on blocks of birth date, e-mail and phone, never
on a block of names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

NAME_LEVELS = (
    "same Latin name",
    "same words, another order",
    "same name across scripts",
    "close spelling",
    "same family name and last given name",
)


def _name_comparison() -> cl.CustomComparison:
    either_null = (
        "(name_concat_l IS NULL AND kana_key_l IS NULL AND pinyin_key_l IS NULL) OR "
        "(name_concat_r IS NULL AND kana_key_r IS NULL AND pinyin_key_r IS NULL)"
    )
    across_scripts = (
        "(kana_key_l = kana_key_r) OR (kana_key_l = kana_derived_r) OR (kana_derived_l = kana_key_r) "
        "OR (pinyin_key_l = pinyin_key_r) OR (pinyin_key_l = name_concat_r) OR (name_concat_l = pinyin_key_r)"
    )
    return cl.CustomComparison(
        output_column_name="name",
        comparison_description="the full name, in Latin letters, katakana or kanji",
        comparison_levels=[
            cll.CustomLevel(either_null, "no name to compare").configure(is_null_level=True),
            cll.ExactMatchLevel("name_concat").configure(
                tf_adjustment_column="name_concat", label_for_charts=NAME_LEVELS[0]
            ),
            cll.ExactMatchLevel("name_tokens").configure(label_for_charts=NAME_LEVELS[1]),
            cll.CustomLevel(across_scripts, NAME_LEVELS[2]),
            cll.JaroWinklerLevel("name_concat", 0.9).configure(label_for_charts=NAME_LEVELS[3]),
            cll.And(cll.ExactMatchLevel("family_key"), cll.ExactMatchLevel("given_last")).configure(
                label_for_charts=NAME_LEVELS[4]
            ),
            cll.ElseLevel(),
        ],
    )


def _birth_date_comparison() -> cl.CustomComparison:
    transposed = (
        "substr(birth_date_l, 1, 4) = substr(birth_date_r, 1, 4) "
        "AND substr(birth_date_l, 6, 2) = substr(birth_date_r, 9, 2) "
        "AND substr(birth_date_l, 9, 2) = substr(birth_date_r, 6, 2)"
    )
    return cl.CustomComparison(
        output_column_name="birth_date",
        comparison_description="the birth date",
        comparison_levels=[
            cll.NullLevel("birth_date"),
            cll.ExactMatchLevel("birth_date").configure(label_for_charts="same birth date"),
            cll.CustomLevel(transposed, "day and month transposed"),
            cll.DamerauLevenshteinLevel("birth_date", 1).configure(label_for_charts="one digit apart"),
            cll.AbsoluteDateDifferenceLevel("birth_date", input_is_string=True, threshold=1, metric="day").configure(
                label_for_charts="a day apart"
            ),
            cll.ElseLevel(),
        ],
    )


def _exact(column: str, what: str, *, tf: bool = False) -> cl.CustomComparison:
    exact = cll.ExactMatchLevel(column)
    exact.configure(label_for_charts=f"same {what}")
    if tf:
        exact.configure(tf_adjustment_column=column)
    return cl.CustomComparison(
        output_column_name=column,
        comparison_description=f"the {what}",
        comparison_levels=[cll.NullLevel(column), exact, cll.ElseLevel()],
    )


def comparisons() -> list[Any]:
    return [
        _name_comparison(),
        _birth_date_comparison(),
        _exact("email", "e-mail address", tf=True),
        _exact("phone", "phone number"),
        _exact("nationality", "nationality"),
        _exact("prefecture", "prefecture"),
        _exact("sex", "sex"),
    ]


def blocking_rules() -> list[Any]:
    return [
        block_on("email"),
        block_on("phone"),
        block_on("birth_date", "nationality"),
        block_on("name_concat", "birth_year"),
        block_on("name_tokens", "birth_year"),
        block_on("kana_key", "birth_year"),
        "l.kana_key = r.kana_derived AND l.birth_year = r.birth_year",
        "l.kana_derived = r.kana_key AND l.birth_year = r.birth_year",
        "l.pinyin_key = r.name_concat AND l.birth_year = r.birth_year",
        "l.name_concat = r.pinyin_key AND l.birth_year = r.birth_year",
    ]


# What the steward reads for each comparison (its Splink output column name).
COMPARISON_WORDS = {
    "name": "name",
    "birth_date": "birth date",
    "email": "e-mail",
    "phone": "phone",
    "nationality": "nationality",
    "prefecture": "prefecture",
    "sex": "sex",
}
TF_ADJUSTED = ("name", "email")
TF_ADJUSTED_COLUMNS = ("name_concat", "email")  # the columns their frequencies are counted on
EVIDENCE_COLUMNS = (
    "unique_id_l",
    "unique_id_r",
    "match_probability",
    "match_weight",
    *(f"gamma_{name}" for name in COMPARISON_WORDS),
    *(f"mw_{name}" for name in COMPARISON_WORDS),
    *(f"mw_tf_adj_{name}" for name in TF_ADJUSTED),
)


@dataclass(frozen=True)
class Evidence:
    """One scored pair and what moved its match weight: the prior, then per comparison
    its level (Splink's gamma) and its weight in bits (log2 of the Bayes factor, term
    frequency adjustment included). prior + the weights = the match weight."""

    record_a: int
    record_b: int
    probability: float
    prior: float
    comparisons: tuple[tuple[str, int, float], ...]

    def as_json(self) -> dict[str, Any]:
        return {"prior": self.prior, "comparisons": [list(item) for item in self.comparisons]}


def evidence_of(row: Sequence[Any]) -> Evidence:
    """An Evidence from one row of EVIDENCE_COLUMNS."""
    values = dict(zip(EVIDENCE_COLUMNS, row, strict=True))
    comparisons = []
    for name in COMPARISON_WORDS:
        weight = float(values[f"mw_{name}"] or 0.0)
        if name in TF_ADJUSTED:
            weight += float(values[f"mw_tf_adj_{name}"] or 0.0)
        comparisons.append((name, int(values[f"gamma_{name}"]), round(weight, 4)))
    a, b = int(values["unique_id_l"]), int(values["unique_id_r"])
    return Evidence(
        record_a=min(a, b),
        record_b=max(a, b),
        probability=float(values["match_probability"]),
        prior=round(float(values["match_weight"]) - sum(weight for _, _, weight in comparisons), 4),
        comparisons=tuple(comparisons),
    )


def level_labels(trained: dict[str, Any]) -> dict[str, dict[int, str]]:
    """For each comparison of a trained model (Splink's JSON), its levels' labels by gamma
    value: -1 for the null level, then the non-null levels counting down to 0 (else)."""
    labels: dict[str, dict[int, str]] = {}
    for comparison in trained["comparisons"]:
        levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
        by_gamma = {len(levels) - 1 - index: level["label_for_charts"] for index, level in enumerate(levels)}
        by_gamma[-1] = "not known on one side"
        by_gamma[0] = "no agreement"
        labels[comparison["output_column_name"]] = by_gamma
    return labels


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=blocking_rules(),
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
    )


# Training blocks (DOMAIN.md: never a block of names, which teaches "same name = same person").
# Keyed by what the pairs of each block share, in words (for messages).
TRAINING = {
    "a birth date": block_on("birth_date"),
    "an e-mail address": block_on("email"),
    "a phone number": block_on("phone"),
}
TRAINING_BLOCKS = tuple(TRAINING.values())
# Pairs agreeing on these are matches often enough to estimate the prior (with the recall
# below: the share of true matches these rules find).
PRIOR_RULES = (block_on("email", "birth_date"), block_on("phone", "birth_date"))
PRIOR_RECALL = 0.7
