"""The portal's download of the open-data package: `/opendata/<year>.zip`, public.

Public because the package holds only counted (approved or imported) records and the statistics made of
them, with no personal data (docs/opendata.md). It is written by the same `package.export` the command
uses and zipped once per data stamp (`web.generated_files`: a change to the data makes the next request
build it again, the superseded zip is deleted); every other request is served the stored file. A year
without data is 404.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from intlmon.analytics.availability import has_data
from intlmon.opendata.package import export
from intlmon.web import generated_files, page_cache


def build_zip(year: int, folder: Path) -> Path:
    """The package of `year` written by `package.export` and zipped into `folder`."""
    target = folder / f"intlmon-opendata-{year}.zip"
    with tempfile.TemporaryDirectory(prefix="intlmon-opendata-", dir=folder) as written:
        root = Path(written)
        export(year, root)
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(root).as_posix())
    return target


@require_GET
def download(request, year: int) -> HttpResponse:
    if not page_cache.public("opendata-has-data", (year,), lambda: has_data(year)):
        raise Http404(f"no data for {year}")
    return generated_files.response("opendata", f"intlmon-opendata-{year}.zip",
                                    lambda folder: build_zip(year, folder), "application/zip")
