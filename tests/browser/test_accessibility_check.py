"""The accessibility check itself: it must fail on serious problems and name them."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.accessibility import assert_accessible

INACCESSIBLE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Broken</title></head>
<body><main><h1>Broken</h1>
<form><input id="nameless" type="text"></form>
<img id="no-alt" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
</main></body></html>"""


def test_check_fails_naming_each_serious_violation_and_its_element(page: Page) -> None:
    page.set_content(INACCESSIBLE_PAGE)

    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)

    message = str(failure.value)
    assert "label (critical)" in message
    assert "#nameless" in message
    assert "image-alt (critical)" in message
    assert "#no-alt" in message


def test_check_passes_a_page_with_only_minor_problems(page: Page) -> None:
    # No landmark around the paragraph is a moderate problem ("region"), not a serious one.
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Fine</title></head>'
        "<body><main><h1>Fine</h1></main><p>Outside any landmark.</p></body></html>"
    )

    assert_accessible(page)


def _radios(attribute: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><title>Radios</title></head><body><main>'
        "<h1>Radios</h1><fieldset><legend>Who</legend>"
        f'<input class="govuk-radios__input" id="all" name="who" type="radio" {attribute}>'
        '<label for="all">Everyone</label><div id="chosen">Teams</div></fieldset>'
        "</main></body></html>"
    )


def test_check_lets_through_only_govuk_conditional_reveals_aria_expanded(page: Page) -> None:
    # GOV.UK Frontend's known issue (govuk-frontend 979): aria-expanded on a revealing radio.
    page.set_content(_radios('aria-controls="chosen" aria-expanded="false"'))
    assert_accessible(page)

    page.set_content(_radios('aria-controls="chosen" aria-selected="true"'))
    with pytest.raises(AssertionError, match="aria-allowed-attr"):
        assert_accessible(page)
