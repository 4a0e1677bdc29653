"""The children app's data, one module per subject: the agencies' records and their imports,
the child index and its links, involvement, and sharing (consent, shielding, break glass)."""

from childtrust.children.models.index import Child, LinkReview, ReviewStatus
from childtrust.children.models.involvement import Involvement, Sensitivity
from childtrust.children.models.records import (
    AgencyRecord,
    AgencyRecordVersion,
    ImportStatus,
    LinkStatus,
    RecordImport,
    Sex,
)
from childtrust.children.models.search import ChildSearchKey, SearchKeyKind
from childtrust.children.models.sharing import (
    BreakGlass,
    ConsentOutcome,
    LawfulBasis,
    SharingDecision,
)

__all__ = [
    "AgencyRecord",
    "AgencyRecordVersion",
    "BreakGlass",
    "Child",
    "ChildSearchKey",
    "ConsentOutcome",
    "ImportStatus",
    "Involvement",
    "LawfulBasis",
    "LinkReview",
    "LinkStatus",
    "RecordImport",
    "ReviewStatus",
    "SearchKeyKind",
    "Sensitivity",
    "Sex",
    "SharingDecision",
]
