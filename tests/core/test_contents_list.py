"""A long page's contents list (issue 14): GOV.UK's list of links to the page's sections."""

from __future__ import annotations

from django.template import Context, Template


def test_the_contents_list_links_each_section_in_order() -> None:
    html = Template(
        '{% load contents %}{% contents_list "timeline:Timeline" "posts:Posts and people" %}'
    ).render(Context())

    assert '<nav class="app-contents-list' in html
    assert 'aria-labelledby="contents-list-title"' in html
    assert (
        '<h2 class="govuk-heading-s govuk-!-margin-bottom-2" id="contents-list-title">Contents'
        in html
    )
    assert html.index('href="#timeline">Timeline</a>') < html.index(
        'href="#posts">Posts and people</a>'
    )


def test_no_sections_no_contents_list() -> None:
    assert "nav" not in Template("{% load contents %}{% contents_list %}").render(Context())
