"""The reports' tests keep chart images on disk in a folder of their own, not in the var folder."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def _chart_images_folder(tmp_path_factory):
    from intlmon.reports.chart_images import images

    kept, images.folder = images.folder, tmp_path_factory.mktemp("chart-images")
    yield
    images.folder = kept
