"""The portal's download of the open-data package: `/opendata/<year>.zip`, public.

Public because the package holds only counted (approved or imported) records and the statistics made of
them, with no personal data (docs/opendata.md). It is written by the same `package.export` the command
uses, into a temporary folder, and sent as one zip file; a year without data is 404.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from intlmon.analytics.availability import has_data
from intlmon.opendata.package import export


@require_GET
def download(request, year: int) -> HttpResponse:
    if not has_data(year):
        raise Http404(f"no data for {year}")
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="intlmon-opendata-") as folder:
        root = Path(folder)
        export(year, root)
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(root).as_posix())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="intlmon-opendata-{year}.zip"'
    return response
