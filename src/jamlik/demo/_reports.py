"""Example annual reports (exempeldata) as real PDF and DOCX files, matched and reviewed.

Four of Göteborg's boards, two years each: PDF (WeasyPrint) for one year, DOCX
(python-docx) for the other, with a cover, headings, running header and page
numbers, so that `jamlik documents import` and `jamlik uptake` meet what a board
really sends. The text is invented by the jamlik project in the style of the
boards' reports; it describes nothing a real board has done.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import Engine

__all__ = ["EXAMPLE_REPORTS", "write_example_reports", "load_demo_uptake"]

YEARS = (2024, 2025)
_FILLER = {
    "Ordförande har ordet": [
        "Året har präglats av ett ansträngt ekonomiskt läge och av stora behov i stadens "
        "olika delar. Nämnden har ändå kunnat genomföra de flesta av årets planerade insatser.",
        "Jag vill tacka alla medarbetare för ett stort engagemang under året.",
    ],
    "Ekonomi": [
        "Nämnden redovisar ett resultat på {n} miljoner kronor, främst beroende på vakanser och "
        "lägre lokalkostnader än budgeterat.",
        "Investeringarna i it-system har försenats på grund av en överprövad upphandling.",
    ],
    "Medarbetare": [
        "Sjukfrånvaron var {n},2 procent, vilket är i nivå med föregående år.",
        "Medarbetarenkäten visar att de flesta trivs, men arbetsbelastningen upplevs som hög.",
    ],
}
# board code → (name, paragraphs about the programme for the section "Jämlik stad")
EXAMPLE_REPORTS: dict[str, tuple[str, list[str]]] = {
    "kn": ("Kulturnämnden", [
        "Bokstart har nått {m} familjer med små barn i nordost. Bibliotekarier har besökt "
        "familjerna hemma och delat ut bokpaket på familjens språk.",
        "Kulturskolan har tagit bort avgiften för kurser i områden där få barn tidigare anmält "
        "sig. Antalet elever från Bergsjön har ökat kraftigt.",
        "Biblioteket i Angered har fått längre öppettider och en meröppen lösning, så att fler "
        "har tillgång till lokalerna även kvällar och helger.",
        "Inom MO4.4 har nämnden upplåtit lokaler i bibliotek till föreningar som driver "
        "språkcaféer och läxhjälp.",
    ]),
    "fsn": ("Förskolenämnden", [
        "Alla förskolor i Västra Hisingen arbetar nu med språkutvecklande arbetssätt. "
        "Pedagogerna har utbildats i dialogisk högläsning.",
        "Andelen barn som går i förskola har ökat i Hjällbo och Hammarkullen efter uppsökande "
        "arbete tillsammans med familjecentralerna.",
        "Föräldraträffar om barns sömn, språk och lek har hållits på arabiska, somaliska och "
        "svenska för att stärka vuxna kring barnet.",
        "Kapprumsbiblioteken har blivit fler. Familjer kan låna böcker på flera språk när de "
        "hämtar sina barn.",
    ]),
    "nav": ("Nämnden för arbetsmarknad och vuxenutbildning", [
        "Arbetsmarknadsenheten har kartlagt deltagarnas kompetenser och matchat dem mot lediga "
        "jobb inom vård och omsorg. {m} personer har fått anställning.",
        "Yrkesvux inom barnskötare och undersköterska har kombinerats med svenska för "
        "invandrare, så att eleverna lär sig språket och yrket samtidigt.",
        "Feriearbetet har gett ungdomar mellan 16 och 19 år sitt första arbete, och staden har "
        "erbjudit extratjänster till nyanlända.",
        "Sociala krav har ställts i stadens upphandlingar, och leverantörerna har tagit emot "
        "praktikanter som stått långt från arbetsmarknaden.",
    ]),
    "valn": ("Valnämnden", [
        "Valdeltagandet i Bergsjön ökade efter att demokratiambassadörer informerat om hur man "
        "röstar.",
        "Förtidsröstning erbjöds i mobila vallokaler vid köpcentrum och bibliotek i områden där "
        "få röstade i förra valet.",
        "Valnämnden har tagit fram information om valet på lättläst svenska och tolv andra "
        "språk.",
        "Medborgardialogen om vallokalernas placering hölls med tolk, så att även personer som "
        "sällan deltar kunde lämna synpunkter.",
    ]),
}


def _sections(code: str, year: int) -> list[tuple[str, list[str]]]:
    name, paragraphs = EXAMPLE_REPORTS[code]
    n, m = 2 + year % 7, 100 + 37 * (year % 10)
    own = [text.format(m=m) for text in paragraphs]
    # the second year keeps most of the work and reorders it, as real reports do
    own = own if year == YEARS[0] else own[1:] + own[:1]
    return [("Ordförande har ordet", _FILLER["Ordförande har ordet"]),
            ("Jämlik stad", own[:2]), ("Mål och uppdrag", own[2:]),
            ("Ekonomi", [t.format(n=n) for t in _FILLER["Ekonomi"]]),
            ("Medarbetare", [t.format(n=n) for t in _FILLER["Medarbetare"]])]


def _pdf(path: Path, title: str, sections: list[tuple[str, list[str]]]) -> None:
    import weasyprint

    css = ("@page { size: A4; margin: 2.5cm; @top-center { content: '%s – EXEMPELDATA' } "
           "@bottom-center { content: 'Sida ' counter(page) } } "
           "h1 { font-size: 22pt } h2 { font-size: 15pt; page-break-before: always } "
           "p { font-size: 11pt }" % title)
    body = [f"<h1>{title}</h1><p>Exempeldata: påhittad årsrapport för jamliks demo.</p>"]
    for heading, paragraphs in sections:
        body.append(f"<h2>{heading}</h2>" + "".join(f"<p>{text}</p>" for text in paragraphs))
    html = f"<html lang='sv'><head><style>{css}</style></head><body>{''.join(body)}</body></html>"
    weasyprint.HTML(string=html).write_pdf(str(path))


def _docx(path: Path, title: str, sections: list[tuple[str, list[str]]]) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = f"{title} – EXEMPELDATA"
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run("Sida ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)
    document.add_heading(title, level=1)
    document.add_paragraph("Exempeldata: påhittad årsrapport för jamliks demo.")
    for heading, paragraphs in sections:
        document.add_page_break()
        document.add_heading(heading, level=2)
        for text in paragraphs:
            document.add_paragraph(text)
    document.save(str(path))


def write_example_reports(folder: str | Path) -> list[tuple[Path, str, int]]:
    """Write the example reports into ``folder``; ``(path, organisation code, year)``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for code, (name, _) in EXAMPLE_REPORTS.items():
        for year in YEARS:
            title = f"{name} – Årsrapport {year}"
            sections = _sections(code, year)
            if year == YEARS[0]:
                path = folder / f"{code}-arsrapport-{year}.pdf"
                _pdf(path, title, sections)
            else:
                path = folder / f"{code}-arsrapport-{year}.docx"
                _docx(path, title, sections)
            written.append((path, code, year))
    return written


