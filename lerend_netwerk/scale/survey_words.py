"""Dutch content for generated surveys: one topic per theme, built like the demo's Wevelgem survey (whose texts,
French translation and ideas are reused for the leisure topic)."""

from __future__ import annotations

from lerend_netwerk.surveys.demo import FR, IDEAS, INTRO, QUESTIONS

# theme, title, intro, the "what stops you" choices, the yes/no question
TOPICS: list[tuple[str, str, str, list[str], str]] = [
    ("vrije tijd", "Wat houdt jou tegen om mee te doen?", INTRO, [nl for nl, _ in QUESTIONS[0]["options"]], QUESTIONS[1]["text"]),
    (
        "wonen",
        "Hoe woon jij?",
        "We willen weten waar je tegenaan loopt met je woning. Je antwoorden zijn anoniem. Het duurt 3 minuten.",
        ["De huur is te hoog", "Mijn woning is vochtig", "Ik vind geen betaalbare woning", "De energiefactuur is te hoog", "De verhuurder herstelt niets"],
        "Heb je de voorbije maand je huur te laat betaald?",
    ),
    (
        "onderwijs",
        "Wat kost school voor jouw gezin?",
        "Scholen en het OCMW willen weten welke kosten zwaar wegen. Je antwoorden zijn anoniem.",
        ["De schoolreis", "Boeken en materiaal", "Het middagmaal", "Uitstappen", "Vervoer naar school"],
        "Kreeg je dit jaar een schooltoelage?",
    ),
    (
        "gezondheid",
        "Hoe zorg je voor je gezondheid?",
        "Het netwerk wil weten wat het moeilijk maakt om naar de dokter of de tandarts te gaan.",
        ["De dokter is te duur", "Ik wacht te lang op een afspraak", "Ik begrijp de uitleg niet", "Ik geraak er niet", "De apotheek is te duur"],
        "Heb je het voorbije jaar zorg uitgesteld omdat het te duur was?",
    ),
    (
        "werk",
        "Wat maakt werk zoeken moeilijk?",
        "Partners rond werk willen weten wat jou tegenhoudt. Het duurt ongeveer 3 minuten.",
        ["Er is geen kinderopvang", "Ik heb geen rijbewijs", "Mijn Nederlands is niet goed genoeg", "Ik moet online solliciteren", "Mijn diploma telt hier niet"],
        "Heb je hulp gekregen van de VDAB of het OCMW?",
    ),
    (
        "informatie",
        "Hoe vind je hulp als je die nodig hebt?",
        "We willen weten hoe je informatie vindt over premies, tarieven en hulp. Je antwoorden zijn anoniem.",
        ["Ik weet niet waar ik moet vragen", "De website is te moeilijk", "De brieven zijn te moeilijk", "Ik durf het niet te vragen", "De openingsuren passen niet"],
        "Weet je wat het Sociaal Huis voor jou kan doen?",
    ),
]  # fmt: skip
WIJK_QUESTION = "In welke wijk woon je?"
HELP_QUESTION = "Wat zou helpen?"
SMILEY_QUESTION = "Hoe welkom voel je je bij activiteiten in de gemeente?"
NUMBER_QUESTION = "Hoeveel kinderen wonen bij jou?"
AGE_QUESTION = "Hoe oud ben je?"
AGES = ["Jonger dan 18", "18 tot 25", "26 tot 40", "41 tot 65", "Ouder dan 65"]
LAST_QUESTION = "Nog iets dat je kwijt wil?"
# French for the leisure topic, from the demo survey (question order: wijk, barriers, yes/no, help, smiley, number,
# age, anything else)
FRENCH = {
    "title": FR["title"],
    "intro": FR["intro"],
    "questions": [
        "Dans quel quartier habites-tu ?",
        *[q["fr"] for q in QUESTIONS[:5]],
        "Quel âge as-tu ?",
        QUESTIONS[5]["fr"],
    ],
    "barriers": [fr for _, fr in QUESTIONS[0]["options"]],
}
HELP_TEXTS = IDEAS
LAST_TEXTS = [
    "Bedankt om het te vragen.",
    "Graag meer uitleg in het Arabisch.",
    "De bus is te duur voor ons gezin.",
    "Ik wil graag meedoen aan de dialoogtafel.",
    "Het formulier was duidelijk.",
]
