"""The board pack as HTML and as a tagged PDF. Both come from one template
(strategy/board_pack/_content.html): the printable page wraps it in the service's layout, the
PDF in a bare page with paged-media CSS (A4, "Page 3 of 12" and the date of generation in the
footer, the contents with page numbers). WeasyPrint writes PDF/UA-1: tagged, with the headings
as its outline and the page's title as its metadata title (docs/decisions/0014)."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.formats import date_format

from childtrust.strategy.board_pack.sections import Pack

PDF_TEMPLATE = "strategy/board_pack/pdf.html"


def pack_pdf_html(pack: Pack) -> str:
    return render_to_string(
        PDF_TEMPLATE,
        {
            "pack": pack,
            "footer_date": date_format(pack.generated_at, "j F Y, H:i"),
            "created": pack.generated_at.isoformat(timespec="seconds"),
        },
    )


def pack_pdf_write(pack: Pack, path: Path) -> int:
    """Writes the pack's PDF to `path` (whole or not at all: written beside it, then moved into
    place) and returns its size in bytes."""
    from weasyprint import HTML  # imported when a pack is made: it loads Pango, ~0.3 s

    html = pack_pdf_html(pack)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        HTML(string=html, base_url=str(settings.PROJECT_DIR)).write_pdf(
            partial, pdf_variant="pdf/ua-1"
        )
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path.stat().st_size
