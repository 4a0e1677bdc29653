"""The workforce's records, one module per subject: the establishment (posts, job descriptions,
holders, agency cover, absence, caseloads, remits), the national statistics and comparators, and
restructures with their consultation."""

from childtrust.workforce.models.establishment import (
    AgencyCover,
    Caseload,
    CoverReason,
    Holding,
    JobDescription,
    LeavingReason,
    Post,
    Profession,
    SicknessAbsence,
    WorkforceRemit,
)
from childtrust.workforce.models.restructures import (
    AffectedOutcome,
    AffectedPerson,
    ConsultationMeeting,
    ConsultationResponse,
    MeetingKind,
    PostChange,
    PostChangeKind,
    Restructure,
    RestructureStatus,
    SelectionPool,
)
from childtrust.workforce.models.statistics import (
    GeographicLevel,
    StatisticSymbol,
    WorkforceComparator,
    WorkforceStatistic,
)

__all__ = [
    "AffectedOutcome",
    "AffectedPerson",
    "AgencyCover",
    "Caseload",
    "ConsultationMeeting",
    "ConsultationResponse",
    "CoverReason",
    "GeographicLevel",
    "Holding",
    "JobDescription",
    "LeavingReason",
    "MeetingKind",
    "Post",
    "PostChange",
    "PostChangeKind",
    "Profession",
    "Restructure",
    "RestructureStatus",
    "SelectionPool",
    "SicknessAbsence",
    "StatisticSymbol",
    "WorkforceComparator",
    "WorkforceRemit",
    "WorkforceStatistic",
]
