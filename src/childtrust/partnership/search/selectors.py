"""The search: a question in, the matches the user may see out, grouped by kind (pages,
services, agencies, teams, localities, people), each group with how many it found and its best
matches first. Who finds what is partnership.access.search_scope_for's decision; a search that
shows people's names is audited there too."""

from __future__ import annotations

from dataclasses import dataclass

from childtrust.accounts.models import User
from childtrust.partnership import access
from childtrust.partnership.models import SearchKind
from childtrust.partnership.search.backends import Entry, backend
from childtrust.partnership.search.pages import PAGE_KIND, page_words, pages_matching
from childtrust.partnership.search.query import Plan, plan_for
from childtrust.partnership.search.spelling import Vocabulary
from childtrust.partnership.search.state import index_version, kept
from childtrust.partnership.search.synonyms import (
    SynonymGroups,
    synonym_groups_build,
    synonym_pairs,
)

KIND_LABELS: dict[str, str] = {PAGE_KIND: "Pages", **dict(SearchKind.choices)}
KINDS = tuple(KIND_LABELS)  # the order the groups are shown in
PER_KIND = 5


@dataclass(frozen=True)
class Group:
    kind: str
    label: str
    count: int
    entries: list[Entry]


@dataclass(frozen=True)
class SearchResults:
    question: str
    understood: str  # the words searched for, typos corrected
    corrected: bool
    groups: list[Group]

    @property
    def count(self) -> int:
        return sum(group.count for group in self.groups)


def _groups() -> SynonymGroups:
    return synonym_groups_build(synonym_pairs())


def _vocabulary(groups: SynonymGroups) -> Vocabulary:
    return Vocabulary.of(backend().vocabulary(), groups.words | page_words())


def plan_of(question: str) -> Plan:
    """The question as the index is asked it, with this version's synonyms and vocabulary."""
    version = index_version()
    groups = kept("synonyms", version, _groups)
    vocabulary = kept("vocabulary", version, lambda: _vocabulary(groups))
    return plan_for(question, groups, vocabulary)


def search(
    user: User, question: str, *, kind: str = "", limit: int = PER_KIND, offset: int = 0
) -> SearchResults:
    """The matches of the question the user may see: every kind's (or only `kind`'s), `limit`
    of each from `offset`, best first. An empty or unreadable question finds nothing."""
    plan = plan_of(question)
    scope = access.search_scope_for(user)
    wanted = {kind} if kind else set(KINDS)
    groups: list[Group] = []
    if not plan.is_empty():
        if PAGE_KIND in wanted and access.can_search(user):
            pages = pages_matching(plan, user)
            groups.append(
                Group(PAGE_KIND, KIND_LABELS[PAGE_KIND], len(pages), pages[offset:][:limit])
            )
        scope = type(scope)(kinds=scope.kinds & wanted, former_staff=scope.former_staff)
        found = backend().find(plan, scope, limit=limit, offset=offset)
        groups += [
            Group(name, KIND_LABELS[name], found[name].count, found[name].entries)
            for name in KINDS
            if name in found
        ]
    people = next((g for g in groups if g.kind == SearchKind.STAFF and g.entries), None)
    if people is not None:
        access.search_people_record(user, question=question, people_shown=len(people.entries))
    return SearchResults(
        question=question,
        understood=" ".join(plan.words),
        corrected=plan.corrected,
        groups=[group for group in groups if group.count],
    )
