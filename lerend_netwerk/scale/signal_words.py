"""Dutch content for generated signals: the signals demo's points and reasons plus more of what people raise."""

from __future__ import annotations

from lerend_netwerk.signals.demo import LABELS, POINTS, REASONS
from lerend_netwerk.signals.models import Status

TITLES = [
    *dict.fromkeys(title for title, *_ in POINTS),
    "Huurwaarborg is onbetaalbaar voor wie een leefloon heeft",
    "De bus naar het Sociaal Huis rijdt niet na 18 uur",
    "Voorschot voor de kinderopvang is te hoog",
    "Geen plaats in de buitenschoolse opvang op woensdag",
    "Energiefactuur is niet te begrijpen",
    "Premies aanvragen kan alleen met itsme",
    "Sociale woning: wachtlijst van zeven jaar",
    "Zwembad heeft geen kansentarief voor volwassenen",
    "Schoolreis kost meer dan de schooltoelage",
    "Wachttijd bij de tandarts met kansentarief is te lang",
    "Loket van het OCMW is dicht tijdens de middag",
    "Affiches over activiteiten hangen alleen in het centrum",
    "Jongeren vinden geen studentenjob zonder rijbewijs",
    "Lidgeld van de voetbalclub moet in één keer betaald worden",
    "Kinderen schamen zich voor hun brooddoos",
    "Geen bank of toilet aan de bushalte bij het ziekenhuis",
    "Vochtige huurwoning en de huisbaas doet niets",
    "Formulieren van de mutualiteit zijn te moeilijk",
    "Speeltuin in de wijk is al maanden kapot",
    "Bibliotheek vraagt een boete aan kinderen",
    "Taalles overlapt met de schooluren van de kinderen",
    "Geen tolk bij het gesprek met de schuldbemiddelaar",
    "Nieuwkomers weten niet waar ze terechtkunnen",
    "Gratis activiteiten zijn altijd meteen volzet",
    "Ouders krijgen de nieuwsbrief van school alleen via een app",
]
# Most signals are worded in a few words; some say where or for whom.
QUALIFIERS = [
    "",
    "",
    "",
    "",
    " in {wijk}",
    " ({wijk})",
    " volgens ouders in {wijk}",
    " voor grote gezinnen",
    " voor alleenstaande ouders",
    " voor nieuwkomers",
    " voor senioren",
]
DESCRIPTIONS = [
    "Gehoord bij: {label}.",
    "Meerdere mensen vertelden dit. Bron: {label}.",
    "Een partner meldde dit na een gesprek aan het loket. Bron: {label}.",
    "Opgemerkt door de kansenwerker tijdens huisbezoeken. Bron: {label}.",
]
DIRECT_DESCRIPTION = "Gemeld via het meldformulier op de website, zonder naam."
DECISIONS = [
    "De stuurgroep vraagt de partner om een oplossing uit te werken.",
    "De stuurgroep legt dit voor aan het college.",
    "We bundelen dit met gelijkaardige signalen en zoeken een structurele oplossing.",
]
ACTIONS = [
    "Voorstel uitwerken en voorleggen op de volgende stuurgroep.",
    "Overleg met de dienst en een ervaringsdeskundige, dan een proef van drie maanden.",
    "Budget vragen in het lokaal armoedebeleid.",
]
FEEDBACK = [
    "Kinderen met een vrijetijdspas betalen nu een kwart van de prijs.",
    "Je kunt nu ook op papier inschrijven, aan het loket van het Sociaal Huis.",
    "De bus rijdt vanaf september ook op zaterdag tot aan de sporthal.",
    "Brieven van de gemeente worden nu nagelezen door ervaringsdeskundigen.",
    "Wie het kansentarief heeft, krijgt het nu automatisch: je hoeft het niet meer te vragen.",
]
NOT_RETAINED_FEEDBACK = [
    "Dit valt buiten wat de gemeente kan doen. We gaven het door aan de Vlaamse overheid.",
    "Er is al een oplossing: vraag ernaar aan het loket van het Sociaal Huis.",
]
NOTES = ["Interne nota: budget nog niet bevestigd.", "Interne nota: opvolgen met de schepen.", ""]
REASON = {**REASONS, Status.NEW: ""}
SOURCE_LABELS = LABELS
# How far a signal got, by its age: new ones wait, old ones were mostly decided and reported back.
STATUS_BY_AGE: list[tuple[int, list[Status], list[int]]] = [
    (45, [Status.NEW, Status.BUNDLED, Status.ANALYSED], [60, 25, 15]),
    (180, list(Status), [15, 15, 20, 20, 20, 5, 5]),
    (10_000, list(Status), [3, 4, 8, 10, 15, 45, 15]),
]
KINDS = ["survey", "dialogue", "practice", "direct", "partner"]
KIND_WEIGHTS = [20, 25, 10, 30, 15]
