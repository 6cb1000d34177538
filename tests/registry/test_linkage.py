"""Clustering: links strongest first, never joining contradicting birth dates or pairs a
steward kept apart."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentbridge.registry.linkage import Births, _greedy, births_agree, cluster


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("1995-04-01", "1995-04-01", True),
        ("1995-04-01", None, True),
        ("1995-04-01", "1995-01-04", True),  # day and month transposed
        ("1995-04-01", "1995-04-02", True),  # a day off
        ("1995-12-31", "1996-01-01", True),  # a day off across a year
        ("1995-04-01", "1996-04-01", True),  # the year off by one
        ("1985-04-01", "1958-04-01", True),  # the year's digits turned
        ("1995-04-01", "1995-04-11", True),  # one digit
        ("1995-04-01", "1991-07-12", False),
        ("1995-04-01", "1975-04-01", False),
        ("1995-04-01", "1995-06-21", False),
    ],
)
def test_births_agree(a: str, b: str | None, agree: bool) -> None:
    assert births_agree(a, b) is agree
    assert births_agree(b, a) is agree


def test_links_chain_records_into_one_group() -> None:
    births = {1: "1990-01-01", 2: "1990-01-01", 3: "1990-01-01", 4: "1980-05-05"}
    groups = cluster([1, 2, 3, 4], [(1, 2, 0.99), (2, 3, 0.95)], births=births)
    assert groups == [[1, 2, 3], [4]]


def test_a_chain_is_not_allowed_to_join_contradicting_birth_dates() -> None:
    # 1-2 and 2-3 are each plausible (2 has no birth date), but 1 and 3 were born years
    # apart: the weaker link is refused.
    births = {1: "1990-01-01", 2: None, 3: "1975-08-30"}
    groups = cluster([1, 2, 3], [(1, 2, 0.99), (2, 3, 0.93)], births=births)
    assert groups == [[1, 2], [3]]


def test_a_stewards_rejection_holds_against_any_chain() -> None:
    births = dict.fromkeys(range(1, 5), "1990-01-01")
    links = [(1, 2, 0.99), (2, 3, 0.98), (3, 4, 0.97)]
    assert cluster([1, 2, 3, 4], links, births=births) == [[1, 2, 3, 4]]
    groups = cluster([1, 2, 3, 4], links, births=births, cannot_link=[(1, 4)])
    assert groups == [[1, 2, 3], [4]]


def test_a_stewards_confirmation_joins_what_no_link_did() -> None:
    births = {1: "1990-01-01", 2: "1990-01-01", 3: "1990-01-01"}
    assert cluster([1, 2, 3], [], births=births, must_link=[(1, 3)]) == [[1, 3], [2]]


def test_every_record_ends_in_exactly_one_group() -> None:
    births = {i: f"19{60 + i % 40}-01-01" for i in range(50)}
    links = [(i, (i * 7) % 50, 0.9 + (i % 10) / 100) for i in range(50)]
    groups = cluster(list(range(50)), links, births=births)
    members = [i for group in groups for i in group]
    assert sorted(members) == list(range(50))


def _one_link_at_a_time(
    ids: list[int],
    links: list[tuple[int, int, float]],
    births: dict[int, str | None],
    cannot_link: list[tuple[int, int]],
    must_link: list[tuple[int, int]],
) -> list[list[int]]:
    """The clustering's definition, every join tried in turn (as `cluster` did before
    it took connected components first)."""
    known = set(ids)

    def inside(pairs: list[Any]) -> list[Any]:
        return [pair for pair in pairs if pair[0] in known and pair[1] in known]

    groups = _greedy(inside(links), births, inside(cannot_link), inside(must_link))
    touched = {i for group in groups for i in group}
    return sorted(groups + [[i] for i in known - touched])


_BIRTHS = st.sampled_from([None, "", "1990-01-01", "1990-01-02", "1990-02-01", "1975-08-30", "1991-01-01"])


@settings(max_examples=300, deadline=None)
@given(
    ids=st.lists(st.integers(1, 40), min_size=1, max_size=30, unique=True),
    links=st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45), st.floats(0.9, 1.0)), max_size=60),
    births=st.dictionaries(st.integers(0, 45), _BIRTHS),
    cannot_link=st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), max_size=4),
    must_link=st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), max_size=4),
    as_table=st.booleans(),
)
def test_clusters_are_those_of_joining_one_link_at_a_time(
    ids: list[int],
    links: list[tuple[int, int, float]],
    births: dict[int, str | None],
    cannot_link: list[tuple[int, int]],
    must_link: list[tuple[int, int]],
    as_table: bool,
) -> None:
    given_births: dict[int, str | None] | Births = births
    if as_table:  # as a full consolidation gives them: the linkage table's column
        table = pa.table(
            {"unique_id": list(births), "birth_date": [birth or None for birth in births.values()]},
            schema=pa.schema([("unique_id", pa.int64()), ("birth_date", pa.string())]),
        )
        given_births = Births.of_table(table)
    found = cluster(ids, links, births=given_births, cannot_link=cannot_link, must_link=must_link)
    assert found == _one_link_at_a_time(ids, links, births, cannot_link, must_link)


def test_a_register_without_links_is_one_group_a_record() -> None:
    assert cluster([3, 1, 2], [], births={}) == [[1], [2], [3]]
    assert cluster([], [], births={}) == []


def test_birth_dates_read_from_a_linkage_table_are_those_of_its_rows() -> None:
    table = pa.table({"unique_id": [5, 2, 9], "birth_date": ["1990-01-01", None, "1990-01-01"]})
    births = Births.of_table(table)
    assert [births.get(i) for i in (2, 5, 9, 7)] == [None, "1990-01-01", "1990-01-01", None]
    assert Births.of({5: "1990-01-01", 2: "", 9: "1990-01-01"}).get(2) is None
