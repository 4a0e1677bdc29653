"""Keeping the search index: one entry per service, agency, team, locality and person, made from
the records themselves. The partnership's services call `search_index_refresh` with what they
wrote, in their own transaction, so the index never tells of a change that was rolled back; the
demo's loader and `childtrust search_index_rebuild` build it whole. Entries hold what a result
shows (title, a line of summary, the page's address) and the words it is found by; the database
keeps its own full-text index of them (migration 0003).

A record's entry carries words of the records around it (a service its agency's name and its
localities', a person their team's), so refreshing an agency refreshes its services, teams and
people too."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from django.db import models, transaction
from django.db.models import Prefetch
from django.urls import reverse

from childtrust.partnership.models import (
    Agency,
    Locality,
    SearchEntry,
    SearchKind,
    Service,
    ServiceStatus,
    StaffMember,
    Team,
    Ward,
)
from childtrust.partnership.search.entry_ids import entry_id
from childtrust.partnership.search.state import index_changed

BATCH = 2000
SUMMARY_LENGTH = 200


def _text(*parts: str | None) -> str:
    return " ".join(part for part in parts if part)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1].rstrip() + "…"


def _agency_words(agency: Agency | None) -> str:
    return _text(agency.name, agency.short_name) if agency is not None else ""


def _service_entry(service: Service) -> SearchEntry:
    localities = [locality.name for locality in service.localities.all()]
    status = "" if service.status == ServiceStatus.ACTIVE else service.get_status_display()
    return SearchEntry(
        kind=SearchKind.SERVICE,
        object_id=service.pk,
        title=service.name,
        summary=_short(_text(f"{service.agency.name}.", status and f"{status}.", service.audience)),
        url=reverse("partnership:service_detail", kwargs={"slug": service.slug}),
        words=_text(
            service.description,
            service.audience,
            service.eligibility,
            service.how_to_access,
            status,
            _agency_words(service.agency),
            *localities,
        ),
    )


def _agency_entry(agency: Agency) -> SearchEntry:
    return SearchEntry(
        kind=SearchKind.AGENCY,
        object_id=agency.pk,
        title=agency.name,
        summary=_short(agency.get_kind_display()),
        url=reverse("partnership:agency_detail", kwargs={"slug": agency.slug}),
        words=_text(agency.short_name, agency.get_kind_display(), agency.mission, agency.vision),
    )


def _team_entry(team: Team) -> SearchEntry:
    where = team.agency.name if team.agency else (team.locality.name if team.locality else "")
    return SearchEntry(
        kind=SearchKind.TEAM,
        object_id=team.pk,
        title=team.name,
        summary=_short(_text(team.get_kind_display(), where and f"({where})")),
        url=reverse("partnership:team_detail", kwargs={"slug": team.slug}),
        words=_text(
            team.get_kind_display(),
            _agency_words(team.agency),
            team.locality.name if team.locality else "",
            team.purpose,
        ),
    )


def _locality_entry(locality: Locality) -> SearchEntry:
    wards = [ward.name for ward in locality.wards.all()]
    return SearchEntry(
        kind=SearchKind.LOCALITY,
        object_id=locality.pk,
        title=locality.name,
        summary=_short(_text("Locality.", f"Wards: {', '.join(wards)}." if wards else "")),
        url=reverse("partnership:locality_detail", kwargs={"slug": locality.slug}),
        words=_text(locality.description, *wards),
    )


def _staff_entry(person: StaffMember) -> SearchEntry:
    where = _text(person.agency.name, f"({person.team.name})" if person.team else "")
    return SearchEntry(
        kind=SearchKind.STAFF,
        object_id=person.pk,
        title=person.full_name,
        summary=_short(
            _text(f"{person.job_title},", where, "" if person.is_active else "(no longer in post)")
        ),
        url=reverse("partnership:staff_detail", kwargs={"pk": person.pk}),
        words=_text(
            person.job_title,
            _agency_words(person.agency),
            person.team.name if person.team else "",
        ),
        is_current=person.is_active,
    )


# Each kind: its records with what their entries read, and how an entry is made from one.
_SOURCES: dict[str, tuple[Callable[[], models.QuerySet[models.Model]], Callable[..., SearchEntry]]]
_SOURCES = {
    SearchKind.SERVICE: (
        lambda: Service.objects.select_related("agency").prefetch_related(
            Prefetch("localities", queryset=Locality.objects.order_by("name"))
        ),
        _service_entry,
    ),
    SearchKind.AGENCY: (lambda: Agency.objects.all(), _agency_entry),
    SearchKind.TEAM: (lambda: Team.objects.select_related("agency", "locality"), _team_entry),
    SearchKind.LOCALITY: (
        lambda: Locality.objects.prefetch_related(
            Prefetch("wards", queryset=Ward.objects.order_by("name"))
        ),
        _locality_entry,
    ),
    SearchKind.STAFF: (
        lambda: StaffMember.objects.select_related("agency", "team"),
        _staff_entry,
    ),
}


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = iter(ids)
    while batch := list(islice(ids, BATCH)):
        yield batch


def _write(kind: str, ids: Iterable[int]) -> int:
    """Makes the entries of these records of one kind anew (a record no longer there loses its
    entry). Returns how many entries it wrote."""
    records, entry_of = _SOURCES[kind]
    written = 0
    for batch in _batches(sorted(set(ids))):
        SearchEntry.objects.filter(kind=kind, object_id__in=batch).delete()
        entries = [entry_of(record) for record in records().filter(pk__in=batch).order_by("pk")]
        for entry in entries:
            entry.pk = entry_id(entry.kind, entry.object_id, is_current=entry.is_current)
        SearchEntry.objects.bulk_create(entries, batch_size=500)
        written += len(entries)
    return written


def _ids(queryset: models.QuerySet[models.Model]) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


def _affected(record: models.Model) -> dict[str, list[int]]:
    """The entries a change to the record touches: its own and those that carry its words."""
    if isinstance(record, Agency):
        return {
            SearchKind.AGENCY: [record.pk],
            SearchKind.SERVICE: _ids(Service.objects.filter(agency=record)),
            SearchKind.TEAM: _ids(Team.objects.filter(agency=record)),
            SearchKind.STAFF: _ids(StaffMember.objects.filter(agency=record)),
        }
    if isinstance(record, Locality):
        return {
            SearchKind.LOCALITY: [record.pk],
            SearchKind.SERVICE: _ids(Service.objects.filter(localities=record)),
            SearchKind.TEAM: _ids(Team.objects.filter(locality=record)),
        }
    if isinstance(record, Ward):
        return {SearchKind.LOCALITY: [record.locality_id]}
    if isinstance(record, Team):
        return {
            SearchKind.TEAM: [record.pk],
            SearchKind.STAFF: _ids(StaffMember.objects.filter(team=record)),
        }
    if isinstance(record, Service):
        return {SearchKind.SERVICE: [record.pk]}
    if isinstance(record, StaffMember):
        return {SearchKind.STAFF: [record.pk]}
    raise TypeError(f"The search does not index {type(record).__name__}")


@transaction.atomic
def search_index_refresh(*records: models.Model) -> None:
    """Makes anew the entries of the records just written and of those that carry their words;
    call from the service that wrote them, after it saved."""
    for record in records:
        for kind, ids in _affected(record).items():
            _write(kind, ids)
    index_changed()


@transaction.atomic
def search_index_rebuild() -> dict[str, int]:
    """Empties the index and makes every entry anew. Returns how many of each kind."""
    SearchEntry.objects.all().delete()
    counts = {kind: _write(kind, _ids(records())) for kind, (records, _entry) in _SOURCES.items()}
    index_changed()
    return counts
