"""Writes to the search's synonyms: partnership administrators add, change and remove the
field's words and what they mean ("HV": "health visitor"). Each write is checked, audited with
its words (they are the partnership's vocabulary, not personal data), and moves the search
index's version so that every server process reads the synonyms again."""

from __future__ import annotations

from django.db import transaction
from django.db.models.functions import Lower

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.partnership import access
from childtrust.partnership.models import Synonym
from childtrust.partnership.records import others_than, refuse_if_any
from childtrust.partnership.search.state import index_changed
from childtrust.partnership.search.words import query_words

SYNONYM_FIELDS = frozenset({"term", "meaning"})


def _spaced(text: str) -> str:
    return " ".join(text.split())


def _synonym_errors(synonym: Synonym) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, what, longest in (
        ("term", "the word or acronym", 100),
        ("meaning", "its meaning", 200),
    ):
        text = getattr(synonym, name)
        if not text:
            errors[name] = f"Enter {what}"
        elif len(text) > longest:
            errors[name] = f"{what.capitalize()} must be {longest} characters or fewer"
        elif not query_words(text):
            errors[name] = f"{what.capitalize()} must include a letter or a number"
    if errors:
        return errors
    if query_words(synonym.term) == query_words(synonym.meaning):
        errors["meaning"] = "Enter a meaning that is different from the word or acronym"
    elif (
        others_than(Synonym.objects.all(), synonym)
        .annotate(term_lower=Lower("term"), meaning_lower=Lower("meaning"))
        .filter(term_lower=synonym.term.lower(), meaning_lower=synonym.meaning.lower())
        .exists()
    ):
        errors["meaning"] = f"{synonym.term} already means {synonym.meaning}"
    return errors


@transaction.atomic
def synonym_create(*, actor: User, term: str, meaning: str) -> Synonym:
    """A word of the field and what it means: a search for either finds the other."""
    require(access.can_manage_synonyms(actor), to="add a synonym")
    synonym = Synonym(term=_spaced(term), meaning=_spaced(meaning))
    refuse_if_any(_synonym_errors(synonym))
    save_and_record(
        actor=actor,
        instance=synonym,
        action=AuditAction.CREATE,
        details={"term": synonym.term, "meaning": synonym.meaning},
    )
    index_changed()
    return synonym


@transaction.atomic
def synonym_update(*, actor: User, synonym: Synonym, term: str, meaning: str) -> Synonym:
    require(access.can_manage_synonyms(actor), to="change a synonym")
    changed = update_and_record(
        actor=actor,
        instance=synonym,
        changes={"term": _spaced(term), "meaning": _spaced(meaning)},
        allowed=SYNONYM_FIELDS,
        errors=lambda: _synonym_errors(synonym),
    )
    if changed:
        index_changed()
    return synonym


@transaction.atomic
def synonym_delete(*, actor: User, synonym: Synonym) -> None:
    """Removes a synonym; the audit event keeps what it said."""
    require(access.can_manage_synonyms(actor), to="remove a synonym")
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=synonym,
        details={"term": synonym.term, "meaning": synonym.meaning},
    )
    synonym.delete()
    index_changed()
