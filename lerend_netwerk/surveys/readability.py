"""A readability hint for Dutch survey texts, shown in the builder next to the question: how many words a sentence
has on average and which words are long. Plain counting, no word lists: a rough guide for writing B1 (short
sentences, at most about 12 words; few words of four syllables or more), not a score to pass."""

from __future__ import annotations

import re
from dataclasses import dataclass

SENTENCE_END = re.compile(r"[.!?…]+(?:\s+|$)|\n+")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
VOWEL_GROUPS = re.compile(r"(?:ij|[aeiouyáéíóúàèëïöüâêîôû])+", re.IGNORECASE)
MAX_WORDS_PER_SENTENCE = 12  # B1 advice in Flemish plain-language guides: one message a sentence, ~10-12 words
LONG_SYLLABLES = 4
LONG_LETTERS = 13  # compound nouns ("vrijetijdsaanbod") are hard even with few syllables


@dataclass(frozen=True)
class Hint:
    sentences: int
    words: int
    average: float  # words per sentence
    long_words: list[str]

    @property
    def sentences_too_long(self) -> bool:
        return self.average > MAX_WORDS_PER_SENTENCE

    @property
    def empty(self) -> bool:
        return self.words == 0


def syllables(word: str) -> int:
    """Syllables of a Dutch word, counted as groups of vowels ("ij" is one): good enough to flag long words."""
    return max(1, len(VOWEL_GROUPS.findall(word)))


def measure(text: str) -> Hint:
    sentences = [s for s in SENTENCE_END.split(text) if WORD.search(s)]
    words = WORD.findall(text)
    long_words: list[str] = []
    for word in words:
        if (syllables(word) >= LONG_SYLLABLES or len(word) >= LONG_LETTERS) and word.lower() not in {
            w.lower() for w in long_words
        }:
            long_words.append(word)
    average = round(len(words) / len(sentences), 1) if sentences else 0.0
    return Hint(len(sentences), len(words), average, long_words[:10])
