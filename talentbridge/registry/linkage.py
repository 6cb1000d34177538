"""Linking source records into persons: Splink scores the pairs, clustering joins them.

`link` is the pure step (linkage table in, clusters and the trained model out); `consolidate`
in `registry.service` reads the register, calls it and stores the persons.

Clustering is done here rather than by Splink's connected components, over the pairs
Splink scored at or above the threshold, strongest first, with two refusals Splink's
clustering cannot make (DOMAIN.md: chains of links join records never compared): two
groups are not joined when a steward said two of their records are not the same person,
nor when their birth dates contradict each other (neither the same, transposed, nor one
slip apart), however strong the pair that would join them.
"""

from __future__ import annotations

import heapq
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

import numpy as np
import pyarrow as pa

from talentbridge.registry import engines, features, model
from talentbridge.registry.model import Evidence

THRESHOLD = 0.9  # match probability at which two records are linked
PREDICT_FLOOR = 0.5  # pairs scored below this are not kept at all
U_SAMPLE_PAIRS = 5_000_000  # random pairs for the u probabilities
# Pairs each expectation-maximisation block may use: a register of a million records
# shares each birth date about a hundred times (75 million pairs, beyond 12 GiB). Splink
# samples records by hash down to this; smaller registers are trained on every pair.
EM_MAX_PAIRS = 2_000_000

Progress = Callable[[str], None]
_log = logging.getLogger(__name__)


@dataclass
class Linked:
    """What a linkage found: groups of source record ids, the links that made them."""

    clusters: list[list[int]]
    links: list[tuple[int, int, float]]  # (record id, record id, match probability) >= threshold
    pairs: int  # pairs scored at or above PREDICT_FLOOR
    model: dict[str, Any]
    readings: dict[str, str]
    seconds: dict[str, float] = field(default_factory=dict)
    # Pairs scored from PREDICT_FLOOR up to the threshold: the steward's review queue.
    uncertain: list[Evidence] = field(default_factory=list)
    # The linkage keys of every record (kept so that incremental runs need not rebuild them).
    table: pa.Table | None = None


def linkage_table(rows: Iterable[dict[str, Any]], readings: features.ReadingTable) -> pa.Table:
    """The Arrow table Splink reads: one row of linkage keys per source record (its `id`
    and the source record columns, as `service.linkage_rows` gives them)."""
    return features.keys_of(features.source_table(rows if isinstance(rows, Sequence) else list(rows)), readings)


class BlockNotTrainable(Exception):
    """Expectation maximisation drove an m or u probability of a training block to
    exactly 0, which Splink refuses."""

    def __init__(self, block: Any) -> None:
        super().__init__(block)
        self.block = block


def train(linker: Any, blocks: Sequence[Any] = model.TRAINING_BLOCKS) -> None:
    """m and u probabilities and the prior, from the register itself (see model.py), with
    expectation maximisation on the pairs of each of `blocks`."""
    linker.training.estimate_probability_two_random_records_match(list(model.PRIOR_RULES), recall=model.PRIOR_RECALL)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=1)
    for block in blocks:
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(block, max_pairs=EM_MAX_PAIRS)
        except ValueError as exc:
            if "below the minimum allowed value" not in str(exc):
                raise
            raise BlockNotTrainable(block) from exc


def _trained(records: Any, say: Progress) -> Any:
    """A Linker trained on `records`. A block whose pairs hold almost no matches (a
    register of one agency's feed alone) can drive a probability to 0, which Splink
    refuses midway, leaving the linker's model changed: training then starts again on a
    new linker without that block, and says so."""
    from splink import Linker

    blocks = dict(model.TRAINING)
    while True:
        linker = Linker(records, model.settings(), log_level=logging.ERROR)
        try:
            train(linker, list(blocks.values()))
            return linker
        except BlockNotTrainable as exc:
            shared = next(name for name, block in blocks.items() if block is exc.block)
            del blocks[shared]
            _log.warning(
                "the model could not learn from the pairs of records sharing %s (too few of them are one "
                "person: one agency's register alone?); it is trained on the others",
                shared,
            )
            say("training the model again")


