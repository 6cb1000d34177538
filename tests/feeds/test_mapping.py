"""The chunk-at-a-time mapping (`map_rows`, the import's path) gives what mapping one row
at a time (`map_values`, the reference) gives: every field, every issue, every error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentbridge.feeds import service
from talentbridge.feeds.mapping import Layout, RowError, load_layout
from talentbridge.feeds.readers import rows_of

# Every way a rule can land: several fields from one cell (name_on_card) and a later rule
# on one of them (given_name), two rules into one list (languages), a constant that a
# rule extends (consent_purposes) or overrides (residence_country), nested fields beside
# a nested constant (education), required cells, and cells kept empty with an issue.
TRICKY = """
name = "tricky"
[source]
container = "csv"
encoding = "utf-8"
[constants]
residence_country = "JP"
"education.country" = "JP"
consent_purposes = ["job_matching"]

[[fields]]
from = "id"
to = "record_id"
required = true
[[fields]]
from = "name"
normaliser = "name_on_card"
[[fields]]
from = "given"
to = "given_name"
normaliser = "latin_name"
[[fields]]
from = "born"
to = "birth_date"
normaliser = "date"
required = true
[[fields]]
from = "country"
to = "residence_country"
normaliser = "country"
[[fields]]
from = "jlpt"
to = "languages"
normaliser = "japanese_level"
[[fields]]
from = "other"
to = "languages"
normaliser = "language_list"
args = { sep = ";", style = "bracket" }
[[fields]]
from = "skills"
to = "skills"
normaliser = "split_list"
args = { sep = ";" }
[[fields]]
from = "purposes"
to = "consent_purposes"
normaliser = "purposes"
[[fields]]
from = "level"
to = "education.level"
normaliser = "education_level"
[[fields]]
from = "phone"
to = "phone"
normaliser = "phone"
on_error = "keep_empty"
[[fields]]
from = "mail"
to = "email"
normaliser = "email"
on_error = "keep_empty"
[[fields]]
from = "consent"
to = "consent_third_party"
normaliser = "consent"
"""

CELLS: dict[str, list[str | None]] = {
    "id": ["A-1", "A-2", "", "  ", None, "Ｂ－３"],
    "name": ["NGUYEN Van An", "王 偉", "Nguyễn Văn An", "", "X1 Y2", None],
    "given": ["", "Hoa", "Thi Hoa", "H4", None],
    "born": ["平成7年4月1日", "H7.4.1", "1995/04/01", "平成31年2月30日", "", "元年", None],
    "country": ["ベトナム", "Viet Nam", "Atlantis", "", None],
    "jlpt": ["N2", "N1", "ビジネス", "Z9", ""],
    "other": ["英語(ビジネス);ベトナム語(母語)", "英語(日常会話)", "", "火星語(母語)"],
    "skills": ["HACCP;有機JAS", "HACCP;HACCP", "", ";"],
    "purposes": ["job_matching;advisory", "advisory", "", "spying"],
    "level": ["bachelor", "修士", "", "??"],
    "phone": ["090-1234-5678", "+81 90-1234-5678", "12", "", "0120-000-000"],
    "mail": ["an@example.com", "not-an-address", "", "A@EXAMPLE.COM"],
    "consent": ["同意", "不同意", "", "maybe"],
}


def _layout(tmp_path: Path, text: str = TRICKY) -> tuple[Layout, Layout]:
    path = tmp_path / "tricky.toml"
    path.write_text(text, encoding="utf-8")
    # Two copies: each path keeps its own memos, so neither borrows the other's work.
    return load_layout(path), load_layout(path)


def _one_by_one(layout: Layout, rows: list[dict[str, Any]]) -> list[Any]:
    out: list[Any] = []
    for values in rows:
        try:
            out.append(layout.map_values(values))
        except RowError as exc:
            out.append(("quarantined", exc.reason, exc.record_id))
    return out


def _by_chunk(layout: Layout, rows: list[dict[str, Any]]) -> list[Any]:
    return [
        ("quarantined", item.reason, item.record_id) if isinstance(item, RowError) else item
        for item in layout.map_rows(rows)
    ]


rows_strategy = st.lists(
    st.fixed_dictionaries({column: st.sampled_from(values) for column, values in CELLS.items()}),
    min_size=1,
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(chunks=st.lists(rows_strategy, min_size=1, max_size=3))
def test_map_rows_gives_what_map_values_gives(tmp_path_factory: pytest.TempPathFactory, chunks: list) -> None:
    reference, columnar = _layout(tmp_path_factory.mktemp("layout"))
    for rows in chunks:  # several chunks: the memos carry over between them
        assert _by_chunk(columnar, rows) == _one_by_one(reference, rows)


def test_the_first_failing_rule_in_mapping_order_names_the_reason(tmp_path: Path) -> None:
    _, layout = _layout(tmp_path)
    row = dict.fromkeys(CELLS, "")
    bad_date = {**row, "id": "A-1", "born": "平成31年2月30日", "country": "Atlantis", "consent": "maybe"}
    no_id = {**row, "born": "H7.4.1"}
    kept = {**row, "id": "A-2", "born": "H7.4.1", "phone": "12", "mail": "not-an-address"}
    first, second, third = layout.map_rows([bad_date, no_id, kept])
    assert isinstance(first, RowError)
    assert first.reason.startswith("born:")
    assert first.record_id == "A-1"
    assert isinstance(second, RowError)
    assert "id column id is empty" in second.reason
    assert isinstance(third, dict)
    assert [issue.split(":")[0] for issue in third["issues"]] == ["phone", "mail"]
    assert third["phone"] is None
    assert third["email"] is None


def test_rows_share_nothing_filled_in_place(tmp_path: Path) -> None:
    """The nested education object, the issues and the lists two rules fill are filled in
    place: each row has its own. A list one rule alone fills is finished once per distinct
    value and shared, as memo values are (nothing changes a record once it is made)."""
    _, layout = _layout(tmp_path)
    row = {**dict.fromkeys(CELLS, ""), "born": "H7.4.1", "skills": "HACCP", "level": "bachelor"}
    first, second = layout.map_rows([{**row, "id": "A-1"}, {**row, "id": "A-2", "level": "修士"}])
    assert isinstance(first, dict)
    assert isinstance(second, dict)
    assert first["education"] == {**first["education"], "level": "bachelor", "country": "JP"}
    assert second["education"]["level"] == "master"
    for key in ("education", "languages", "consent_purposes", "issues"):
        assert first[key] is not second[key]
    assert first["skills"] == second["skills"] == ["HACCP"]


@pytest.mark.parametrize("name", ["maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv"])
def test_generated_feeds_map_the_same_both_ways(generated: Path, name: str) -> None:
    path = generated / name
    source = service.detect_layout(path).source_file
    assert source is not None
    reference, columnar = load_layout(source), load_layout(source)
    compared = 0
    for chunk in reference.chunks(path, size=50):  # many chunks: memos carry over
        rows = [row.values for row in rows_of(chunk) if row.values is not None]
        assert _by_chunk(columnar, rows) == _one_by_one(reference, rows)
        compared += len(rows)
    assert compared > 100
