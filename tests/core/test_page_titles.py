"""A page's title starts "Error: " once when its form has errors: base.html writes it, so no
template's own title block may write it again ("Error: Error: Find a child")."""

from __future__ import annotations

import re
from pathlib import Path

import childtrust

SOURCE = Path(childtrust.__file__).parent
BASE = SOURCE / "core" / "templates" / "base.html"
OWN_ERROR_PREFIX = re.compile(r"{%\s*block title\s*%}[^{]*{%\s*if [^%]*errors[^%]*%}\s*Error:")


def test_base_writes_the_error_prefix_for_a_form_with_errors() -> None:
    assert "{% if form.errors or page_has_errors %}Error: {% endif %}" in BASE.read_text()


def test_no_template_writes_the_error_prefix_a_second_time() -> None:
    doubled = [
        str(path.relative_to(SOURCE))
        for path in SOURCE.glob("*/templates/**/*.html")
        if OWN_ERROR_PREFIX.search(path.read_text())
    ]
    assert doubled == []
