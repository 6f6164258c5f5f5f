"""Dutch content for generated practices: the demo's practices plus more ideas, and the pieces their stories,
comments and adoptions are written from."""

from __future__ import annotations

from lerend_netwerk.practices.demo import PRACTICES as DEMO_PRACTICES

# title, summary, thresholds, target groups, sector
IDEAS: list[tuple[str, str, list[str], list[str], str]] = [
    *[(title, summary, t, g, sector) for _, _, title, summary, t, g, sector, _, _ in DEMO_PRACTICES],
    (
        "Zwemles voor de prijs van een brood",
        "Kinderen met een kansentarief volgen zwemles voor twee euro per beurt, zonder aparte aanvraag.",
        ["geld"],
        ["kinderen"],
        "sport",
    ),
    (
        "Huiswerkklas in de bibliotheek",
        "Twee avonden per week helpen vrijwilligers kinderen met huiswerk, in een rustige hoek van de bib.",
        ["tijd", "taal"],
        ["kinderen", "jongeren"],
        "onderwijs",
    ),
    (
        "Schoolfactuur in kleine stukjes",
        "De school spreidt de factuur over tien maanden en zegt vooraf hoeveel een schooljaar kost.",
        ["geld", "informatie"],
        ["ouders"],
        "onderwijs",
    ),
    (
        "Fietsbieb voor kinderen die groeien",
        "Gezinnen lenen een kinderfiets voor een jaar en ruilen hem in als hij te klein wordt.",
        ["geld", "vervoer"],
        ["kinderen", "ouders"],
        "welzijn",
    ),
    (
        "Spreekuur zonder afspraak op de markt",
        "Elke vrijdag staat het Sociaal Huis met een kraam op de markt: vragen stellen zonder afspraak.",
        ["informatie", "schaamte", "tijd"],
        ["volwassenen", "senioren"],
        "welzijn",
    ),
    (
        "Digidokter in het buurthuis",
        "Een vrijwilliger helpt met itsme, de mutualiteit en online formulieren, op je eigen telefoon.",
        ["digitaal"],
        ["volwassenen", "senioren"],
        "welzijn",
    ),
    (
        "Taalcafé voor ouders aan de schoolpoort",
        "Na het brengen drinken ouders koffie en oefenen ze Nederlands over school en gezin.",
        ["taal", "schaamte"],
        ["ouders"],
        "onderwijs",
    ),
    (
        "Muziekinstrument lenen bij de academie",
        "De academie leent instrumenten gratis uit, zodat huren geen reden meer is om niet te starten.",
        ["geld"],
        ["kinderen", "jongeren"],
        "cultuur",
    ),
    (
        "Jeugdbeweging zonder uniformplicht",
        "Het uniform is niet meer verplicht; een sjaaltje van de groep volstaat.",
        ["geld", "schaamte"],
        ["kinderen", "jongeren"],
        "jeugdwerk",
    ),
    (
        "Vakantiekamp met kinderopvang voor de kleinsten",
        "Broertjes en zusjes onder drie jaar kunnen naar de opvang terwijl de groteren op kamp gaan.",
        ["kinderopvang", "tijd"],
        ["kinderen", "ouders"],
        "jeugdwerk",
    ),
    (
        "Toeleiding door een brugfiguur",
        "De brugfiguur van de school kent de gezinnen en neemt hen mee naar de eerste activiteit.",
        ["schaamte", "informatie"],
        ["ouders", "kinderen"],
        "onderwijs",
    ),
    (
        "Sportclub met een sociaal fonds",
        "De club legt een klein bedrag per lid opzij om lidgeld en materiaal te betalen voor wie het niet kan.",
        ["geld", "schaamte"],
        ["kinderen", "jongeren"],
        "sport",
    ),
    (
        "Infoavond met tolk en kinderhoek",
        "Op de infoavond over de schooltoelage is er een tolk en spelen de kinderen in de zaal ernaast.",
        ["taal", "kinderopvang", "informatie"],
        ["ouders"],
        "welzijn",
    ),
    (
        "Cultuurticket aan de schoolpoort",
        "Leerkrachten geven kaartjes voor de familievoorstelling mee aan alle kinderen, niet alleen op aanvraag.",
        ["geld", "schaamte"],
        ["kinderen", "ouders"],
        "cultuur",
    ),
    (
        "Belbus naar de sporthal",
        "Wie geen vervoer heeft, belt de dag voordien en wordt opgehaald voor de training.",
        ["vervoer"],
        ["jongeren", "senioren"],
        "sport",
    ),
    (
        "Formulieren samen invullen in het OCMW",
        "Een vaste medewerker vult met je de aanvraag voor studietoelage of energiepremie in.",
        ["digitaal", "taal", "informatie"],
        ["volwassenen"],
        "welzijn",
    ),
    (
        "Rolstoeltoegankelijke ingang aan de zijkant",
        "Het cultuurcentrum heeft een hellend vlak en een bel aan de zijdeur, duidelijk aangeduid.",
        ["toegankelijkheid"],
        ["volwassenen", "senioren"],
        "cultuur",
    ),
    (
        "Activiteiten op woensdagnamiddag",
        "De jeugddienst plant activiteiten op woensdagnamiddag, wanneer ook kinderen van werkende ouders vrij zijn.",
        ["tijd"],
        ["kinderen"],
        "jeugdwerk",
    ),
    (
        "Gratis proefles zonder inschrijving",
        "Wie wil, komt drie keer gratis proberen voor er iets betaald of ingevuld moet worden.",
        ["geld", "schaamte", "digitaal"],
        ["kinderen", "jongeren", "volwassenen"],
        "sport",
    ),
    (
        "Wachtlijst met voorrang voor kwetsbare gezinnen",
        "De kinderopvang houdt plaatsen vrij voor gezinnen die het OCMW of het Huis van het Kind doorverwijst.",
        ["kinderopvang", "wachtlijst"],
        ["ouders", "kinderen"],
        "welzijn",
    ),
    (
        "Boodschappen in de sociale kruidenier",
        "Gezinnen met een laag inkomen kopen er basisproducten aan de halve prijs, met een gewone klantenkaart.",
        ["geld", "schaamte"],
        ["volwassenen", "ouders"],
        "welzijn",
    ),
    (
        "Energiescan aan huis",
        "Een energiesnoeier komt langs, plaatst spaarlampen en legt uit hoe je de factuur leest.",
        ["informatie", "geld"],
        ["volwassenen", "senioren"],
        "welzijn",
    ),
    (
        "Sollicitatietraining in eenvoudige taal",
        "Kleine groepen oefenen een gesprek, met pictogrammen en zonder dat je vooraf een cv moet hebben.",
        ["taal", "schaamte"],
        ["volwassenen", "jongeren"],
        "werk",
    ),
    (
        "Stempelkaart voor de speelpleinwerking",
        "Ouders betalen pas op het einde van de vakantie, met één stempel per dag dat hun kind er was.",
        ["geld", "tijd"],
        ["kinderen", "ouders"],
        "jeugdwerk",
    ),
    (
        "Vrijwilligers als peter en meter in de club",
        "Elk nieuw lid krijgt een peter of meter die uitlegt hoe alles werkt en mee naar de eerste wedstrijd gaat.",
        ["schaamte", "informatie"],
        ["kinderen", "jongeren"],
        "sport",
    ),
]
VARIANTS = ["{title}", "{title}", "{title} in {wijk}", "{title}: zo doen we het in {m}", "{title} ({year})"]
PROBLEMS: dict[str, list[str]] = {
    "geld": [
        "veel gezinnen afhaken zodra er vooraf betaald moet worden",
        "ouders het lidgeld niet in één keer kunnen betalen",
        "kinderen niet meegaan omdat het materiaal te duur is",
    ],
    "vervoer": [
        "mensen uit de deelgemeenten niet tot bij ons geraken",
        "de bus 's avonds en in het weekend niet rijdt",
    ],
    "taal": [
        "onze brieven te veel moeilijke woorden bevatten",
        "ouders die weinig Nederlands spreken niet durven te vragen hoe het werkt",
    ],
    "digitaal": [
        "inschrijven alleen nog online kan en niet iedereen een computer heeft",
        "mensen vastlopen op itsme en wachtwoorden",
    ],
    "informatie": [
        "gezinnen niet weten dat er een kansentarief bestaat",
        "niemand uitlegt hoe de vrijetijdspas werkt",
    ],
    "schaamte": [
        "mensen zich schamen om aan de balie korting te vragen",
        "kinderen niet willen opvallen met tweedehands gerief",
    ],
    "kinderopvang": [
        "ouders niet kunnen komen omdat niemand op de kinderen past",
        "de opvang sluit voor de avondactiviteit begint",
    ],
    "tijd": [
        "activiteiten beginnen voor werkende ouders thuis zijn",
        "de uren niet passen bij ploegwerk en de bus",
    ],
    "toegankelijkheid": [
        "het gebouw niet bereikbaar is met een rolstoel of kinderwagen",
        "de ingang moeilijk te vinden is",
    ],
    "wachtlijst": ["gezinnen maanden moeten wachten op een plaats", "de wachtlijst langer is dan het schooljaar"],
}
STEPS = [
    "we vroegen aan ouders wat hen tegenhield",
    "we probeerden het een half jaar uit in één wijk",
    "we bespraken het op het **netwerkmoment**",
    "een ervaringsdeskundige las alle teksten na",
    "de baliemedewerkers kregen een korte vorming",
    "we maakten een affiche met pictogrammen",
    "de school geeft de uitnodiging mee in de boekentas",
    "we spraken een vaste contactpersoon af bij elke partner",
    "we hielden bij hoeveel mensen voor het eerst kwamen",
    "de kansenwerker belt wie niet meer komt",
    "we zochten een lokaal dicht bij de bushalte",
    "we lieten het budget goedkeuren door het OCMW",
]
LESSONS = [
    "Persoonlijk contact werkt beter dan een folder. Wie iemand kent, komt sneller.",
    "Het duurt een paar maanden voor mensen het weten. **Volhouden** loont.",
    "Vraag niet naar bewijzen aan de balie: een korte vraag volstaat.",
    "Houd het eenvoudig: één formulier, één contactpersoon, één prijs.",
    "Kinderen vertellen het aan elkaar. Na de eerste groep kwamen er vanzelf meer.",
    "Vrijwilligers hebben begeleiding nodig, anders haken ze af.",
]
WORKED = [
    "Mensen voelden zich welkom.",
    "Er kwamen gezinnen die we nooit eerder zagen.",
    "Partners verwijzen nu naar elkaar door.",
    "Kinderen bleven het hele seizoen komen.",
]
NOT_WORKED = [
    "De eerste maanden wisten te weinig mensen het.",
    "De folder alleen bereikte bijna niemand.",
    "Op woensdag was het te druk voor de vrijwilligers.",
    "Niet elke partner deed meteen mee.",
]
COSTS = [
    "Vooral tijd van vrijwilligers.",
    "Ongeveer 500 euro per jaar voor materiaal.",
    "Twee uur per week van de kansenwerker.",
    "Gratis: we gebruiken wat er al was.",
    "1.200 euro per jaar, betaald uit het lokaal armoedebeleid.",
]
COMMENTS = [
    "Goed idee! Hoe lang duurt zo'n gesprek aan de balie?",
    "Dit willen wij ook proberen. Mogen we jullie affiche gebruiken?",
    "Hoe vinden jullie de vrijwilligers?",
    "Bij ons werkte het beter op zaterdag.",
    "Hebben jullie ook cijfers van het tweede jaar?",
    "Mooi! Wij doen iets gelijkaardigs met de bibliotheek.",
    "Wie betaalt het materiaal?",
    "Kunnen we eens langskomen om te kijken hoe het loopt?",
    "Dank je, dit gebruiken we op het volgende netwerkmoment.",
    "Let op met de privacy als je namen bijhoudt.",
]
ADOPTIONS = [
    "Wij doen dit nu ook met de sportdienst.",
    "Overgenomen in onze speelpleinwerking, met succes.",
    "We zijn gestart in één wijk en breiden uit.",
    "Bij ons met een kleinere groep, maar het werkt.",
]
STORY_START = "In {wijk} merkten we dat {problem}."
STORY_END = "Vragen? Neem gerust contact op met {contact}."
MEETINGS = ["Netwerkmoment winter", "Netwerkmoment lente", "Netwerkmoment zomer", "Netwerkmoment najaar"]
MEETING_POINTS = [
    "Ervaringen met het kansentarief",
    "Nieuwe praktijken voorgesteld",
    "Wat zeiden de dialoogtafels?",
    "Vrijwilligers vinden en houden",
]
MINUTES = [
    "We spraken af het kansentarief overal op dezelfde manier uit te leggen.",
    "Drie partners willen de praktijk overnemen; de coördinator brengt hen samen.",
    "Volgende keer nodigen we de scholen uit.",
]
