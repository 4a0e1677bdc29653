"""The static files collect as production serves them: the manifest storage follows every
reference inside the stylesheets and scripts, and refuses one to a file that is not there (a
source map a library's script names, say), which would stop `make demo` and a deployment."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}


def test_every_static_file_collects_with_its_references_resolved(tmp_path: Path) -> None:
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=MANIFEST_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("accessible-autocomplete/accessible-autocomplete.min.*.js"))
