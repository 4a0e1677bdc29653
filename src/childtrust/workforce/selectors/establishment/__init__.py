"""Reads of the establishment, one module per subject: posts with their figures (posts), people
in them (people: own holdings, starters and leavers, absence, caseloads) and the difference
between two versions of a job description (diff). Other areas use `vacancies_in_teams` and
`post_for_holder`."""

from childtrust.workforce.selectors.establishment.posts import (
    EstablishmentTotals,
    PostFilter,
    Vacancy,
    post_for_holder,
    vacancies_in_teams,
)

__all__ = [
    "EstablishmentTotals",
    "PostFilter",
    "Vacancy",
    "post_for_holder",
    "vacancies_in_teams",
]
