"""What the child's pages share: the child read for a purpose (access.child_for_user, which
decides and audits), its page's address, and its URL pattern by reference."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.children import access
from childtrust.children.models import Child, Involvement

#: The partnership's references, such as CT-004217: the child's pages live under them, so that
#: they never take another page's name ("search", "review").
REFERENCE = r"(?P<reference>CT-[0-9]{1,10})"


def child_path(child: Child) -> str:
    return reverse("children:child", args=[child.reference])


def read_child(request: AuthenticatedRequest, reference: str, purpose: str) -> access.ChildView:
    return access.child_for_user(request.user, reference, purpose=purpose)


def visible_involvement(view: access.ChildView, pk: int) -> Involvement:
    """One of the child's involvements the reader may see, or the 404 page."""
    for involvement in view.involvements:
        if involvement.pk == pk:
            return involvement
    raise Http404("No such involvement")
