"""Keeping the message catalogues in step with the code (a developer tool).

``python -m jamlik.web._catalogue`` extracts every ``_()`` string from the web
app's Python modules and templates (babel) and updates
``locale/{sv,en}/LC_MESSAGES/messages.po``: new messages are added (English
untranslated until someone writes it), obsolete ones dropped, translations kept.
The test suite checks that every message has an English translation.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from ._i18n import CATALOGUES, LANGUAGES

__all__ = ["DATA_TERMS", "extract", "update"]

HERE = Path(__file__).parent
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}
#: Words stored in the data (dimension and group names) that the pages translate.
DATA_TERMS = ("Totalt", "Kön", "Födelseregion", "Kvinnor", "Män", "Född i Sverige",
              "Född i Europa utom Sverige", "Född utanför Europa", "procent", "år",
              # units that jamlik's own jobs store (access: jamlik.jobs; counts of people)
              "meter", "antal", "per 1 000",
              # units of gap measures (jamlik.stats.measure_unit)
              "procentenheter", "kvot", "enheter",
              # what areas are ranked by (``ranked_by`` of a gap between areas)
              "SCB:s områdestyp 2022 (1 = stora socioekonomiska utmaningar)",
              "stadens områdesindex", "befolkning saknas, områdena vägs lika",
              # the demo's source (jamlik.demo), shown on every indicator page
              "Exempeldata (jamlik demo)",
              # residents' voices: the groups of survey indicators (jamlik.voices)
              "Åldersgrupp", "Annat kön")


def extract() -> Catalog:
    """Every message of the web app."""
    catalog = Catalog(project="jamlik", locale="sv")
    for filename, lineno, message, comments, context in extract_from_dir(
            HERE, METHODS, options_map=OPTIONS, keywords={"_": None, "gettext": None,
                                                          "ngettext": (1, 2)}):
        if "_catalogue.py" in filename:
            continue
        catalog.add(message, locations=[(filename, lineno)], auto_comments=comments,
                    context=context)
    for term in DATA_TERMS:
        catalog.add(term, locations=[("data", 0)])
    from ._i18n import reason_messages

    for _pattern, message in reason_messages():  # stored reasons (jamlik.web._i18n.reason)
        catalog.add(message, locations=[("reasons", 0)])
    return catalog


def update() -> dict[str, int]:
    """Bring the .po files in line with the code; return the count of untranslated per language."""
    template = extract()
    missing = {}
    for lang in LANGUAGES:
        path = CATALOGUES / lang / "LC_MESSAGES" / "messages.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
        else:
            catalog = Catalog(project="jamlik", locale=lang)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, sort_output=True,
                     no_location=True)
        missing[lang] = sum(1 for m in catalog if m.id and not m.string)
    return missing


if __name__ == "__main__":
    print(update())
