"""The English help of the command line: each Swedish help text and its translation.

Typer has no message catalogue, so ``jamlik --lang en ... --help`` (or ``LANG=en_*``)
swaps every command's and option's help text through this table
(:func:`jamlik.cli._usage.translate_help`). A command or option added to the CLI adds
its English text here; ``tests/test_cli_help.py`` fails for any help text without one.
"""

from __future__ import annotations

__all__ = ["EN"]

EN = {
    'jamlik: mät, planera, följ upp och visa stadens jämlikhetsarbete. Svenska som standard; --lang en eller LANG=en_* ger engelska meddelanden.':
        "jamlik: measure, plan, follow up and show the city's equality work. Swedish by default; --lang en or LANG=en_* gives English messages.",
    'Importera statistik (CSV/Excel, HEAT Plus, PC-Axis, PxWeb, Kolada, datapaket).':
        'Import statistics (CSV/Excel, HEAT Plus, PC-Axis, PxWeb, Kolada, data package).',
    'Filer att importera.': 'Files to import.',
    'Tvinga ett format.': 'Force a format.',
    'Områdesindelning för koder utan version, t.ex. RegSO_2025, eller för en utländsk byrås regioner, t.ex. Statistics_Finland_Alue.':
        "Area version for codes without a version, e.g. RegSO_2025, or for a foreign agency's regions, e.g. Statistics_Finland_Alue.",
    'Området som alla rader gäller, när tabellen saknar regionvariabel (PC-Axis, PxWeb).':
        'The area every row is about, when the table has no region variable (PC-Axis, PxWeb).',
    'Perioden för alla rader när tabellen saknar tidsvariabel, t.ex. 2024 (PC-Axis, PxWeb).':
        'The period of every row when the table has no time variable, e.g. 2024 (PC-Axis, PxWeb).',
    'Tabellens id när filen saknar det (PC-Axis, PxWeb).':
        "The table's id when the file has none (PC-Axis, PxWeb).",
    'Teckenkodning som ersätter filens (PC-Axis), t.ex. cp1252, utf-8, cp850.':
        "Character encoding that replaces the file's (PC-Axis), e.g. cp1252, utf-8, cp850.",
    "Vad '-' betyder i tabellen: 'nil' (värdet noll, SCB:s betydelse) eller 'missing' (uppgift saknas). Annars enligt filens DATASYMBOLNIL och byrå.":
        "What '-' means in the table: 'nil' (the value zero, Statistics Sweden's meaning) or 'missing' (no data). Otherwise from the file's DATASYMBOLNIL and agency.",
    'Exportera observationer i jamliks långa format.': "Export observations in jamlik's long format.",
    'Fil (.csv, .xlsx) eller mapp (datapackage).': 'File (.csv, .xlsx) or folder (datapackage).',
    'Samma som OUTPUT: fil (.csv, .xlsx) eller mapp.': 'Same as OUTPUT: file (.csv, .xlsx) or folder.',
    'csv, xlsx eller datapackage (annars från filändelsen).':
        'csv, xlsx or datapackage (otherwise from the file extension).',
    'Bara dessa indikatorer.': 'Only these indicators.',
    'Även ersatta (reviderade) värden.': 'Also replaced (revised) values.',
    'Lista importomgångar.': 'List import batches.',
    'Återställ en importomgång: dess värden tas bort och de ersatta blir gällande igen.':
        'Roll back an import batch: its values are removed and the ones they replaced are current again.',
    'Importomgångens id.': "The import batch's id.",
    'Beräkna skillnadsmått (WHO HEAT) för lagrade indikatorer och spara dem.':
        'Compute inequality measures (WHO HEAT) for stored indicators and save them.',
    'Indikatorer (kod); alla om inget anges.': 'Indicators (code); all if none is given.',
    'Kommuner (kod, t.ex. 1480) att mäta skillnader inom; alla om inget anges. --setting är ett föråldrat alias som tas bort i nästa version.':
        'Municipalities (code, e.g. 1480) to measure inequality within; all if none is given. --setting is a deprecated alias, removed in the next version.',
    'Mått (t.ex. D, R, SII, D_Q); alla om inget anges.': 'Measures (e.g. D, R, SII, D_Q); all if none is given.',
    "'heat' återger HEAT Plus exakt, fel inräknade.": "'heat' reproduces HEAT Plus exactly, faults included.",
    'Konfidensnivå.': 'Confidence level.',
    'Frö för simuleringsintervall.': 'Seed for the simulation intervals.',
    'Antal simuleringar (HEAT Plus: 100).': 'Number of simulations (HEAT Plus: 100).',
    'csv eller json.': 'csv or json.',
    'Fil för resultaten.': 'File for the results.',
    'Indikatorer (kod).': 'Indicators (code).',
    'Kommuner (kod). --setting är ett föråldrat alias som tas bort i nästa version.':
        'Municipalities (code). --setting is a deprecated alias, removed in the next version.',
    'Mått; standard D, R, SII och RII.': 'Measures; by default D, R, SII and RII.',
    'Tillgång per område och grupp: avstånd till närmaste plats, andel långt bort, 2SFCA.':
        'Access per area and group: distance to the nearest site, share far away, 2SFCA.',
    'csv/xlsx med id,x,y,weight[,district,group] (SWEREF 99 TM, meter).':
        'csv/xlsx with id,x,y,weight[,district,group] (SWEREF 99 TM, metres).',
    'csv/xlsx med id,x,y[,kind,capacity]: platserna.': 'csv/xlsx with id,x,y[,kind,capacity]: the sites.',
    'Avstånd i meter bortom vilket man räknas som långt från en plats.':
        'Distance in metres beyond which a person counts as far from a site.',
    'Upptagningsområde för 2SFCA i meter (standard: --threshold).':
        'Catchment radius for 2SFCA in metres (default: --threshold).',
    'Avståndsavtagande i 2SFCA: none, gaussian eller linear.': 'Distance decay in 2SFCA: none, gaussian or linear.',
    'EPSG:3006 (x,y i meter, standard) eller EPSG:4326 (x=longitud, y=latitud).':
        'EPSG:3006 (x,y in metres, default) or EPSG:4326 (x=longitude, y=latitude).',
    'Väg- eller gångnät (GeoJSON/GeoPackage med linjer) för nätverksavstånd; annars fågelvägen.':
        'Road or footpath network (GeoJSON/GeoPackage with lines) for network distances; otherwise straight lines.',
    'json, csv eller xlsx.': 'json, csv or xlsx.',
    'Skriv till denna fil i stället för till skärmen (krävs för xlsx).':
        'Write to this file instead of the screen (required for xlsx).',
    'Fördela en budget efter behov (proportionell universalism), i hela kronor.':
        'Allocate a budget by need (proportionate universalism), in whole kronor.',
    'Budget i hela kronor (B).': 'Budget in whole kronor (B).',
    'csv/xlsx med area, population, need[, floor, cap, last_year].':
        'csv/xlsx with area, population, need[, floor, cap, last_year].',
    'Behovsviktad andel 0–1; upprepa för scenarier sida vid sida.':
        'Need-weighted share 0–1; repeat for scenarios side by side.',
    'Största förändring mot last_year, andel (0.05 = ±5 %).': 'Largest change from last_year, share (0.05 = ±5 %).',
    'Största minskning mot last_year, andel.': 'Largest decrease from last_year, share.',
    'Största ökning mot last_year, andel.': 'Largest increase from last_year, share.',
    'Starta webbappen på den konfigurerade databasen (JAMLIK_DATABASE_URL).':
        'Start the web app on the configured database (JAMLIK_DATABASE_URL).',
    'Adress att lyssna på (standard: JAMLIK_HOST, annars 127.0.0.1).':
        'Address to listen on (default: JAMLIK_HOST, else 127.0.0.1).',
    'Port (standard: JAMLIK_PORT, annars 8000).': 'Port (default: JAMLIK_PORT, else 8000).',
    'Antal arbetsprocesser.': 'Number of worker processes.',
    'Bygg demodatabasen (verklig geografi, Göteborgs program, exempeldata) och visa den.':
        "Build the demo database (real geography, Gothenburg's programme, example data) and show it.",
    'Starta webbappen efteråt.': 'Start the web app afterwards.',
    'Ojämlikhetsmått enligt WHO HEAT (alla 21) för varje mätning i filen.':
        'Inequality measures as in WHO HEAT (all 21) for each measurement in the file.',
    'HEAT Plus-mall (csv eller xlsx).': 'HEAT Plus template (csv or xlsx).',
    'Konfidensnivå, t.ex. 0.95.': 'Confidence level, e.g. 0.95.',
    'Fil att skriva (annars stdout).': 'File to write (otherwise stdout).',
    'Frö för simuleringsintervallen.': 'Seed for the simulation intervals.',
    'Mått, kommaseparerade (t.ex. D,R,SII); alla annars.': 'Measures, comma-separated (e.g. D,R,SII); otherwise all.',
    'Antal simuleringar.': 'Number of simulations.',
    'Fler kolumner som delar en mätning, kommaseparerade (t.ex. kön).':
        'More columns that split a measurement, comma-separated (e.g. sex).',
    'Medellivslängd (Chiang II, PHE:s metod) med konfidensintervall per område och kön.':
        "Life expectancy (Chiang II, PHE's method) with confidence intervals per area and sex.",
    'csv eller xlsx med area, sex, age_from, population, deaths (fler kolumner grupperar).':
        'csv or xlsx with area, sex, age_from, population, deaths (more columns group).',
    'Återstående medellivslängd vid denna ålder (kan upprepas).': 'Remaining life expectancy at this age (can be repeated).',
    'Början på den öppna åldersgruppen: 90 eller 85.': 'Start of the open age band: 90 or 85.',
    'abridged (0, 1–4, 5-årsgrupper) eller single.': 'abridged (0, 1–4, 5-year bands) or single.',
    'Kolumn (t.ex. year) vars perioder slås ihop till personår.': 'Column (e.g. year) whose periods are pooled into person-years.',
    'Skriv till denna fil i stället för till skärmen.': 'Write to this file instead of the screen.',
    'Lutningsindex (SII) och relativt ojämlikhetsindex (RII) med intervall (PHE-metod).':
        'Slope index of inequality (SII) and relative index of inequality (RII) with intervals (PHE method).',
    'CSV eller xlsx: quantile, population, value, se eller lower/upper (kvantil 1 = mest utsatt).':
        'CSV or xlsx: quantile, population, value, se or lower/upper (quantile 1 = most deprived).',
    'mean, rate eller proportion (0–1).': 'mean, rate or proportion (0–1).',
    'Skala för SII; negativ vänder RII.': 'Scale of the SII; negative reverses the RII.',
    'Log (rate) eller logit (proportion) före regressionen, som PHE.':
        'Log (rate) or logit (proportion) before the regression, as PHE does.',
    'Antal simuleringar (≥ 1000).': 'Number of simulations (≥ 1000).',
    'Frö för reproducerbara gränser.': 'Seed for reproducible limits.',
    'Konfidensnivå; kan anges två gånger.': 'Confidence level; can be given twice.',
    'Grupperingskolumn (annars alla övriga icke-numeriska kolumner).':
        'Grouping column (otherwise all other non-numeric columns).',
    'Fil att skriva till.': 'File to write to.',
    'Direkt åldersstandardiserad kvot per 100 000 med Dobsons intervall (PHE-metod).':
        "Directly age-standardised rate per 100,000 with Dobson's interval (PHE method).",
    'CSV eller xlsx: area, age_band (0-4 … 90+), count, population.':
        'CSV or xlsx: area, age_band (0-4 … 90+), count, population.',
    'Standardpopulation.': 'Standard population.',
    'Per så många invånare.': 'Per this many inhabitants.',
    'Grupperingskolumner (annars area och övriga icke-numeriska kolumner).':
        'Grouping columns (otherwise area and the other non-numeric columns).',
    'Hämta statistik direkt från Kolada och SCB (en importomgång per hämtning; avbrutna hämtningar fortsätter där de slutade).':
        'Fetch statistics directly from Kolada and Statistics Sweden (one import batch per fetch; interrupted fetches resume where they stopped).',
    'Hämta en tabell från SCB:s statistikdatabas och importera den.':
        "Fetch a table from Statistics Sweden's database and import it.",
    'Tabell-id i API v2 (t.ex. TAB638) eller tabellens sökväg i API v1.':
        "Table id in API v2 (e.g. TAB638) or the table's path in API v1.",
    'VARIABEL=KOD,KOD, VARIABEL=* eller VARIABEL=FRÅN..TILL; kan upprepas. Variabler som inte nämns tas med helt.':
        'VARIABLE=CODE,CODE, VARIABLE=* or VARIABLE=FROM..TO; can be repeated. Variables not named are taken whole.',
    'v2 (standard) eller v1.': 'v2 (default) or v1.',
    'Språk i svaret: sv eller en.': 'Language of the response: sv or en.',
    'Områdesindelning för koder utan version, t.ex. RegSO_2025.': 'Area version for codes without a version, e.g. RegSO_2025.',
    'Mapp för hämtade delar (inställningen fetch_cache); tom för ingen.':
        'Folder for fetched parts (the setting fetch_cache); empty for none.',
    'Hämta nyckeltal från Kolada och importera dem.': 'Fetch key figures from Kolada and import them.',
    'Nyckeltal, t.ex. N00945; kan upprepas eller kommaseparera.': 'Key figure, e.g. N00945; can be repeated or comma-separated.',
    'År: 2023, 2010-2024 eller 2019,2023.': 'Years: 2023, 2010-2024 or 2019,2023.',
    'Kommun, län eller kommungrupp (1480, 14, G124026).': 'Municipality, county or municipality group (1480, 14, G124026).',
    'Organisatorisk enhet (t.ex. V15E148000301) i stället för kommun.':
        'Organisational unit (e.g. V15E148000301) instead of a municipality.',
    'Mapp för hämtade sidor (inställningen fetch_cache); tom för ingen.':
        'Folder for fetched pages (the setting fetch_cache); empty for none.',
    'Var nya platser gör mest nytta (exakt optimering med HiGHS).':
        'Where new sites do the most good (exact optimisation with HiGHS).',
    'Maximal täckning: p nya platser som når mest behovsviktad befolkning inom radien.':
        'Maximal coverage: p new sites that reach the most need-weighted population within the radius.',
    'csv/xlsx med id,x,y[,district]: möjliga nya platser.': 'csv/xlsx with id,x,y[,district]: possible new sites.',
    'Täckningsavstånd i meter.': 'Coverage distance in metres.',
    'Antal nya platser (p).': 'Number of new sites (p).',
    'csv/xlsx med id,x,y[,district]: befintliga platser (ligger fast).':
        'csv/xlsx with id,x,y[,district]: existing sites (kept).',
    'Minst en vald plats i varje distrikt som kandidatfilen nämner (befintliga platser räknas).':
        'At least one chosen site in every district the candidate file names (existing sites count).',
    'Längsta lösningstid i sekunder (annars bevisat optimum).': 'Longest solving time in seconds (otherwise a proven optimum).',
    'Minsta antal nya platser så att alla har en plats inom radien.':
        'Fewest new sites so that everyone has a site within the radius.',
    'p-median: p nya platser som gör det viktade avståndet till närmaste plats kortast.':
        'p-median: p new sites that make the weighted distance to the nearest site shortest.',
    'Längsta tillåtna avstånd (meter), valfritt.': 'Longest allowed distance (metres), optional.',
    'Program, planer och aktiviteter.': 'Programmes, plans and activities.',
    'Importera ett program (ny version om innehållet ändrats) eller organisationer och planer.':
        'Import a programme (a new version if its content changed) or organisations and plans.',
    'YAML/JSON: ett programträd, eller organisationer, kommissioner och planer.':
        'YAML/JSON: a programme tree, or organisations, commissions and plans.',
    'Exportera programträdet (aktuell version) som YAML eller JSON.':
        'Export the programme tree (current version) as YAML or JSON.',
    'Fil (.yaml eller .json).': 'File (.yaml or .json).',
    'Samma som OUTPUT: fil (.yaml eller .json).': 'Same as OUTPUT: file (.yaml or .json).',
    'Programmets id.': "The programme's id.",
    'Läs in (eller med --export eller -o skriv ut) en plans aktiviteter i Excel.':
        "Read (or with --export or -o write) a plan's activities in Excel.",
    'Planens kod.': "The plan's code.",
    'Excelfil (.xlsx) med bladet Aktiviteter.': 'Excel file (.xlsx) with the sheet Aktiviteter.',
    'Skriv planens aktiviteter till filen i stället för att läsa den.':
        "Write the plan's activities to the file instead of reading it.",
    'Skriv planens aktiviteter till denna fil (som --export FILE).':
        "Write the plan's activities to this file (as --export FILE).",
    'Den årliga uppföljningen: öppna, mallar, inläsning, stäng.':
        'The annual follow-up: open, templates, reading in, close.',
    'Öppna en uppföljning: varje aktivitet som pågår under året får en statusrapport.':
        'Open a follow-up: every activity under way during the year gets a status report.',
    'Året som följs upp.': 'The year followed up.',
    'Sista dag för rapportering, ÅÅÅÅ-MM-DD.': 'Last day for reporting, YYYY-MM-DD.',
    'Namn (standard: Årsuppföljning ÅR).': 'Name (default: Årsuppföljning YEAR).',
    'Bara dessa organisationer (koder); standard: alla ansvariga.':
        'Only these organisations (codes); default: every responsible one.',
    'Vem som gör ändringen (standard: inloggad användare).': 'Who makes the change (default: the logged-in user).',
    'Stäng en uppföljning; dess rapporter kan inte längre ändras.':
        'Close a follow-up; its reports can no longer be changed.',
    'Uppföljningens id.': "The follow-up's id.",
    'Visa hur långt varje organisation har kommit i en uppföljning.':
        'Show how far each organisation has come in a follow-up.',
    'Uppföljningens id (standard: den senaste).': "The follow-up's id (default: the latest).",
    'Skapa en organisations Excelmall för uppföljningen.': "Create an organisation's Excel template for the follow-up.",
    'Organisationens kod.': "The organisation's code.",
    'Excelfil att skriva (.xlsx).': 'Excel file to write (.xlsx).',
    'Uppföljningens id (standard: den öppna).': "The follow-up's id (default: the open one).",
    'Läs in ifyllda mallar; en fil med fel ändrar ingenting.': 'Read in filled-in templates; a file with errors changes nothing.',
    'Ifyllda mallar (.xlsx).': 'Filled-in templates (.xlsx).',
    'Skicka också in rapporterna för granskning.': 'Also submit the reports for review.',
    'Skriv årsbokslutet för en uppföljning (HTML, PDF eller Word).':
        'Write the annual report of a follow-up (HTML, PDF or Word).',
    'Filen att skriva.': 'The file to write.',
    'html, pdf eller docx (standard: från filändelsen).': 'html, pdf or docx (default: from the file extension).',
    'Programmets id (standard: det enda).': "The programme's id (default: the only one).",
    'sv eller en.': 'sv or en.',
    'Kommunen (kod, t.ex. 1480) vars skillnader visas (standard: programmets kommun). --area är ett föråldrat alias som tas bort i nästa version.':
        "The municipality (code, e.g. 1480) whose gaps are shown (default: the programme's municipality). --area is a deprecated alias, removed in the next version.",
    'Indikatorer ur registerdata på individnivå (DuckDB eller Spark), med röjandekontroll.':
        'Indicators from individual-level register data (DuckDB or Spark), with disclosure control.',
    'Skriv ett syntetiskt nationellt register (påhittade personer i verkliga RegSO).':
        'Write a synthetic national register (invented persons in real RegSO areas).',
    'Antal personer.': 'Number of persons.',
    'År, t.ex. 2019-2023.': 'Years, e.g. 2019-2023.',
    'Parquet-fil att skriva.': 'Parquet file to write.',
    'Slumpfrö (samma frö, samma fil).': 'Random seed (same seed, same file).',
    'Beräkna indikatorer ur registerdata och skriv dem till fil eller databas.':
        'Compute indicators from register data and write them to a file or the database.',
    'Indikatordefinitioner (YAML).': 'Indicator definitions (YAML).',
    'Personfil (Parquet eller CSV).': 'Person file (Parquet or CSV).',
    'duckdb (inbäddad) eller spark.': 'duckdb (embedded) or spark.',
    'Spark-klustrets adress, t.ex. spark://värd:7077 (standard local[2]).':
        "The Spark cluster's address, e.g. spark://host:7077 (default local[2]).",
    'CSV i jamliks långa format.': "CSV in jamlik's long format.",
    'Skriv resultatet som en importomgång i databasen.': 'Write the result as an import batch in the database.',
    'Genomslag: vilka strategier och rekommendationer nämndernas årsrapporter tar upp.':
        "Uptake: which strategies and recommendations the committees' annual reports take up.",
    'Rangordna strategier och rekommendationer för varje passage i FILE.':
        'Rank strategies and recommendations for each passage in FILE.',
    'Ett dokument (PDF, DOCX, ODT, HTML, text) eller en CSV med kolumnerna id,text.':
        'A document (PDF, DOCX, ODT, HTML, text) or a CSV with the columns id,text.',
    'Programmets id i databasen (standard: Göteborgs program som följer med jamlik).':
        "The programme's id in the database (default: Gothenburg's programme shipped with jamlik).",
    'Antal träffar per passage.': 'Number of hits per passage.',
    'table, json eller csv.': 'table, json or csv.',
    'Skriv json eller csv till denna fil i stället för till skärmen.':
        'Write json or csv to this file instead of the screen.',
    'Skriv ut top-1, top-3, MRR och nDCG@10, per beläggtyp och per klass.':
        'Print top-1, top-3, MRR and nDCG@10, per kind of evidence and per class.',
    'CSV med kolumnerna id,text,expected_code.': 'CSV with the columns id,text,expected_code.',
    'dev eller held-out (standard: alla passager).': 'dev or held-out (default: every passage).',
    'Matcha alla lagrade dokument från ett år och spara förslagen för granskning.':
        "Match every stored document of a year and save the suggestions for review.",
    'Dokumentens år.': "The documents' year.",
    'Antal förslag per passage.': 'Number of suggestions per passage.',
    'Bekräfta, avvisa eller flytta ett förslag (tidigare beslut sparas).':
        'Confirm, reject or reassign a suggestion (earlier decisions are kept).',
    'Förslagets id.': "The suggestion's id.",
    'confirm, reject eller reassign.': 'confirm, reject or reassign.',
    'Ny kod vid reassign.': 'New code when reassigning.',
    'Kommentar.': 'Comment.',
    'Vem som granskar (standard: inloggad användare).': 'Who reviews (default: the logged-in user).',
    'Dokument: nämndernas årsrapporter.': "Documents: the committees' annual reports.",
    'Läs in dokument (samma fil igen ändrar inget).': 'Read in documents (the same file again changes nothing).',
    'PDF, DOCX, ODT, HTML eller text.': 'PDF, DOCX, ODT, HTML or text.',
    'Organisationens id.': "The organisation's id.",
    'Året dokumenten gäller.': 'The year the documents are about.',
    'arsrapport, verksamhetsberattelse, arsredovisning, delarsrapport, annat.':
        'arsrapport, verksamhetsberattelse, arsredovisning, delarsrapport, annat.',
    'Vem som importerar (standard: inloggad användare).': 'Who imports (default: the logged-in user).',
    'csv/xlsx med id,x,y,weight[,district,group] (SWEREF 99 TM, meter); utan den: befolkningen i databasen (--kind och --municipality).':
        'csv/xlsx with id,x,y,weight[,district,group] (SWEREF 99 TM, metres); without it: the population in the database (--kind and --municipality).',
    'Platstyp i databasen (jamlik sites import); skriver tillgången som indikatorer och mäter skillnaden mellan områden.':
        'Site kind in the database (jamlik sites import); writes access as indicators and measures the gap between areas.',
    'Kommunkod, t.ex. 1480, för --kind.':
        'Municipality code, e.g. 1480, for --kind.',
    'Indikatorn med befolkningen per område, för --kind (standard: barn_0_5).':
        'The indicator holding the population per area, for --kind (default: barn_0_5).',
    'Dela upp skillnaden i medellivslängd mellan två områden i filen på åldersgrupper (Arriaga): REFERENS,JÄMFÖRELSE, t.ex. Q1,Q5.':
        'Decompose the life-expectancy gap between two areas of the file by age band (Arriaga): REFERENCE,COMPARISON, e.g. Q1,Q5.',
    'Med --decompose: kolumnen med dödsorsak; varje åldersgrupps bidrag delas då på orsakerna.':
        "With --decompose: the column with the cause of death; each age band's contribution is then split between causes.",
    'Rapporter: årsbokslut och jämlikhetsrapport.':
        'Reports: annual summary and equality report.',
    'Skriv jämlikhetsrapporten: skillnader och deras utveckling per målområde.':
        'Write the equality report: gaps and how they moved, per target area.',
    'Rapportfilen att skriva; dataunderlaget skrivs bredvid (NAMN-data.xlsx).':
        'The report file to write; the data appendix is written beside it (NAME-data.xlsx).',
    'Perioderna som jämförs, t.ex. 2013-2016,2017-2020,2021-2024 (standard: de tre senaste fyraårsperioderna med data).':
        'The periods compared, e.g. 2013-2016,2017-2020,2021-2024 (default: the last three four-year periods with data).',
    'Kommunen (kod, t.ex. 1480) (standard: programmets kommun).':
        "The municipality (code, e.g. 1480) (default: the programme's municipality).",
    'Platser (familjecentraler, bibliotek, ...) i databasen, versionerade.':
        'Sites (family centres, libraries, ...) in the database, versioned.',
    'Importera platser av en typ; en ändrad plats får en ny version, historiken finns kvar.':
        'Import sites of one kind; a changed site gets a new version, its history is kept.',
    'csv/xlsx med id,name,x,y[,capacity,area,valid_from,valid_to].':
        'csv/xlsx with id,name,x,y[,capacity,area,valid_from,valid_to].',
    'Platstyp, t.ex. family_centre, library, open_preschool, youth_centre.':
        'Site kind, e.g. family_centre, library, open_preschool, youth_centre.',
    'Platstypens namn på svenska, t.ex. Familjecentral.':
        "The site kind's name in Swedish, e.g. Familjecentral.",
    'Exportera platserna i importens egna kolumner (kan läsas in igen).':
        "Export the sites in the import's own columns (can be read back in).",
    'Fil att skriva: .csv eller .xlsx.':
        'File to write: .csv or .xlsx.',
    'Bara denna platstyp.':
        'Only this site kind.',
    'Även äldre versioner av platserna.':
        'Older versions of the sites too.',
    'Minskar skillnaderna? Trenden i sparade skillnadsmått och domen över den.\n\nSamma regel som webbsidorna, API:t och årsrapporten (jamlik.stats.gap_verdict):\nlutningen per år över perioder som inte överlappar, med varje periods standardfel;\n"minskar" eller "ökar" bara när intervallet utesluter 0.':
        'Are the gaps closing? The trend of stored gap measures and the verdict on it.\n\nThe same rule as the web pages, the API and the annual report (jamlik.stats.gap_verdict):\nthe slope per year over periods that do not overlap, with each period\'s standard error;\n"closing" or "widening" only when the interval excludes 0.',
    'Invånarnas röster: enkäter och dialoger, kodade och räknade bredvid indikatorerna.':
        "Residents' voices: surveys and dialogues, coded and counted beside the indicators.",
    'Beskriv en samling: syfte, metod, datum, områden, frågor och kolumner, kodbok.':
        'Describe a collection: purpose, method, dates, areas, questions and columns, codebook.',
    'Samlingens beskrivning (YAML eller JSON).':
        "The collection's description (YAML or JSON).",
    'Importera svar: områden matchas (visas), personuppgifter i fritext maskeras.':
        'Import answers: areas are matched (and shown), personal details in free text are masked.',
    'Svar: CSV eller Excel, en person per rad.':
        'Answers: CSV or Excel, one person a row.',
    'Samlingens kod.':
        "The collection's code.",
    'Gör de slutna frågorna till indikatorer (andelar med intervall, röjandekontroll).':
        'Turn the closed questions into indicators (shares with intervals, disclosure control).',
    'Samstämmighet mellan kodarna per kod (Cohens kappa för två, Fleiss kappa för fler).':
        "Agreement between coders per code (Cohen's kappa for two, Fleiss' kappa for more).",
    'Skriv samlingens svar som de är sparade (maskerade), en person per rad.':
        "Write the collection's answers as stored (masked), one person a row.",
    'CSV-fil att skriva.':
        'CSV file to write.',
    'Radera samlingen helt (svar, kodningar, härledda indikatorer); raderingen loggas.':
        'Erase the collection completely (answers, codings, derived indicators); the erasure is logged.',
    'Fråga inte.':
        'Do not ask.',
    'Vem som raderar (standard: inloggad användare).':
        'Who erases (default: the signed-in user).',
}
