"""Feedback forms: plain messages for bad input, and the service's arguments from good input."""

from __future__ import annotations

import pytest

from childtrust.voice.forms.feedback import FeedbackRaiseForm, FeedbackRespondForm
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_the_raise_form_turns_good_input_into_the_services_arguments() -> None:
    agency = AgencyFactory()
    form = FeedbackRaiseForm(
        {
            "kind": "concern",
            "subject": "  Rota  ",
            "text": "Too many late shifts.",
            "agency": str(agency.pk),
            "name": "anonymous",
        }
    )
    assert form.is_valid(), form.errors
    assert form.service_arguments() == {
        "kind": "concern",
        "subject": "Rota",
        "text": "Too many late shifts.",
        "agency": agency,
        "anonymous": True,
    }


def test_leaving_the_agency_empty_means_the_partnership_as_a_whole() -> None:
    form = FeedbackRaiseForm(
        {"kind": "suggestion", "subject": "S", "text": "T", "agency": "", "name": "named"}
    )
    assert form.is_valid(), form.errors
    assert form.service_arguments()["agency"] is None
    assert form.service_arguments()["anonymous"] is False


def test_an_empty_raise_form_says_what_to_do_for_every_field() -> None:
    form = FeedbackRaiseForm({})
    assert not form.is_valid()
    assert form.errors == {
        "kind": ["Choose whether this is a suggestion or a concern"],
        "subject": ["Enter a subject"],
        "text": ["Enter your suggestion or concern"],
        "name": ["Choose whether to put your name to it"],
    }


def test_the_respond_form_reads_publish_as_yes_or_no() -> None:
    published = FeedbackRespondForm({"response": " Done. ", "publish": "yes"})
    private = FeedbackRespondForm({"response": "Done.", "publish": "no"})
    assert published.is_valid()
    assert private.is_valid()
    assert published.service_arguments() == {"response": "Done.", "publish": True}
    assert private.service_arguments()["publish"] is False


def test_an_empty_respond_form_says_what_to_do() -> None:
    form = FeedbackRespondForm({})
    assert not form.is_valid()
    assert form.errors == {
        "response": ["Enter your response"],
        "publish": ["Choose whether to publish your response"],
    }
