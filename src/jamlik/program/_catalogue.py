"""Every user-facing word of the programme work in Swedish and English, in one place.

The CLI, the Excel templates, the annual summary (årsbokslut) and the web app
take their labels from here, so a term is translated once. Stored codes are
English (``ongoing``); labels are Swedish first.

>>> label("status", "not_started")
'ej påbörjad'
>>> label("status", "not_started", lang="en")
'not started'
>>> text("cover_title", year=2024)
'Årsbokslut 2024'
"""

from __future__ import annotations

from jamlik.errors import ArgumentError

__all__ = ["LANGUAGES", "VOCABULARY", "TEXT", "label", "codes", "text", "check_lang"]

LANGUAGES = ("sv", "en")

#: Coded values: vocabulary → code → (Swedish, English).
VOCABULARY: dict[str, dict[str, tuple[str, str]]] = {
    "status": {
        "not_started": ("ej påbörjad", "not started"),
        "ongoing": ("pågående", "ongoing"),
        "completed": ("genomförd", "completed"),
        "paused": ("pausad", "paused"),
        "cancelled": ("avbruten", "cancelled"),
    },
    "goal_attainment": {
        "good": ("god", "good"),
        "some": ("viss", "some"),
        "none": ("ingen", "none"),
    },
    "state": {
        "draft": ("utkast", "draft"),
        "submitted": ("inskickad", "submitted"),
        "reviewed": ("granskad", "reviewed"),
        "returned": ("återsänd", "sent back"),
    },
    "action": {
        "save": ("sparad", "saved"),
        "submit": ("inskickad", "submitted"),
        "review": ("granskad", "reviewed"),
        "send_back": ("återsänd med kommentar", "sent back with a comment"),
    },
    "organisation_kind": {
        "board": ("nämnd", "board"),
        "administration": ("förvaltning", "administration"),
        "company": ("bolag", "company"),
        "partner": ("extern part", "external partner"),
        "other": ("annan", "other"),
    },
    "role": {"owner": ("ansvarig", "owner"), "partner": ("medverkande", "partner")},
    "cycle_status": {"open": ("öppen", "open"), "closed": ("stängd", "closed")},
    "recommendation_kind": {
        "recommendation": ("rekommendation", "recommendation"),
        "action_proposal": ("åtgärdsförslag", "action proposal"),
        "assignment": ("uppdrag", "assignment"),
    },
    # the rankings of areas behind a gap between areas (``ranked_by`` of a measure)
    "ranking": {
        "SCB:s områdestyp 2022 (1 = stora socioekonomiska utmaningar)": (
            "SCB:s områdestyp 2022 (1 = stora socioekonomiska utmaningar)",
            "Statistics Sweden's area type 2022 (1 = major socioeconomic challenges)"),
        "stadens områdesindex": ("stadens områdesindex", "the city's area index"),
        "befolkning saknas, områdena vägs lika": (
            "befolkning saknas, områdena vägs lika",
            "population missing, the areas weigh alike"),
    },
    "measure": {
        "D": ("skillnad (D)", "difference (D)"),
        "R": ("kvot (R)", "ratio (R)"),
        "SII": ("lutningsindex (SII)", "slope index of inequality (SII)"),
        "RII": ("relativt ojämlikhetsindex (RII)", "relative index of inequality (RII)"),
        "PAR": ("befolkningsattributiv risk (PAR)", "population attributable risk (PAR)"),
        "PAF": ("befolkningsattributiv andel (PAF)", "population attributable fraction (PAF)"),
        "IDISU": ("index of disparity (IDISU)", "index of disparity (IDISU)"),
        "BGV": ("varians mellan grupper (BGV)", "between-group variance (BGV)"),
        "TI": ("Theils index (TI)", "Theil index (TI)"),
        "MLD": ("genomsnittlig log-avvikelse (MLD)", "mean log deviation (MLD)"),
    },
    "dimension": {
        "omrade": ("område (stadsdelar)", "area (districts)"),
        "kon": ("kön", "sex"),
        "fodelseregion": ("födelseregion", "region of birth"),
        "total": ("totalt", "total"),
    },
}

