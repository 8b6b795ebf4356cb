"""Matching passages to strategies and recommendations: three kinds of evidence.

``explicit``
    The passage names a target: a code ("MO1.3", "målområde 2", "rekommendation
    F1"), a strategy's or target area's name (inflected forms too: every content
    word of the name, in order, within a short window) or a recommendation's
    commission.
``reuse``
    Near-verbatim wording of a strategy or recommendation: shared shingles of
    three consecutive terms (w-shingling, Broder 1997), reported as the aligned
    span of the passage.
``theme``
    What the passage is about: Okapi BM25 (Robertson & Zaragoza 2009, computed
    by bm25s) of the passage's terms against every target's name and
    description, a second BM25 over character 4-grams for compounds, and a BM25
    against each target area as a whole, combined by normalised weighted sum.

The kinds are scored apart and kept apart in :class:`Evidence`; the ranking adds
them with weights (:class:`Weights`), so a code in the text outranks a theme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ._bm25 import TermIndex
from ._swedish import Token, char_ngrams, compound_parts, terms, tokens
from ._targets import Target

__all__ = ["Evidence", "Match", "Matcher", "Weights", "EVIDENCE_KINDS"]

EVIDENCE_KINDS = ("explicit", "reuse", "theme")
_AREA_CODE = re.compile(r"\b(?:MO|mo|Mo)\s?([1-9])(?:\.(\d{1,2}))?\b|\bmålområde\s+([1-9])\b",
                        re.I)
_SHINGLE = 3
# BM25 weight of a passage's best target at which its theme counts in full (about
# two distinctive shared words); below it the theme scores shrink in proportion.
THEME_REFERENCE = 3.0
# Matches scoring below this are not proposed: a weak theme alone (tuned so that
# passages on budget, staff and premises in the dev set yield nothing).
MIN_SCORE = 1.3


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a passage matches a target: kind, score (0–1), words or span, reason."""

    kind: str
    score: float
    words: tuple[str, ...] = ()
    span: str | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked target for one passage."""

    passage_id: str
    rank: int
    kind: str  # strategy or recommendation
    code: str
    target_area: str
    score: float
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Weights:
    """How the evidence kinds and the theme rankers add up (tuned on the dev split)."""

    explicit: float = 3.0
    reuse: float = 1.5
    words: float = 1.0
    chars: float = 1.0
    area: float = 0.6
    names: int = 2


@dataclass(slots=True)
class _Prepared:
    tokens: list[Token]
    terms: list[str]
    shingles: dict[tuple[str, ...], int] = field(default_factory=dict)


class Matcher:
    """Ranks targets (strategies, recommendations) for Swedish passages.

    Parameters
    ----------
    targets
        From :func:`programme_targets`.
    weights
        Evidence weights; the defaults were tuned on the dev split of the
        project's labelled passages (``tests/fixtures/uptake/labels.csv``).
    area_descriptions
        Optional longer text per target area code (the programme's description).
    """

    def __init__(self, targets: list[Target], *, weights: Weights | None = None,
                 area_descriptions: dict[str, str] | None = None) -> None:
        if not targets:
            raise ValueError("targets: väntade minst en strategi eller rekommendation")
        self.targets = list(targets)
        self.weights = weights or Weights()
        self._by_code = {target.code: i for i, target in enumerate(self.targets)}
        docs = [self._document_terms(target) for target in self.targets]
        self._doc_terms = [set(doc) for doc in docs]
        self._words = TermIndex(docs)
        self._chars = TermIndex([char_ngrams(doc) for doc in docs])
        self._areas = sorted({t.target_area for t in self.targets if t.target_area})
        area_docs = []
        for area in self._areas:
            members = [t for t in self.targets if t.target_area == area]
            text = " ".join([members[0].target_area_name] * self.weights.names
                            + [(area_descriptions or {}).get(area, "")]
                            + [f"{t.name} {t.description}" for t in members])
            area_docs.append(terms(text, name=True))
        self._area_index = TermIndex(area_docs)
        self._area_column = np.array([self._areas.index(t.target_area) if t.target_area else -1
                                      for t in self.targets])
        self._names = [_name_terms(target.name) for target in self.targets]
        self._name_sets = [set(name) for name in self._names]
        self._area_names = {t.target_area: _name_terms(t.target_area_name)
                            for t in self.targets if t.target_area_name}
        self._shingles: dict[tuple[str, ...], set[int]] = {}
        for i, target in enumerate(self.targets):
            for text in (target.name, target.description):
                seq = [token.term for token in tokens(text)]
                for start in range(len(seq) - _SHINGLE + 1):
                    self._shingles.setdefault(tuple(seq[start:start + _SHINGLE]), set()).add(i)

    def _document_terms(self, target: Target) -> list[str]:
        name = terms(target.name, name=True)
        return (name * self.weights.names + terms(target.description)
                + terms(target.target_area_name, name=True))

    # -- scoring ----------------------------------------------------------------------

    def score_matrix(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Scores of every target for every text, one matrix (texts × targets) per ranker.

        Keys: ``explicit``, ``reuse``, ``words``, ``chars``, ``area``, ``theme``
        (the weighted theme rankers) and ``total``.
        """
        return self._score(texts)[0]

    def _score(self, texts: list[str]):
        prepared = [self._prepare(text) for text in texts]
        raw = self._words.scores([p.terms for p in prepared])
        words = _normalise(raw)
        # normalising by the best target ranks targets within a passage; the
        # strength of the best match makes scores comparable across passages
        strength = np.clip(raw.max(axis=1, keepdims=True) / THEME_REFERENCE, 0.0, 1.0)
        area = _normalise(self._area_index.scores([p.terms for p in prepared]))
        # character n-grams refine a theme that whole words found; alone they
        # only find chance overlaps ("tre" in "strategi")
        has_words = (words.max(axis=1, keepdims=True) > 0) | (area.max(axis=1, keepdims=True) > 0)
        chars = _normalise(self._chars.scores([char_ngrams(p.terms) for p in prepared])) * has_words
        area_per_target = np.where(self._area_column >= 0,
                                   area[:, np.clip(self._area_column, 0, None)], 0.0)
        weights = self.weights
        theme = strength * (weights.words * words + weights.chars * chars
                            + weights.area * area_per_target)
        explicit = np.zeros_like(theme)
        reuse = np.zeros_like(theme)
        found = []
        for row, (text, item) in enumerate(zip(texts, prepared)):
            named = self._explicit(text, item)
            copied = self._reuse(text, item)
            for index, evidence in named.items():
                explicit[row, index] = evidence.score
            for index, evidence in copied.items():
                reuse[row, index] = evidence.score
            found.append((named, copied))
        total = theme + weights.explicit * explicit + weights.reuse * reuse
        scores = {"explicit": explicit, "reuse": reuse, "words": words, "chars": chars,
                  "area": area_per_target, "theme": theme, "total": total}
        return scores, prepared, found

    def match(self, passages: list[tuple[str, str]], *, top: int = 5,
              min_score: float = MIN_SCORE, batch: int = 2000) -> list[Match]:
        """The ``top`` targets for each ``(passage_id, text)``, with their evidence.

        Targets scoring below ``min_score`` are left out (``0`` keeps every
        target with any evidence).
        """
        results: list[Match] = []
        for start in range(0, len(passages), batch):
            chunk = passages[start:start + batch]
            texts = [text for _, text in chunk]
            scores, prepared, found = self._score(texts)
            total = scores["total"]
            order = np.argsort(-total, axis=1, kind="stable")[:, :top]
            for row, (passage_id, _) in enumerate(chunk):
                for rank, index in enumerate(order[row], start=1):
                    if total[row, index] <= 0 or total[row, index] < min_score:
                        break
                    target = self.targets[index]
                    evidence = self._evidence(prepared[row], found[row], int(index),
                                              float(scores["theme"][row, index]))
                    results.append(Match(passage_id, rank, target.kind, target.code,
                                         target.target_area, round(float(total[row, index]), 4),
                                         evidence))
        return results

    def _prepare(self, text: str) -> _Prepared:
        found = tokens(text)
        words = [token.term for token in found]
        for token in found:
            words.extend(compound_parts(token.word))
        item = _Prepared(found, words)
        seq = [token.term for token in found]
        for start in range(len(seq) - _SHINGLE + 1):
            item.shingles.setdefault(tuple(seq[start:start + _SHINGLE]), start)
        return item

    # -- explicit ---------------------------------------------------------------------

    def _explicit(self, text: str, item: _Prepared) -> dict[int, Evidence]:
        found: dict[int, Evidence] = {}

        def add(index: int, evidence: Evidence) -> None:
            if index not in found or found[index].score < evidence.score:
                found[index] = evidence

        for match in _AREA_CODE.finditer(text):
            area_number = match.group(1) or match.group(3)
            area = f"MO{area_number}"
            if match.group(2):
                code = f"{area}.{match.group(2)}"
                if code in self._by_code:
                    add(self._by_code[code], Evidence(
                        "explicit", 1.0, (match.group(),), match.group(),
                        f"nämner strategin med kod: '{match.group()}'"))
                continue
            for index, target in enumerate(self.targets):
                if target.target_area == area:
                    add(index, Evidence("explicit", 0.4, (match.group(),), match.group(),
                                        f"nämner målområdet: '{match.group()}'"))
        lowered = text.lower()
        present = set(item.terms)
        cites = "förslag" in lowered or "rekommendation" in lowered
        for index, target in enumerate(self.targets):
            if target.kind == "recommendation" and cites and re.search(
                    rf"\b(rekommendation(en)?|åtgärdsförslag(et)?|förslag(et)?)\s+"
                    rf"{re.escape(target.code.lower())}\b", lowered):
                add(index, Evidence("explicit", 1.0, (target.code,), target.code,
                                    f"nämner rekommendationen {target.code}"))
            elif target.commission and target.commission.lower() in lowered:
                add(index, Evidence("explicit", 0.3, (target.commission,), target.commission,
                                    f"nämner kommissionen '{target.commission}'"))
            if not self._name_sets[index] <= present:
                continue
            span = _find_name(item.tokens, self._names[index])
            if span is not None:
                add(index, Evidence("explicit", 0.8, tuple(t.word for t in span),
                                    text[span[0].start:span[-1].end],
                                    f"nämner {_kind_sv(target)} vid namn: "
                                    f"'{text[span[0].start:span[-1].end]}'"))
        for area, name in self._area_names.items():
            if not set(name) <= present:
                continue
            span = _find_name(item.tokens, name)
            if span is None:
                continue
            quoted = text[span[0].start:span[-1].end]
            for index, target in enumerate(self.targets):
                if target.target_area == area:
                    add(index, Evidence("explicit", 0.4, tuple(t.word for t in span), quoted,
                                        f"nämner målområdet vid namn: '{quoted}'"))
        return found

    # -- reuse ------------------------------------------------------------------------

    def _reuse(self, text: str, item: _Prepared) -> dict[int, Evidence]:
        positions: dict[int, list[int]] = {}
        for shingle, start in item.shingles.items():
            for index in self._shingles.get(shingle, ()):
                positions.setdefault(index, []).append(start)
        found = {}
        for index, starts in positions.items():
            if len(starts) < 2 and len(self._names[index]) > _SHINGLE:
                continue  # one shared shingle of a long name is a coincidence
            first, last = _longest_run(sorted(starts))
            span_tokens = item.tokens[first:last + _SHINGLE]
            span = text[span_tokens[0].start:span_tokens[-1].end]
            length = last - first + _SHINGLE
            score = min(1.0, length / 6)
            found[index] = Evidence("reuse", round(score, 3), tuple(t.word for t in span_tokens),
                                    span, f"{length} ord i följd som i "
                                    f"{_kind_sv(self.targets[index], definite=True)}s text: "
                                    f"'{span}'")
        return found

    # -- evidence for one match -------------------------------------------------------

    def _evidence(self, item: _Prepared, found: tuple[dict, dict], index: int,
                  theme: float) -> tuple[Evidence, ...]:
        evidence = [kind[index] for kind in found if index in kind]
        if theme > 0:
            shared = self._doc_terms[index]
            words = []
            for token in item.tokens:
                if token.term in shared and token.word not in words:
                    words.append(token.word)
            target = self.targets[index]
            reason = (f"delar orden {', '.join(repr(w) for w in words[:8])} med "
                      f"{_kind_sv(target, definite=True)} '{target.name}'" if words else
                      f"liknar {_kind_sv(target, definite=True)} '{target.name}' i delar av ord "
                      "eller målområde")
            evidence.append(Evidence("theme", round(theme, 4), tuple(words[:8]), None, reason))
        return tuple(evidence)


def _kind_sv(target: Target, *, definite: bool = False) -> str:
    if target.kind == "strategy":
        return "strategin" if definite else "strategi"
    return "rekommendationen" if definite else "rekommendation"


def _name_terms(name: str) -> list[str]:
    return [token.term for token in tokens(re.sub(r"\(.*?\)", " ", name))]


def _find_name(found: list[Token], name: list[str]) -> list[Token] | None:
    """The first span of ``found`` holding every term of ``name`` in order, within a
    window of twice the name's length (stop words are already out)."""
    if len(name) < 2:
        return None
    window = 2 * len(name) + 1
    seq = [token.term for token in found]
    for start, item in enumerate(seq):
        if item != name[0]:
            continue
        position, matched = start, [start]
        for wanted in name[1:]:
            try:
                position = seq.index(wanted, position + 1, start + window)
            except ValueError:
                break
            matched.append(position)
        else:
            return found[matched[0]:matched[-1] + 1]
    return None


def _longest_run(starts: list[int]) -> tuple[int, int]:
    best = (starts[0], starts[0])
    first = previous = starts[0]
    for start in starts[1:]:
        if start != previous + 1:
            first = start
        if start - first > best[1] - best[0]:
            best = (first, start)
        previous = start
    return best


def _normalise(matrix: np.ndarray) -> np.ndarray:
    peak = matrix.max(axis=1, keepdims=True)
    return np.divide(matrix, peak, out=np.zeros_like(matrix), where=peak > 0)