def link(
    table: pa.Table,
    readings: features.ReadingTable,
    *,
    threshold: float = THRESHOLD,
    cannot_link: Iterable[tuple[int, int]] = (),
    must_link: Iterable[tuple[int, int]] = (),
    progress: Progress | None = None,
    memory_limit: str | None = None,
    engine: str = "duckdb",
) -> Linked:
    """Train a model on the linkage table `table` (its keys made with `readings`; see
    `registry.reading`), score the pairs the blocking rules find and cluster them. Every
    record ends in exactly one cluster. `engine`: where Splink runs (`registry.engines`)."""
    say = progress or (lambda _: None)
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    say(f"starting the {engine} engine")
    running = engines.open_engine(engine, memory_limit=memory_limit)
    try:
        records = running.register(table, "linkage_records")
        logging.getLogger("splink").setLevel(logging.ERROR)  # "level not observed": expected, not for the user
        say("training the model")
        linker = _trained(records, say)
        seconds["training"] = time.perf_counter() - start

        start = time.perf_counter()
        say("scoring pairs")
        predictions = linker.inference.predict(threshold_match_probability=PREDICT_FLOOR, warning_mode="never")
        scored = read_scored(running, [predictions], threshold)
        trained = linker.misc.save_model_to_json()
        # The engine's tables (the predictions above all) are no longer needed: their
        # memory goes back (the engine closes) before clustering, the peak of a large run.
        del linker, predictions, records
    finally:
        running.close()
    seconds["scoring"] = time.perf_counter() - start

    start = time.perf_counter()
    say("clustering")
    clusters = cluster(
        table.column("unique_id").to_numpy(),
        scored.links,
        births=Births.of_table(table),
        cannot_link=cannot_link,
        must_link=must_link,
    )
    seconds["clustering"] = time.perf_counter() - start
    return Linked(
        clusters=clusters,
        links=scored.links,
        pairs=scored.pairs,
        model=trained,
        readings=readings.readings,
        seconds=seconds,
        uncertain=scored.uncertain,
        table=table,
    )


@dataclass
class Scored:
    links: list[tuple[int, int, float]]  # at or above the threshold
    uncertain: list[Evidence]  # from PREDICT_FLOOR up to the threshold
    pairs: int


def read_scored(engine: engines.Engine, frames: Sequence[Any], threshold: float) -> Scored:
    """The links and the uncertain pairs (with their evidence) of Splink's predictions."""
    links: list[tuple[int, int, float]] = []
    uncertain: list[Evidence] = []
    for frame in frames:
        found = engine.rows(
            frame, ("unique_id_l", "unique_id_r", "match_probability"), f"match_probability >= {threshold!r}"
        )
        links += found  # tuples of Python ints and a float from either engine, kept as they come
        rows = engine.rows(frame, model.EVIDENCE_COLUMNS, f"match_probability < {threshold!r}")
        uncertain += [model.evidence_of(row) for row in rows]
    return Scored(links=links, uncertain=uncertain, pairs=len(links) + len(uncertain))


def score_new(
    existing: pa.Table,
    new: pa.Table,
    trained: dict[str, Any],
    *,
    threshold: float = THRESHOLD,
    memory_limit: str | None = None,
) -> Scored:
    """Score the new records against the existing ones and among themselves with a model
    already trained (incremental linking: no training, no pairs among existing records).
    Term frequencies are taken over both tables, as a full run would."""
    from splink import Linker

    running = engines.open_engine("duckdb", memory_limit=memory_limit)
    try:
        old = running.register(existing, "linkage_existing")
        fresh = running.register(new, "linkage_new")
        both = running.register(pa.concat_tables([existing, new]), "linkage_all")
        linker = Linker(both, trained, log_level=logging.ERROR)
        for column in model.TF_ADJUSTED_COLUMNS:
            linker.table_management.compute_tf_table(column)
        between = linker.inference.predict_between(
            old, fresh, threshold_match_probability=PREDICT_FLOOR, warning_mode="never"
        )
        within = linker.inference.predict_within(fresh, threshold_match_probability=PREDICT_FLOOR, warning_mode="never")
        return read_scored(running, [between, within], threshold)
    finally:
        running.close()


