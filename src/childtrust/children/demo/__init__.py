"""The demo partnership's children: 3,000 synthetic children (childtrust.children.synthetic:
invented names and homes in Southampton's SO postcodes, households with siblings and twins),
held by five of the demo's agencies (community health, the schools, children's services, the
police and the youth trust) at the ages each serves (the youth trust from 11, the schools from
4), each record as that agency spelled it, typos and all.

Loaded by `childtrust load_demo` after the workforce (the involvements name its staff) and before
the strategic plan:
- records (records.py): one finished import a agency, each row checked and normalised by the
  import's own rules and hashed as the import hashes it;
- the child index (linking.py): linked from the synthetic truth, so that the demo loads in
  seconds, with some pairs waiting for review (one child's records that differ enough to be
  uncertain, twins and other brothers and sisters), chosen and scored by a real Splink model
  trained on these records (link_model.py, link_model.json);
- involvements (involvements.py): the `practitioner` account's caseload of 20 children (lead
  professional for one), children in each locality known to three or more agencies with no lead
  professional, two sensitive CAMHS involvements (one with consent to share recorded), a
  shielded child and one past its retention date.

Written in bulk with one audit event per kind of record. The same day and seed give the same
children."""

from __future__ import annotations

import datetime

from django.db import models, transaction

from childtrust.children.demo.involvements import involvements_insert
from childtrust.children.demo.linking import index_insert
from childtrust.children.demo.loading import (
    CHILDREN,
    RECORD_AGENCIES,
    SEED,
    ChildrenDemo,
    ChildrenDemoRefusedError,
)
from childtrust.children.demo.records import records_build
from childtrust.children.models import AgencyRecord, Child
from childtrust.children.search_keys import child_search_keys_refresh
from childtrust.children.synthetic import generate
from childtrust.partnership.demo.loader import demo_created_record

SOURCE = "demo data"

__all__ = ["ChildrenDemoRefusedError", "children_demo_load"]


@transaction.atomic
def children_demo_load(
    *, today: datetime.date | None = None, seed: int = SEED, children: int = CHILDREN
) -> dict[type[models.Model], int]:
    """Loads the demo's children on top of the demo partnership and its workforce, in one
    transaction, with one audit event per kind of record. Returns how many of each it made.
    Raises ChildrenDemoRefusedError when the children's tables already hold records."""
    if Child.objects.exists() or AgencyRecord.objects.exists():
        raise ChildrenDemoRefusedError("The child index already holds children or records.")
    demo = ChildrenDemo(today=today, seed=seed)
    extracts = generate(
        children, agencies=RECORD_AGENCIES, seed=seed, today=demo.today, by_age=True
    )
    records = records_build(demo, extracts)
    indexed = index_insert(demo, extracts, records)
    agencies_of: dict[int, set[str]] = {}
    for (agency, record_id), child in extracts.truth().items():
        if (agency, record_id) in records:
            agencies_of.setdefault(child, set()).add(agency)
    involvements_insert(demo, indexed, [agencies_of[c] for c in sorted(agencies_of)])
    created = dict(demo.created)
    demo_created_record(created, source=SOURCE)
    # Written in bulk, past the services that keep search's keys: so keyed here, as the
    # partnership's loader rebuilds its own search index.
    child_search_keys_refresh(Child.objects.all())
    return created
