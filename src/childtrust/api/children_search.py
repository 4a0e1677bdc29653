"""Finding a child: `GET /api/v1/children?name=&date_of_birth=&postcode=`, the search page's
rules (children.selectors.search): only children the token's owner may find, closest first,
a shielded match told by reference alone to those who may break glass, and each request
audited with its terms. The postcode is given by its district only."""

import datetime

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.docs import SEARCH_MARK
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS
from childtrust.children.search_keys import name_words, postcode_parts
from childtrust.children.selectors.search import ChildMatch, SearchTerms, children_search

router = Router(tags=["Children"])


class ChildFoundOut(Schema):
    reference: str = Field(description="The partnership's reference, such as CT-004217.")
    given_name: str
    family_name: str
    date_of_birth: datetime.date | None
    postcode_district: str = Field(description="The postcode's first part only, such as SO14.")
    known_to_agencies: int = Field(description="Agencies holding a record or involved now.")
    closeness: float = Field(description="How closely the name matches, 0 to about 1.")
    shielded_match: bool = Field(
        description="A shielded child matches: only its reference is given, to break glass."
    )


def _out(match: ChildMatch) -> ChildFoundOut:
    child = match.child
    return ChildFoundOut(
        reference=child.reference,
        given_name=child.given_name,
        family_name=child.family_name,
        date_of_birth=child.date_of_birth,
        postcode_district=match.postcode_district,
        known_to_agencies=match.agencies,
        closeness=match.closeness,
        shielded_match=False,
    )


def _shielded(reference: str) -> ChildFoundOut:
    return ChildFoundOut(
        reference=reference,
        given_name="",
        family_name="",
        date_of_birth=None,
        postcode_district="",
        known_to_agencies=0,
        closeness=0.0,
        shielded_match=True,
    )


def _terms(name: str, date_of_birth: datetime.date | None, postcode: str) -> SearchTerms:
    if postcode.strip() and not any(postcode_parts(postcode)):
        raise ValidationError("Give a full postcode, such as SO14 7LY, or its first part, SO14")
    if not (name_words(name) or date_of_birth or postcode.strip()):
        raise ValidationError("Give a name, a date of birth (YYYY-MM-DD) or a postcode")
    return SearchTerms(name=name, date_of_birth=date_of_birth, postcode=postcode)


@router.get(
    "/children",
    response={200: list[ChildFoundOut], **REFUSALS},
    summary="Find a child by name, date of birth and postcode",
    # A search needs its terms: the index does not offer it as a list that opens bare.
    openapi_extra={SEARCH_MARK: True},
)
@paginated
def child_search(
    request: AuthenticatedRequest,
    name: str = "",
    date_of_birth: datetime.date | None = None,
    postcode: str = "",
) -> list[ChildFoundOut]:
    """Names match with typos, nicknames and other spellings, closest first; a date of birth
    must match (or with day and month swapped); a postcode in full or by its district. Shielded
    children are left out, except that a caller who may break glass is told, first, the
    reference of a shielded child that matches (never its name)."""
    results, _ = children_search(request.user, _terms(name, date_of_birth, postcode), limit=None)
    return [*(_shielded(ref) for ref in results.shielded), *map(_out, results.matches)]
