"""When two signals are about the same thing: the rule behind the merge suggestions on a signal's page and the
"Misschien dubbel" pairs on the board.

Two signals are related when they share a content word (not "niet", "voor", "zijn", "mensen": the small words
every signal has), counted on a short stem so "zwemles" meets "zwemlessen", or when their titles are spelled
nearly the same (a typo). The share of content words they have in common (mostly of the shorter text) is the score; the same theme, wijk or
kind of threshold adds a little, a different theme takes some away. A signal about the bus on Saturday and one
about the library on Saturday share only "zaterdag": not enough."""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from dataclasses import dataclass

RELATED = 0.5  # the score from which a pair is suggested
STEM = 6  # letters of a word that count: "zwemles", "zwemlessen" -> "zwemle"
SPELLING_CHARS = 80  # difflib compares the start of two titles; its cost grows with the square of this
NEAR_IDENTICAL = 0.85  # titles this alike (difflib's ratio) are the same text, typos and all
SAME_THEME, SAME_WIJK, SAME_THRESHOLD, OTHER_THEME = 0.1, 0.05, 0.05, -0.2
# Dutch words that say nothing about what a signal is about (articles, pronouns, auxiliaries, small adverbs, and
# the words every signal uses).
STOPWORDS = frozenset(
    [
        "aan",
        "al",
        "alle",
        "alleen",
        "alles",
        "als",
        "altijd",
        "ander",
        "andere",
        "bij",
        "daar",
        "dan",
        "dat",
        "de",
        "deze",
        "die",
        "dit",
        "doen",
        "door",
        "dus",
        "een",
        "eens",
        "en",
        "er",
        "erg",
        "ga",
        "gaan",
        "geen",
        "had",
        "heb",
        "hebben",
        "heeft",
        "heel",
        "hen",
        "het",
        "hier",
        "hij",
        "hoe",
        "hun",
        "iemand",
        "iets",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "jij",
        "kan",
        "komen",
        "kon",
        "kunnen",
        "maar",
        "me",
        "meer",
        "men",
        "met",
        "mij",
        "mijn",
        "moet",
        "moeten",
        "na",
        "naar",
        "nee",
        "niet",
        "niets",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "ons",
        "onze",
        "ook",
        "op",
        "over",
        "te",
        "tegen",
        "toch",
        "toen",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "waar",
        "want",
        "waren",
        "was",
        "wat",
        "we",
        "wel",
        "werd",
        "wie",
        "wil",
        "willen",
        "worden",
        "wordt",
        "zal",
        "ze",
        "zeer",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zoals",
        "zonder",
        "zou",
        "zouden",
        "mensen",
        "iedereen",
        "niemand",
        "soms",
        "vaak",
        "keer",
    ]
)


@dataclass(frozen=True)
class Comparable:
    """What the rule looks at of one signal."""

    id: int
    title: str
    words: frozenset[str]  # content stems of its title and the start of its description
    theme: str = ""
    neighbourhood: str = ""
    threshold: str = ""


@functools.lru_cache(maxsize=4096)
def _letters(spelled: str) -> tuple[frozenset[str], dict[str, int]]:
    """Which characters occur in a title's start, and how often: difflib's quick_ratio without building a
    matcher. Remembered per title, as the content words are."""
    return frozenset(spelled), dict(Counter(spelled))


@functools.lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """The stems of the words that say what `text` is about. Remembered per text (a pure function): the board
    compares the same recent signals on every view."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return frozenset(w[:STEM] for w in words if len(w) >= 3 and w not in STOPWORDS)


def comparable(
    signal_id: int, title: str, description: str = "", theme: str = "", neighbourhood: str = "", threshold: str = ""
) -> Comparable:
    return Comparable(signal_id, title, content_words(f"{title} {description[:300]}"), theme, neighbourhood, threshold)


def _context(a: Comparable, b: Comparable) -> float:
    bonus = 0.0
    if a.theme and b.theme:
        bonus += SAME_THEME if a.theme == b.theme else OTHER_THEME
    if a.neighbourhood and a.neighbourhood == b.neighbourhood:
        bonus += SAME_WIJK
    if a.threshold and a.threshold == b.threshold:
        bonus += SAME_THRESHOLD
    return bonus


def _overlap(a: Comparable, b: Comparable, shared: frozenset[str]) -> float:
    # Mostly: how much of the shorter text the other one has; a little: of both together (a long description
    # should not hide that the titles say the same).
    if not shared:
        return 0.0
    return 0.7 * len(shared) / min(len(a.words), len(b.words)) + 0.3 * len(shared) / len(a.words | b.words)


def _spelling(a: Comparable, b: Comparable) -> float:
    """difflib's ratio of the two titles when it reaches NEAR_IDENTICAL, else 0. The same answer as building a
    SequenceMatcher for every pair, but two bounds difflib itself uses (`real_quick_ratio`: the lengths;
    `quick_ratio`: the characters in common, from each signal's own counts) turn most pairs away first: on a
    board of 150 recent signals the matcher was two thirds of the time spent finding pairs."""
    sa, sb = a.title.lower()[:SPELLING_CHARS], b.title.lower()[:SPELLING_CHARS]
    length = len(sa) + len(sb)
    if not length:
        return 1.0  # difflib: two empty strings are the same
    if 2.0 * min(len(sa), len(sb)) / length < NEAR_IDENTICAL:
        return 0.0
    (ca, la), (cb, lb) = _letters(sa), _letters(sb)
    # each character of one title the other lacks is at least one that cannot match (set arithmetic, in C)
    if 2.0 * min(len(sa) - len(ca - cb), len(sb) - len(cb - ca)) / length < NEAR_IDENTICAL:
        return 0.0
    if 2.0 * sum(min(n, lb.get(c, 0)) for c, n in la.items()) / length < NEAR_IDENTICAL:
        return 0.0
    ratio = difflib.SequenceMatcher(None, sa, sb).ratio()
    return ratio if ratio >= NEAR_IDENTICAL else 0.0


def score(a: Comparable, b: Comparable) -> float:
    """How likely `a` and `b` are the same signal: 0 when they share no content word and are not spelled alike."""
    shared = a.words & b.words
    overlap = _overlap(a, b, shared)
    spelling = _spelling(a, b) if not shared or overlap < RELATED else 0.0
    if not shared and not spelling:
        return 0.0
    return max(overlap, spelling) + _context(a, b)


@functools.lru_cache(maxsize=32768)
def related(a: Comparable, b: Comparable) -> bool:
    """`score(a, b) >= RELATED`, answered without difflib when the shared words already decide it: a title spelled
    alike scores at least NEAR_IDENTICAL + OTHER_THEME (0.65), so only pairs the words leave short need it.
    Remembered per pair (a pure function of what the two signals say, as `content_words` is): every view of the
    board compares the same recent signals, about 180 pairs that share a word, 15 microseconds each."""
    shared = a.words & b.words
    overlap = _overlap(a, b, shared)
    if shared and overlap >= RELATED:
        return overlap + _context(a, b) >= RELATED  # as in `score`: spelling is not looked at
    if shared and overlap + _context(a, b) >= RELATED:
        return True
    return bool(_spelling(a, b))


assert NEAR_IDENTICAL + min(OTHER_THEME, 0) >= RELATED  # what `related` relies on
