"""Documents and Swedish text matching (pure: no store, no programme service).

Extraction
    ``read_document(path)`` → :class:`Document` with :class:`Passage` items
    (paragraphs, list items, table rows) keeping page number and heading path
    (``passage.citation`` → ``"s. 14, Mål och uppdrag"``) from PDF (PDFium via
    pypdfium2), DOCX (python-docx), ODT (odfpy), HTML and plain text. Lines are
    de-hyphenated, running headers, footers and page numbers removed, and PDF
    pages with images but no text listed in ``Document.scanned_pages``.
    ``file_hash(path)`` is the SHA-256 that identifies a document.

Swedish terms
    ``terms(text)``: lemma (simplemma) then Snowball stem (PyStemmer) per word,
    Swedish stop words out, parts of unknown compounds appended;
    ``char_ngrams(terms)`` for compounds.

Matching
    ``programme_targets(programme, recommendations)`` → :class:`Target` list;
    ``Matcher(targets).match([(id, text), ...], top=5)`` → :class:`Match` per
    passage and rank with :class:`Evidence` of three kinds kept apart:
    ``explicit`` (code or name), ``reuse`` (near-verbatim wording) and ``theme``
    (BM25 via bm25s over words, character n-grams and target areas).

Personal details
    ``mask_personal(text)`` → :class:`Masked` (text and counts per kind): personal
    identity numbers, e-mail addresses, Swedish phone numbers and introduced names
    replaced by markers (:data:`MASKS`).

Evaluation
    ``evaluate(matcher, [Labelled(id, text, expected), ...])`` → top-1, top-3,
    MRR, nDCG@10 and right-target-area-first, per evidence kind and per class.
"""

from ._evaluate import RANKERS, Evaluation, Labelled, Metrics, evaluate
from ._formats import FORMATS, file_hash, read_document
from ._match import EVIDENCE_KINDS, Evidence, Match, Matcher, Weights
from ._passages import Document, Passage
from ._personal import MASKS, Masked, mask_personal
from ._swedish import STOP_WORDS, char_ngrams, term, terms
from ._targets import Target, programme_targets

__all__ = [
    "EVIDENCE_KINDS", "FORMATS", "RANKERS", "STOP_WORDS", "Document", "Evaluation", "Evidence",
    "Labelled", "Match", "Matcher", "Metrics", "Passage", "Target", "Weights", "char_ngrams",
    "evaluate", "file_hash", "MASKS", "Masked", "mask_personal", "programme_targets", "read_document", "term", "terms",
]
