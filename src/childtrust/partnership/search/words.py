"""Words as the search reads them, the same for the records it indexes and the questions it is
asked, whichever database holds the index.

- A word is a run of letters and digits, lower case, accents removed ("Café" is "cafe").
- Word forms: a word is cut to its stem ("visitor", "visiting" and "visits" to "visit"), and the
  stem matches every word that starts with it, so "health visitor" finds "Health visiting" and a
  partial word ("safegu") finds "safeguarding". The rules are a few English endings, not a full
  stemmer: a stem that starts more words than it should only adds results, ranked lower.
- Short words (one or two characters: "HV", "GP") and the acronyms in the synonyms match only
  themselves, so that "CLA" does not find "class"."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[a-z0-9]+")
MAX_QUERY_CHARACTERS = 200
MAX_QUERY_WORDS = 12
# Words too common to narrow a search: left out of a question unless it has nothing else.
STOP_WORDS = frozenset(
    {"a", "an", "and", "are", "at", "by", "for", "from", "in", "is", "of", "on", "or", "the", "to"}
    | {"with"}
)
IRREGULAR = {"children": "child", "childrens": "child"}
# (ending, what replaces it): the first that leaves a stem of at least MIN_STEM letters is used.
ENDINGS: tuple[tuple[str, str], ...] = (
    ("ies", ""),  # agencies, families: agenc, famil (which start agency, family)
    ("ings", ""),
    ("ing", ""),
    ("ers", ""),
    ("ors", ""),
    ("er", ""),
    ("or", ""),
    ("ment", ""),  # assessment: assess
    ("tion", "t"),  # protection: protect
    ("ed", ""),
    ("s", ""),
)
MIN_STEM = 4
SHORTEST_PREFIX = 3  # a word of one or two characters matches only itself


def plain(text: str) -> str:
    """Lower case without accents: 'Café' is 'cafe'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words_of(text: str) -> list[str]:
    """The words of a text, in order: 'Children's Services' is ['children', 's', 'services']."""
    return WORD.findall(plain(text))


def query_words(text: str) -> list[str]:
    """The words of a question worth searching for: no single letters or stop words (unless
    that leaves nothing), at most MAX_QUERY_WORDS of them, from its first MAX_QUERY_CHARACTERS."""
    words = [
        word for word in words_of(text[:MAX_QUERY_CHARACTERS]) if len(word) > 1 or word.isdigit()
    ]
    kept = [word for word in words if word not in STOP_WORDS]
    return (kept or words)[:MAX_QUERY_WORDS]


def stem(word: str) -> str:
    """The start of a word that its other forms share: 'visitor' and 'visiting' are 'visit',
    'nurses' and 'nursing' are 'nurs', 'agencies' is 'agenc'."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    for ending, replacement in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) + len(replacement) >= MIN_STEM:
            word = word[: len(word) - len(ending)] + replacement
            break
    if word.endswith("e") and len(word) > MIN_STEM:
        word = word[:-1]  # nurse: nurs (nursing); service: servic (services)
    return word


def stems_of(text: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in query_words(text))