# --- clustering -------------------------------------------------------------------------


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def births_agree(a: str | None, b: str | None) -> bool:
    """Whether two birth dates can be one person's: the same, unknown on either side, day
    and month transposed, or one slip apart (a day; a year off by one or its last two
    digits turned; one digit of the year's last, the month or the day)."""
    if a is None or b is None or a == b:
        return True
    first, second = _date(a), _date(b)
    if first is None or second is None:
        return True
    if (first.year, first.month, first.day) == (second.year, second.day, second.month):
        return True
    if abs((first - second).days) <= 1:
        return True
    if (first.month, first.day) == (second.month, second.day):
        one, other = f"{first.year:04d}", f"{second.year:04d}"
        if abs(first.year - second.year) == 1 or (one[:2] == other[:2] and one[2:] == other[:1:-1]):
            return True  # a year off by one, or its last digits turned (1985, 1958)
    # One slipped digit, but not in the century or decade: 1995 and 1975 are two people.
    differ = [index for index, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
    return len(a) == len(b) and len(differ) == 1 and differ[0] >= 3


class Births:
    """Each record's birth date (ISO text), held as columns: a million records' as a dict
    took a second to build and another to read. Unknown (None or empty) has code -1."""

    def __init__(self, ids: np.ndarray, codes: np.ndarray, dates: Sequence[str]) -> None:
        order = np.argsort(ids, kind="stable")
        self.ids, self.codes, self.dates = ids[order], codes[order], dates

    @classmethod
    def of(cls, births: Mapping[int, str | None]) -> Births:
        known: dict[str, int] = {}
        codes = [known.setdefault(birth, len(known)) if birth else -1 for birth in births.values()]
        ids = np.fromiter(births.keys(), dtype=np.int64, count=len(births))
        return cls(ids, np.array(codes, dtype=np.int64), list(known))

    @classmethod
    def of_table(cls, table: pa.Table) -> Births:
        """From a linkage table (its unique_id and birth_date columns)."""
        encoded = table.column("birth_date").combine_chunks().dictionary_encode()
        codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        ids = table.column("unique_id").to_numpy().astype(np.int64)
        return cls(ids, codes, encoded.dictionary.to_pylist())

    def codes_of(self, ids: np.ndarray) -> np.ndarray:
        """The birth date code of each id (-1: unknown, or not held here)."""
        positions = _positions(self.ids, ids)
        held = positions >= 0
        codes = np.full(len(ids), -1, dtype=np.int64)
        codes[held] = self.codes[positions[held]]
        return codes

    def get(self, record: int) -> str | None:
        (code,) = self.codes_of(np.array([record], dtype=np.int64))
        return self.dates[code] if code >= 0 else None


class _Groups:
    """Union-find over record ids, each group knowing its birth dates and the records
    it may not be joined with. Only records that a link or a steward's decision touches
    are added (`add`): the others, most of a register, stay alone and cost nothing."""

    def __init__(self, births: Mapping[int, str | None] | Births) -> None:
        self.parent: dict[int, int] = {}
        self.birth_of = births
        self.births: dict[int, set[str]] = {}
        self.apart: dict[int, set[int]] = {}
        self.members: dict[int, list[int]] = {}

    def add(self, i: int) -> None:
        if i not in self.parent:
            self.parent[i] = i
            birth = self.birth_of.get(i)
            self.births[i] = {birth} if birth else set()
            self.members[i] = [i]

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def may_join(self, a: int, b: int) -> bool:
        """Whether groups a and b may become one. Rejections are stored on both sides and
        birth dates agree both ways, so one direction is enough."""
        if any(self.find(x) == b for x in self.apart.get(a, ())):
            return False
        return all(births_agree(x, y) for x in self.births[a] for y in self.births[b])

    def join(self, a: int, b: int) -> None:
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a].extend(self.members.pop(b))
        self.births[a] |= self.births.pop(b)
        apart = self.apart.pop(b, set())
        if apart:
            self.apart.setdefault(a, set()).update(apart)


