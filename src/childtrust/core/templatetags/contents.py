"""A long page's contents list (issue 14): `{% load contents %}`, then
`{% contents_list "timeline:Timeline" "posts:Posts" %}`, each item the id of a section's heading
and its words, drawn by components/contents_list.html."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("components/contents_list.html")
def contents_list(*sections: str) -> dict[str, list[tuple[str, str]]]:
    items = []
    for section in sections:
        anchor, _, words = section.partition(":")
        items.append((anchor, words))
    return {"contents": items}
