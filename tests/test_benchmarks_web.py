"""benchmarks/web.py: it starts (--help), and its page kinds cover every route of the portal and the API, so a
new page cannot be left out of the load test unnoticed. No timing is asserted here (the script measures)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "web.py"


def load_script():
    spec = importlib.util.spec_from_file_location("benchmark_web", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_script_explains_its_options():
    done = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    for option in ("--seconds", "--readers", "--uploaders", "--quick", "--keep", "--workers"):
        assert option in done.stdout


def test_every_route_of_the_portal_and_the_api_is_measured_or_declared_post_only():
    web = load_script()
    names = web.url_names()
    assert "web:clerk-home" in names and "api:statistic" in names  # the walk reaches both namespaces
    assert web.unclassified(names) == [], "add the new route to KINDS or NOT_REQUESTED in benchmarks/web.py"


def test_the_sections_api_routes_share_one_kind_and_unknown_names_have_none():
    web = load_script()
    assert web.kind_of("api:records-agreements-detail") == "api:records-detail"
    assert web.kind_of("api:records-mobility-list") == "api:records-list"  # one kind for every section's list
    assert web.kind_of("web:no-such-page") is None


def test_percentiles_are_nearest_rank():
    web = load_script()
    ms = [float(n) for n in range(1, 101)]
    assert (web.percentile(ms, 50), web.percentile(ms, 95), web.percentile(ms, 99)) == (50.0, 95.0, 99.0)
    assert web.percentile([7.0], 95) == 7.0
