"""factory_boy factories, one per model and state, shared by every test module."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from childtrust.accounts.models import Role, User
from childtrust.partnership import models as p
from childtrust.voice import models as v

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.PRACTITIONER
    password = factory.django.Password(TEST_PASSWORD)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Agency

    name = factory.Sequence(lambda n: f"Agency {n}")
    slug = factory.LazyAttribute(lambda a: slugify(a.name))
    kind = p.AgencyKind.HEALTH
    statutory_partner = True
    mission = "To keep children healthy."


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Locality

    name = factory.Sequence(lambda n: f"Locality {n}")
    slug = factory.LazyAttribute(lambda a: slugify(a.name))


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Ward

    name = factory.Sequence(lambda n: f"Ward {n}")
    locality = factory.SubFactory(LocalityFactory)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Service

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.LazyAttribute(lambda s: slugify(s.name))
    description = "Support for children and families."
    audience = "Children aged 0 to 5 and their families"
    min_age = 0
    max_age = 5


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Team

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.LazyAttribute(lambda t: slugify(t.name))
    kind = p.TeamKind.SINGLE_AGENCY
    agency = factory.SubFactory(AgencyFactory)


class LocalityTeamFactory(TeamFactory):
    kind = p.TeamKind.LOCALITY
    agency = factory.LazyFunction(lambda: None)  # a locality team has no single employer
    locality = factory.SubFactory(LocalityFactory)


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.StaffMember

    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"staff{n}@example.org")
    job_title = "Health visitor"
    agency = factory.SubFactory(AgencyFactory)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Outcome

    name = factory.Sequence(lambda n: f"Outcome {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    position = factory.Sequence(int)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Priority

    outcome = factory.SubFactory(OutcomeFactory)
    title = factory.Sequence(lambda n: f"Priority {n}")


class FrameworkIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.FrameworkIndicator

    priority = factory.SubFactory(PriorityFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Commitment

    agency = factory.SubFactory(AgencyFactory)
    priority = factory.SubFactory(PriorityFactory)
    contribution = "We will play our part."


class VisionStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.VisionStatement

    version = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Every child in the city safe, healthy and happy ({n}).")
    adopted_on = datetime.date(2024, 4, 1)
    adopted_by = "Children's Trust Board"


# Staff voice: the cascade. A message is a draft until published through the service (which
# fixes its recipients and cascade tasks); these make drafts and the rows tests need around them.


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = v.Message

    sender = factory.SubFactory(StaffMemberFactory)
    title = factory.Sequence(lambda n: f"Message {n}")
    body = "From April every referral goes through the front door."
    kind = v.MessageKind.CHANGE_UPDATE
    brief_by = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


class CheckQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = v.CheckQuestion

    message = factory.SubFactory(MessageFactory)
    prompt = "Where does every referral go from April?"
    choices = factory.LazyFunction(lambda: ["The front door", "The locality team"])
    correct_choice = 0
    position = factory.Sequence(int)


class MessageQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = v.MessageQuestion

    message = factory.SubFactory(MessageFactory)
    asked_by = factory.SubFactory(StaffMemberFactory)
    text = "Does this apply to early help referrals too?"


class FeedbackFactory(factory.django.DjangoModelFactory):
    """Open feedback with its raiser's name on it."""

    class Meta:
        model = v.Feedback

    kind = v.FeedbackKind.CONCERN
    subject = factory.Sequence(lambda n: f"Feedback {n}")
    text = "Locality team meetings clash with the school run."
    raised_by = factory.SubFactory(StaffMemberFactory)
    owner = factory.SubFactory(StaffMemberFactory)
    raised_on = factory.LazyFunction(datetime.date.today)
    respond_by = factory.LazyAttribute(lambda f: f.raised_on + datetime.timedelta(days=14))


class AnsweredFeedbackFactory(FeedbackFactory):
    status = v.FeedbackStatus.RESPONDED
    response = "We have moved the meetings to ten o'clock."
    responded_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class PublishedFeedbackFactory(AnsweredFeedbackFactory):
    published = True