def cluster(
    ids: Sequence[int] | np.ndarray,
    links: Sequence[tuple[int, int, float]],
    *,
    births: Mapping[int, str | None] | Births,
    cannot_link: Iterable[tuple[int, int]] = (),
    must_link: Iterable[tuple[int, int]] = (),
) -> list[list[int]]:
    """Groups of record ids: steward-confirmed pairs first, then links strongest first,
    each join refused when it would put a rejected pair or contradicting birth dates in
    one group. Each group's ids sorted; groups in order of their smallest id.

    The links' connected components are found in C (scipy). A component whose records
    share one birth date (or have none) and hold no rejected pair is a group as it
    stands: no join in it could be refused. Only the others, a few in a thousand, are
    joined link by link in `_greedy` (a million records' links took 10 s that way)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    known = _distinct(np.asarray(ids, dtype=np.int64))
    count = len(known)
    if not count:
        return []
    cannot_link, must_link = list(cannot_link), list(must_link)
    pairs = np.fromiter(links, dtype=_LINK, count=len(links))
    left, right = _positions(known, pairs["a"]), _positions(known, pairs["b"])
    kept = (left >= 0) & (right >= 0)
    rejected = _pairs_within(known, cannot_link)
    confirmed = _pairs_within(known, must_link)
    rows = np.concatenate([left[kept], confirmed[:, 0]])
    columns = np.concatenate([right[kept], confirmed[:, 1]])
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, columns)), shape=(count, count)).tocsr()
    components, label = connected_components(graph, directed=False)

    # Components that need joining link by link: two birth dates, or a rejected pair.
    sizes = np.bincount(label, minlength=components)
    grouped = np.flatnonzero(sizes[label] > 1)
    dates = births if isinstance(births, Births) else Births.of(births)
    birth_code = dates.codes_of(known[grouped])
    dated = birth_code >= 0
    span = len(dates.dates) + 1
    distinct = _distinct(label[grouped][dated].astype(np.int64) * span + birth_code[dated]) // span
    careful = np.zeros(components, dtype=bool)
    careful[distinct[np.bincount(distinct, minlength=components)[distinct] > 1]] = True
    within = label[rejected[:, 0]] == label[rejected[:, 1]]
    careful[label[rejected[within, 0]]] = True

    # The rest: each component one group, in order of its smallest record.
    plain = np.flatnonzero(~careful[label])  # positions, ascending
    first = np.full(components, count, dtype=np.int64)
    np.minimum.at(first, label[plain], plain)
    rank = np.empty(components, dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(components)
    ordered = plain[np.argsort(rank[label[plain]], kind="stable")]
    flat = known[ordered].tolist()
    bounds = [0, *(np.flatnonzero(np.diff(rank[label[ordered]])) + 1).tolist(), len(flat)]
    groups = [flat[start:end] for start, end in zip(bounds, bounds[1:], strict=False)] if flat else []
    if not careful.any():
        return groups
    slow = careful[label[left]] & kept  # links inside careful components (both ends share one)
    careful_ids = set(known[careful[label]].tolist())
    slow_links = [(int(a), int(b), float(p)) for a, b, p in pairs[slow].tolist()]
    joined = _greedy(slow_links, dates, _known_pairs(cannot_link, careful_ids), _known_pairs(must_link, careful_ids))
    return list(heapq.merge(groups, sorted(joined), key=itemgetter(0)))


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (np.unique hashes integers in numpy 2: ten times slower)."""
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered


_LINK = np.dtype([("a", np.int64), ("b", np.int64), ("p", np.float64)])


def _positions(known: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Each id's position in `known` (sorted), or -1 for an id it does not hold. The ids
    are looked up in their own order (searching in random order is ten times slower)."""
    if not len(known):
        return np.full(len(ids), -1, dtype=np.int64)
    order = np.argsort(ids)
    found = np.searchsorted(known, ids[order])
    inside = found < len(known)
    found[~inside] = 0
    positions = np.empty(len(ids), dtype=np.int64)
    positions[order] = np.where(inside & (known[found] == ids[order]), found, -1)
    return positions


def _pairs_within(known: np.ndarray, pairs: Iterable[tuple[int, int]]) -> np.ndarray:
    """The pairs whose two ids `known` holds, as positions (an array of shape (n, 2))."""
    given = np.array([(a, b) for a, b in pairs], dtype=np.int64).reshape(-1, 2)
    left, right = _positions(known, given[:, 0]), _positions(known, given[:, 1])
    both = (left >= 0) & (right >= 0)
    return np.stack([left[both], right[both]], axis=1)


def _known_pairs(pairs: Iterable[tuple[int, int]], known: set[int]) -> list[tuple[int, int]]:
    return [(a, b) for a, b in pairs if a in known and b in known]


def _greedy(
    links: Sequence[tuple[int, int, float]],
    births: Mapping[int, str | None] | Births,
    cannot_link: Sequence[tuple[int, int]],
    must_link: Sequence[tuple[int, int]],
) -> list[list[int]]:
    """The groups the pairs make, joined one at a time: confirmed pairs, then links
    strongest first, each join refused when `_Groups.may_join` says no. Covers only the
    records the pairs touch."""
    groups = _Groups(births)
    for pairs in (cannot_link, must_link, links):
        for a, b, *_ in pairs:
            groups.add(a)
            groups.add(b)
    for a, b in cannot_link:
        groups.apart.setdefault(a, set()).add(b)
        groups.apart.setdefault(b, set()).add(a)
    for a, b in must_link:
        ra, rb = groups.find(a), groups.find(b)
        if ra != rb:
            groups.join(ra, rb)
    for a, b, _ in sorted(links, key=lambda link: -link[2]):
        ra, rb = groups.find(a), groups.find(b)
        if ra != rb and groups.may_join(ra, rb):
            groups.join(ra, rb)
    return [sorted(members) for members in groups.members.values()]