def load_demo_uptake(engine: Engine, programme_id: int) -> dict[str, int]:
    """Import the example reports, match both years and review some proposals.

    The demo's analyst confirms the first proposal of a passage when it has
    explicit evidence or a strong theme, rejects weak third proposals, and
    re-assigns one; everything stays in the review history.
    """
    from jamlik.jobs import import_documents, review_match, run_uptake
    from jamlik.store import stored_matches

    with tempfile.TemporaryDirectory() as folder:
        for path, code, year in write_example_reports(folder):
            import_documents(engine, [path], organisation=code, year=year, author="jamlik demo",
                             is_example=True)
    counts = {"confirmed": 0, "rejected": 0, "reassigned": 0}
    for year in YEARS:
        run_uptake(engine, year=year, programme=programme_id)
    for match in stored_matches(engine, programme_id=programme_id, decision=None):
        strong = any(e["kind"] == "explicit" for e in match.evidence) or match.score >= 2.0
        if match.rank == 1 and strong:
            if match.code == "MO4.3" and counts["reassigned"] == 0:
                review_match(engine, match.id, "reassign", reviewer="analytiker", role="analyst",
                             code="MO4.2", comment="Dialogen gällde valet: strategin om "
                                                   "valdeltagande passar bättre.")
                counts["reassigned"] += 1
                continue
            review_match(engine, match.id, "confirm", reviewer="analytiker", role="analyst")
            counts["confirmed"] += 1
        elif match.rank == 3:
            review_match(engine, match.id, "reject", reviewer="samordnare", role="coordinator",
                         comment="Passagen handlar inte om strategin.")
            counts["rejected"] += 1
    return counts