#: Sentences and headings: key → (Swedish, English); ``{name}`` fields are filled in.
TEXT: dict[str, tuple[str, str]] = {
    # cover and frame
    "cover_title": ("Årsbokslut {year}", "Annual summary {year}"),
    "cover_subtitle": ("Uppföljning av {programme}", "Follow-up of {programme}"),
    "cover_cycle": ("Uppföljning: {cycle} ({status})", "Follow-up cycle: {cycle} ({status})"),
    "cover_generated": ("Sammanställd {date} med jamlik", "Compiled {date} with jamlik"),
    "example_banner": ("Exempeldata – innehållet är påhittat och beskriver inte verkliga "
                       "verksamheter eller resultat.",
                       "Example data – the content is invented and does not describe real "
                       "operations or results."),
    "example_short": ("Exempeldata", "Example data"),
    "contents": ("Innehåll", "Contents"),
    "page": ("Sida", "Page"),
    "page_of": ("av", "of"),
    "figure": ("Figur", "Figure"),
    "table": ("Tabell", "Table"),
    "about_heading": ("Om årsbokslutet", "About the annual summary"),
    "about_text": (
        "Årsbokslutet sammanfattar vad stadens nämnder, förvaltningar och bolag har gjort "
        "inom {programme} under {year}: aktiviteternas status, verksamheternas egen "
        "bedömning av måluppfyllelsen, exempel från stadens verksamheter och de indikatorer "
        "som följer målområdena. Endast inskickade och granskade rapporter ingår.",
        "The annual summary describes what the city's boards, administrations and companies "
        "did within {programme} during {year}: the status of the activities, the units' own "
        "assessment of goal attainment, examples from the city's operations and the "
        "indicators that follow the target areas. Only submitted and reviewed reports are "
        "included."),
    "goal_line": ("Programmets mål: {goal}", "Goal of the programme: {goal}"),
    "preconditions": ("Förutsättningar", "Preconditions"),
    # per target area
    "target_heading": ("Målområde {code}: {name}", "Target area {code}: {name}"),
    "strategies": ("Strategier", "Strategies"),
    "activities": ("Aktiviteter", "Activities"),
    "activities_caption": ("Aktiviteter inom {code} och deras status",
                           "Activities in {code} and their status"),
    "no_activities": ("Inga aktiviteter är kopplade till målområdet.",
                      "No activities are linked to this target area."),
    "col_activity": ("Aktivitet", "Activity"),
    "col_owners": ("Ansvariga", "Owners"),
    "col_status": ("Status", "Status"),
    "col_progress": ("Framsteg", "Progress"),
    "col_goal": ("Måluppfyllelse", "Goal attainment"),
    "col_report": ("Rapport", "Report"),
    "not_reported": ("ej rapporterad", "not reported"),
    "not_assessed": ("ej bedömd", "not assessed"),
    "not_reviewed": ("ej granskad", "not reviewed"),
    "goal_heading": ("Självskattad måluppfyllelse", "Self-assessed goal attainment"),
    "goal_caption": ("Självskattad måluppfyllelse för aktiviteterna inom {code} (antal)",
                     "Self-assessed goal attainment of the activities in {code} (count)"),
    "goal_summary": ("Antal aktiviteter per bedömning: god {good}, viss {some}, ingen {none}, "
                     "ej bedömd {missing}.",
                     "Number of activities by assessment: good {good}, some {some}, none {none}, "
                     "not assessed {missing}."),
    "count": ("Antal", "Count"),
    "examples_heading": ("Exempel från stadens verksamheter",
                         "Examples from the city's operations"),
    "no_examples": ("Inga exempel rapporterades.", "No examples were reported."),
    "uptake_example": ("{organisation}, årsrapport {year} (granskat utdrag)",
                       "{organisation}, annual report {year} (reviewed passage)"),
    "source": ("Källa", "Source"),
    "page_short": ("s.", "p."),
    "indicators_heading": ("Indikatorer", "Indicators"),
    "indicators_caption": ("Indikatorer för {code}: senaste skillnad, intervall och trend",
                           "Indicators of {code}: latest gap, interval and trend"),
    "indicators_note": ("Skillnadsmått enligt senaste beräkning. Mellan områden är måtten "
                        "SII och RII över områdena rangordnade efter ett områdesindex "
                        "(befolkningsviktad regression på rang). Trenden är en "
                        "inversvariansviktad linjär trend över perioder som inte överlappar; "
                        "skillnaden minskar eller ökar bara när dess {confidence} %-intervall "
                        "utesluter 0. Trenden i en kvot (R, RII) är i ln-enheter per år.",
                        "Gap measures from the latest computation. Between areas the measures "
                        "are the SII and RII across the areas ranked by an area index "
                        "(population-weighted regression on rank). The trend is an "
                        "inverse-variance weighted linear trend over periods that do not "
                        "overlap; the gap is closing or widening only when its {confidence} % "
                        "interval excludes 0. The trend of a ratio (R, RII) is in ln units "
                        "per year."),
    "ranked_by": ("rangordnade efter {ranking}", "ranked by {ranking}"),
    "col_unit": ("Enhet", "Unit"),
    "no_indicators": ("Inga indikatorer är kopplade till målområdet.",
                      "No indicators are linked to this target area."),
    "col_indicator": ("Indikator", "Indicator"),
    "col_area": ("Område", "Area"),
    "col_dimension": ("Dimension", "Dimension"),
    "col_measure": ("Mått", "Measure"),
    "col_period": ("Period", "Period"),
    "col_value": ("Värde", "Value"),
    "col_interval": ("Intervall", "Interval"),
    "col_trend": ("Trend", "Trend"),
    "no_data": ("inga data", "no data"),
    "too_few_periods": ("för få perioder", "too few periods"),
    "news_heading": ("Nytt sedan {cycle}", "New since {cycle}"),
    "news_heading_first": ("Nytt sedan förra uppföljningen", "New since the last follow-up"),
    "news_first": ("Detta är programmets första uppföljning.",
                   "This is the programme's first follow-up."),
    "news_none": ("Inga nya aktiviteter eller statusändringar.",
                  "No new activities or changes of status."),
    "news_new": ("Ny aktivitet: {activity}", "New activity: {activity}"),
    "news_status": ("{activity}: {before} → {after}", "{activity}: {before} → {after}"),
    # overview and missing reports
    "overview_heading": ("Översikt över hela programmet", "Overview of the whole programme"),
    "overview_caption": ("Aktiviteter per målområde och status",
                         "Activities per target area and status"),
    "overview_chart_caption": ("Aktiviteternas status per målområde (antal)",
                               "Status of the activities per target area (count)"),
    "overview_text": ("{activities} aktiviteter följdes upp; för {reported} av dem finns en "
                      "inskickad rapport ({share} %).",
                      "{activities} activities were followed up; {reported} of them have a "
                      "submitted report ({share} %)."),
    "col_target": ("Målområde", "Target area"),
    "col_total": ("Totalt", "Total"),
    "missing_heading": ("Organisationer som inte har rapporterat",
                        "Organisations that have not reported"),
    "missing_caption": ("Organisationer med rapporter som saknas vid sammanställningen",
                        "Organisations with missing reports at the time of compiling"),
    "missing_none": ("Alla organisationer har rapporterat.", "Every organisation has reported."),
    "col_organisation": ("Organisation", "Organisation"),
    "col_kind": ("Typ", "Kind"),
    "col_missing": ("Saknas", "Missing"),
    "col_contact": ("Kontaktperson", "Contact"),
    "missing_count": ("{missing} av {total}", "{missing} of {total}"),
    "deadline": ("Sista dag för rapportering: {date}", "Reporting deadline: {date}"),
    # Excel template
    "sheet_reports": ("Statusrapporter", "Status reports"),
    "sheet_examples": ("Exempel", "Examples"),
    "sheet_about": ("Om filen", "About"),
    "sheet_help": ("Instruktioner", "Instructions"),
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a known language; raise ArgumentError otherwise."""
    if lang not in LANGUAGES:
        raise ArgumentError(f"lang måste vara en av {', '.join(LANGUAGES)}, fick {lang!r}")
    return lang


def label(vocabulary: str, code: str | None, lang: str = "sv") -> str:
    """The label of ``code`` in ``vocabulary``; an unknown code is returned as it is."""
    if code is None:
        return ""
    pair = VOCABULARY[vocabulary].get(code)
    return code if pair is None else pair[LANGUAGES.index(check_lang(lang))]


def codes(vocabulary: str) -> tuple[str, ...]:
    """The codes of ``vocabulary`` in their order."""
    return tuple(VOCABULARY[vocabulary])


def text(key: str, lang: str = "sv", **values: object) -> str:
    """The sentence ``key`` in ``lang`` with ``{fields}`` filled from ``values``."""
    sentence = TEXT[key][LANGUAGES.index(check_lang(lang))]
    return sentence.format(**values) if values else sentence
