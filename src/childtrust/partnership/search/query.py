"""A question turned into what the index is asked: every idea in it must match, each idea
matching any of the phrases that mean it, each phrase matching when all its words do.

"HV north" is two ideas: HV (matched by "hv" itself, or by "health" and "visit…", the stems of
"health visitor" and "health visiting") and north (matched by any word starting "north"). Each
database's backend writes the plan in its own syntax (FTS5's MATCH, PostgreSQL's tsquery)."""

from __future__ import annotations

from dataclasses import dataclass

from childtrust.partnership.search.spelling import Vocabulary
from childtrust.partnership.search.synonyms import LONGEST_PHRASE, Phrase, SynonymGroups
from childtrust.partnership.search.words import SHORTEST_PREFIX, query_words, stem


@dataclass(frozen=True)
class Term:
    word: str  # letters and digits only: safe in either database's query syntax
    prefix: bool  # matches every word starting with it, not only itself

    def matches(self, word: str) -> bool:
        return word.startswith(self.word) if self.prefix else word == self.word


Alternative = tuple[Term, ...]  # all must match
Idea = tuple[Alternative, ...]  # any may match


@dataclass(frozen=True)
class Plan:
    ideas: tuple[Idea, ...]
    words: tuple[str, ...]  # the question's words, typos corrected
    corrected: bool  # whether any word was corrected

    def is_empty(self) -> bool:
        return not self.ideas

    def matches(self, words: set[str]) -> bool:
        """Whether a text of these words matches (for pages, matched without the index)."""
        return all(
            any(all(any(term.matches(word) for word in words) for term in alt) for alt in idea)
            for idea in self.ideas
        )


def _terms(phrase: Phrase, groups: SynonymGroups) -> Alternative:
    """An acronym, a short word or a one-word synonym matches only itself; any other word
    matches every word that starts with its stem."""
    if len(phrase) == 1 and (phrase[0] in groups.single_words or len(phrase[0]) < 3):
        return (Term(phrase[0], prefix=False),)
    terms = []
    for word in phrase:
        start = stem(word)
        terms.append(Term(start, prefix=len(start) >= SHORTEST_PREFIX))
    return tuple(dict.fromkeys(terms))


def _ideas(words: list[str], groups: SynonymGroups) -> list[Idea]:
    """The longest phrase known to the synonyms at each point is one idea with its group's
    phrases; any other word is an idea of its own."""
    ideas: list[Idea] = []
    at = 0
    while at < len(words):
        for length in range(min(LONGEST_PHRASE, len(words) - at), 0, -1):
            typed = tuple(words[at : at + length])
            group = groups.group_of(typed)
            if group is not None:
                phrases = dict.fromkeys((typed, *group))
                ideas.append(tuple(dict.fromkeys(_terms(p, groups) for p in phrases)))
                at += length
                break
        else:
            ideas.append((_terms((words[at],), groups),))
            at += 1
    return ideas


def plan_for(question: str, groups: SynonymGroups, vocabulary: Vocabulary) -> Plan:
    typed = query_words(question)
    words = []
    for word in typed:
        known = word in groups.words or word.isdigit()
        words.append(word if known else (vocabulary.correction(word) or word))
    return Plan(ideas=tuple(_ideas(words, groups)), words=tuple(words), corrected=words != typed)
