"""The demo partnership's staff voice: messages at several stages of their cascade, two rounds
of the pulse survey with results and a trend, and feedback with responses.

Everything is invented. It is written on top of the demo partnership (childtrust.partnership.demo)
by `childtrust load_demo`, in bulk and straight into the tables, as the partnership's own demo
is: going through the services would write one audit event per row. One audit event is
recorded per kind of record instead. The records follow the rules the services keep:

- a published message fixes its recipients (`message_audience`: active staff in its audience,
  with the manager who briefs them, their level, agency, team and the team's locality); heads of
  agencies are briefed when it is published, and every manager with recipients among their
  direct reports has a cascade task due on the message's date;
- a recipient is reached once briefed or once they confirmed they understood (answering every
  check question right); a new version asks everyone to confirm again;
- a survey response carries only the groups its author belonged to, never the person, and is
  written in an order unrelated to the record of who answered;
- feedback goes to the head of the agency it is about, or to the head of the local authority's
  children's services, with a target 10 working days after it was raised (the setting);
  anonymous feedback names no one.

Dates are set relative to the moment of loading (a message "published three weeks ago"), so the
demo always shows a cascade under way. Given the same moment and seed the data is the same.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models, transaction
from django.utils import timezone

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.voice.demo.cascade import messages_demo_load
from childtrust.voice.demo.feedback import feedback_demo_load
from childtrust.voice.demo.loading import DemoLoad, VoiceDemoRefusedError
from childtrust.voice.demo.surveys import surveys_demo_load
from childtrust.voice.models import Feedback, Message, Survey

SEED = 2005  # the year the first children's trusts began work
SOURCE = "demo data"


def voice_has_records() -> bool:
    return Message.objects.exists() or Survey.objects.exists() or Feedback.objects.exists()


@transaction.atomic
def voice_demo_load(
    *, now: datetime | None = None, seed: int = SEED
) -> dict[type[models.Model], int]:
    """Loads the demo's staff voice on top of the demo partnership, in one transaction, and
    records one audit event per kind of record created. Returns how many of each it created.
    Raises VoiceDemoRefusedError when staff voice already has records."""
    if voice_has_records():
        raise VoiceDemoRefusedError("Staff voice already has messages, surveys or feedback.")
    load = DemoLoad(now=now or timezone.now(), seed=seed)
    messages_demo_load(load)
    surveys_demo_load(load)
    feedback_demo_load(load)
    created = dict(load.created)
    for model, count in created.items():
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            object_type=model._meta.label_lower,
            object_repr=f"{count} {model._meta.verbose_name_plural}",
            details={"count": count, "source": SOURCE},
        )
    return created
