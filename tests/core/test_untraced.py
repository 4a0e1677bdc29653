"""Sending anonymous feedback or survey answers leaves no line in a log (core.untraced, issue 11
part 1): not in gunicorn's access log, not in Django's request loggers, even when it fails."""

from __future__ import annotations

import datetime
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from gunicorn.config import Config

from childtrust import gunicorn_conf
from childtrust.core.untraced import untraced_request
from tests.factories import UserFactory

FEEDBACK_FORM = "/voice/feedback/new/"
SURVEY_FORM = "/voice/surveys/3/rounds/2/answer/"


def test_the_feedback_and_survey_forms_are_untraced_when_sent_only() -> None:
    assert untraced_request("POST", FEEDBACK_FORM)
    assert untraced_request("post", SURVEY_FORM)
    assert not untraced_request("GET", FEEDBACK_FORM)  # opening a form is not sending it
    assert not untraced_request("POST", "/voice/feedback/")
    assert not untraced_request("POST", "/no/such/page/")


def _access_log(path: Path, method: str, url: str) -> str:
    config = Config()
    config.set("accesslog", str(path))
    logger = gunicorn_conf.logger_class(config)
    environ = {
        "REQUEST_METHOD": method,
        "RAW_URI": url,
        "PATH_INFO": url,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.44",
    }
    response = SimpleNamespace(status="302 Found", headers=[], sent=0)
    logger.access(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(seconds=0))
    for handler in logger.access_log.handlers:
        handler.flush()
    return path.read_text()


@pytest.mark.parametrize("url", [FEEDBACK_FORM, SURVEY_FORM])
def test_gunicorn_leaves_the_forms_post_out_of_its_access_log(tmp_path: Path, url: str) -> None:
    assert _access_log(tmp_path / "access.log", "POST", url) == ""


def test_gunicorn_still_logs_every_other_request(tmp_path: Path) -> None:
    """The filter above is not an empty log: the same logger writes other requests."""
    assert "192.0.2.44" in _access_log(tmp_path / "access.log", "GET", FEEDBACK_FORM)
    assert "POST /voice/feedback/ " in _access_log(
        tmp_path / "other.log", "POST", "/voice/feedback/"
    )


@pytest.mark.django_db
def test_django_logs_nothing_when_sending_the_form_fails(caplog: pytest.LogCaptureFixture) -> None:
    """A refusal (no staff record: 403) and a failed CSRF check are logged for other pages, not
    for these forms: the moment would say who was sending one."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    with caplog.at_level(logging.INFO):
        client.post(reverse("voice:feedback_raise"), {"subject": "x"})  # CSRF refused
        Client().post(reverse("voice:feedback_raise"))  # not signed in: sent to sign in
        signed_in = Client()
        signed_in.force_login(UserFactory())
        refused = signed_in.post(reverse("voice:feedback_raise"), {"subject": "x"})
        assert refused.status_code == 403
        assert not [record for record in caplog.records if "feedback" in record.getMessage()]
        client.post(reverse("voice:feedback_home"))  # another page's CSRF refusal is logged
    assert [record for record in caplog.records if "feedback" in record.getMessage()]
