"""Okapi BM25 over a small corpus of targets, queried by many passages at once.

bm25s (Lù 2024) computes the BM25 weight of every (term, document) pair when it
indexes the corpus ("eager sparse scoring"); we read that weight matrix once and
score a batch of passages as one sparse product: passages × terms times
terms × documents. A passage counts each distinct term once, as bm25s does for
a query.
"""

from __future__ import annotations

import bm25s
import numpy as np
import scipy.sparse as sp

__all__ = ["TermIndex"]


class TermIndex:
    """BM25 weights of a corpus of term lists (k1 = 1.2, b = 0.75, Lucene's IDF)."""

    def __init__(self, documents: list[list[str]], *, k1: float = 1.2, b: float = 0.75) -> None:
        # an empty document would make bm25s drop it from the count: give it a dummy term
        corpus = [doc if doc else ["\x00"] for doc in documents]
        retriever = bm25s.BM25(k1=k1, b=b, method="lucene")
        retriever.index(corpus, show_progress=False)
        scores = retriever.scores
        width = len(scores["indptr"]) - 1
        matrix = sp.csc_matrix((scores["data"], scores["indices"], scores["indptr"]),
                               shape=(scores["num_docs"], width))
        self.vocabulary = {term: index for term, index in retriever.vocab_dict.items()
                           if index < width}
        self.weights = matrix.T.tocsr().astype(np.float64)  # terms × documents
        self.size = scores["num_docs"]

    def scores(self, queries: list[list[str]]) -> np.ndarray:
        """BM25 score of every document for every query (queries × documents)."""
        vocabulary = self.vocabulary
        rows: list[int] = []
        columns: list[int] = []
        for row, query in enumerate(queries):
            found = {vocabulary[term] for term in query if term in vocabulary}
            columns.extend(found)
            rows.extend([row] * len(found))
        onehot = sp.csr_matrix((np.ones(len(rows)), (rows, columns)),
                               shape=(len(queries), self.weights.shape[0]))
        return np.asarray((onehot @ self.weights).todense())
