"""How often the matcher is right: top-1, top-3, MRR and nDCG@10 on labelled passages.

Each labelled passage has one expected code: a strategy (MO1.3), a
recommendation (F1) or a target area (MO1). A target area's rank is the
position of its first strategy in the ranking. With one relevant item, nDCG@10
is 1/log2(1 + rank) for a rank up to 10 and 0 otherwise (Järvelin & Kekäläinen
2002); MRR is the mean of 1/rank (0 when never ranked). Every figure is given
for the combined ranking and for each evidence kind alone, overall and per
target area ("class"), plus how often the right target area comes first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from ._match import Matcher, Weights

__all__ = ["Labelled", "Metrics", "Evaluation", "evaluate", "RANKERS"]

# ranking name → key of Matcher.score_matrix
RANKERS = {"combined": "total", "explicit": "explicit", "reuse": "reuse", "theme": "theme"}


@dataclass(frozen=True, slots=True)
class Labelled:
    """One labelled passage: id, text and the expected code."""

    id: str
    text: str
    expected: str


@dataclass(slots=True)
class Metrics:
    """Rank figures over ``n`` passages; ``area_top1`` is the share whose right
    target area comes first. All shares are in 0–1."""

    n: int = 0
    top1: float = 0.0
    top3: float = 0.0
    mrr: float = 0.0
    ndcg10: float = 0.0
    area_top1: float = 0.0

    @classmethod
    def of(cls, ranks: list[int | None], area_ranks: list[int | None]) -> "Metrics":
        if not ranks:
            return cls()
        n = len(ranks)
        return cls(
            n=n,
            top1=sum(r == 1 for r in ranks) / n,
            top3=sum(r is not None and r <= 3 for r in ranks) / n,
            mrr=sum(1 / r for r in ranks if r) / n,
            ndcg10=sum(1 / math.log2(1 + r) for r in ranks if r and r <= 10) / n,
            area_top1=sum(r == 1 for r in area_ranks) / n,
        )


@dataclass(slots=True)
class Evaluation:
    """Figures per ranking (``combined``, ``explicit``, ``reuse``, ``theme``),
    overall and per class (target area code of the expected item)."""

    overall: dict[str, Metrics] = field(default_factory=dict)
    per_class: dict[str, dict[str, Metrics]] = field(default_factory=dict)
    ranks: dict[str, list[int | None]] = field(default_factory=dict)
    baseline: Metrics | None = None


def evaluate(matcher: Matcher, labelled: list[Labelled], *, baseline: bool = False) -> Evaluation:
    """Rank every labelled passage and compute the figures.

    ``baseline=True`` adds the figures of a plain BM25 over the targets' names
    alone (no descriptions, no code or name detection, no n-grams) for comparison.

    Raises
    ------
    ValueError
        An expected code that is neither a target nor a target area of the matcher.
    """
    codes = [target.code for target in matcher.targets]
    area_of = {target.code: target.target_area for target in matcher.targets}
    areas = set(area_of.values()) - {""}
    for item in labelled:
        if item.expected not in area_of and item.expected not in areas:
            raise ValueError(f"{item.id}: okänd kod '{item.expected}'")
    scores = matcher.score_matrix([item.text for item in labelled])
    result = Evaluation()
    for name, key in RANKERS.items():
        matrix = scores[key]
        ranks, area_ranks = [], []
        for row, item in enumerate(labelled):
            ranking = _ranking(matrix[row], codes)
            area_ranking = _area_ranking(ranking, area_of)
            expected_area = item.expected if item.expected in areas else area_of[item.expected]
            ranks.append(_rank(area_ranking if item.expected in areas else ranking,
                               item.expected))
            area_ranks.append(_rank(area_ranking, expected_area))
        result.ranks[name] = ranks
        result.overall[name] = Metrics.of(ranks, area_ranks)
        classes = sorted({_class(item.expected, area_of) for item in labelled})
        result.per_class[name] = {
            cls: Metrics.of([r for r, item in zip(ranks, labelled)
                             if _class(item.expected, area_of) == cls],
                            [r for r, item in zip(area_ranks, labelled)
                             if _class(item.expected, area_of) == cls])
            for cls in classes}
    if baseline:
        plain = [replace(target, description="") for target in matcher.targets]
        weights = Weights(explicit=0, reuse=0, chars=0, area=0, names=1)
        result.baseline = evaluate(Matcher(plain, weights=weights), labelled).overall["theme"]
    return result


def _class(code: str, area_of: dict[str, str]) -> str:
    return area_of.get(code) or code


def _ranking(row: np.ndarray, codes: list[str]) -> list[str]:
    order = np.argsort(-row, kind="stable")
    return [codes[i] for i in order if row[i] > 0]


def _area_ranking(ranking: list[str], area_of: dict[str, str]) -> list[str]:
    seen: list[str] = []
    for code in ranking:
        area = area_of[code]
        if area and area not in seen:
            seen.append(area)
    return seen


def _rank(ranking: list[str], code: str) -> int | None:
    return ranking.index(code) + 1 if code in ranking else None
