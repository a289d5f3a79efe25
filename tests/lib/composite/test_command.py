"""`intlmon composite run CONFIG.json` (issue 14, Deliver 2) as a user meets it: the real console
script, started from an unrelated folder, on the shared ASEM files with a configuration whose paths
are relative to its own folder; what it writes must be COINr's data sets, ranks and replayed
RankStats. A bad configuration is one message naming what is wrong, exit 1, nothing written."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from .conftest import EXAMPLE_STEPS, REFERENCE

SCRIPT = Path(sys.executable).with_name("intlmon")
DATA_SETS = ["Raw", "Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated"]


def intlmon(*args, cwd: Path, var: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(INTLMON_VAR_DIR=str(var), LANGUAGE_CODE="en")  # a database that does not exist: none is needed
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "intlmon.cli"]
    return subprocess.run([*command, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _config_folder(root: Path, **changes) -> Path:
    """A folder holding copies of the ASEM files and the vignette's replay tables, and config.json
    naming them by relative paths (the configuration's folder is not the working folder)."""
    if not REFERENCE.exists():
        pytest.skip("COINr reference files are not present")
    folder = root / "project" / "coin"
    (folder / "input").mkdir(parents=True)
    for name in ("ASEM_iData.csv", "ASEM_iMeta.csv", "p2_example_UA_vignette_runs.csv",
                 "p2_example_UA_vignette_noisy_weights.csv"):
        shutil.copy(REFERENCE / name, folder / "input" / name)
    config = {"iData": "input/ASEM_iData.csv", "iMeta": "input/ASEM_iMeta.csv", "out": "results",
              "steps": EXAMPLE_STEPS,
              "uncertainty": {"replay_runs": "input/p2_example_UA_vignette_runs.csv",
                              "replay_weights": "input/p2_example_UA_vignette_noisy_weights.csv"}}
    config.update(changes)
    (folder / "config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def asem_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("composite")
    folder = _config_folder(root)
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    done = intlmon("composite", "run", str(folder / "config.json"), cwd=elsewhere, var=root / "no-var")
    return done, folder / "results"


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def test_it_writes_every_coinr_data_set_into_out_beside_the_configuration(asem_run):
    done, out = asem_run
    assert done.returncode == 0, done.stderr
    assert "10 files written to" in done.stdout and "100 runs replayed" in done.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{n}.csv" for n in DATA_SETS] + ["Aggregated_ranks.csv", "Treated_details.csv", "RankStats.csv"])


@pytest.mark.parametrize("name", DATA_SETS)
def test_each_data_set_is_coinrs(asem_run, name):
    _done, out = asem_run
    mine, ref = _read(out / f"{name}.csv"), _read(REFERENCE / f"p2_example_{name}.csv")
    assert list(mine.columns) == ["uCode", *[c for c in mine.columns if c != "uCode"]]
    assert list(mine["uCode"]) == list(ref["uCode"])
    codes = list(ref.columns.drop("uCode"))
    assert sorted(mine.columns.drop("uCode")) == sorted(codes)
    a, b = mine[codes].to_numpy(float), ref[codes].to_numpy(float)
    assert np.array_equal(np.isnan(a), np.isnan(b))
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=0)


def test_ranks_treatment_and_replayed_rank_stats_are_coinrs_exactly(asem_run):
    _done, out = asem_run
    ranks, ref = _read(out / "Aggregated_ranks.csv"), _read(REFERENCE / "p2_example_Aggregated_ranks.csv")
    codes = list(ref.columns.drop("uCode"))
    assert np.array_equal(ranks[codes].to_numpy(float), ref[codes].to_numpy(float), equal_nan=True)
    details = _read(out / "Treated_details.csv").set_index("iCode")
    dets = _read(REFERENCE / "p2_example_Treated_DetsTable.csv").set_index("iCode")
    assert list(details.loc[dets.index, "check_SkewKurt0.Pass"]) == list(dets["check_SkewKurt0.Pass"])
    assert np.array_equal(details.loc[dets.index, "winsorise.nwin"].to_numpy(float),
                          dets["winsorise.nwin"].to_numpy(float), equal_nan=True)
    stats, ref = _read(out / "RankStats.csv"), _read(REFERENCE / "p2_example_UA_vignette_RankStats.csv")
    assert list(stats.columns) == ["uCode", "Nominal", "Mean", "Median", "Q5", "Q95"]
    assert list(stats["uCode"]) == list(ref["uCode"])
    for column in ["Nominal", "Mean", "Median", "Q5", "Q95"]:
        assert list(stats[column]) == list(ref[column]), column


def test_a_replay_table_without_a_column_keeps_that_nominal_setting(tmp_path, cli, capsys):
    """Runs that only vary the aggregation: winmax, normalisation and weights stay nominal, so a run
    with a_amean is the nominal coin and its ranks are the nominal ranks."""
    folder = _config_folder(tmp_path)
    pd.DataFrame({"run": [1, 2], "Aggregation": ["a_amean", "a_amean"]}).to_csv(folder / "runs.csv", index=False)
    config = json.loads((folder / "config.json").read_text())
    config["uncertainty"] = {"replay_runs": "runs.csv"}
    (folder / "config.json").write_text(json.dumps(config))
    assert cli(["composite", "run", str(folder / "config.json"), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["uncertainty_runs"] == 2 and "RankStats.csv" in summary["files"]
    stats = _read(folder / "results" / "RankStats.csv")
    assert (stats["Q5"] == stats["Nominal"]).all() and (stats["Q95"] == stats["Nominal"]).all()


@pytest.mark.parametrize("change, message", [
    ({"steps": [{"Treat": {"winmx": 5}}]}, "steps[0] Treat: parameter 'winmx' is unknown; expected winmax"),
    ({"stepz": []}, "key 'stepz' is unknown"),
    ({"iData": "input/missing.csv"}, "missing.csv: file not found (iData)"),
    ({"steps": [{"Normalise": {"f_n": "n_minmax", "l_u": [100, 0]}}]}, "l_u must be [lower, upper] with lower < upper"),
    ({"steps": [EXAMPLE_STEPS[0], {"Impute": {"f_i": "i_mean_grp", "use_group": "Continent"}}, *EXAMPLE_STEPS[2:]]},
     "steps[1] Impute: iData lacks column(s) Continent"),
    ({"steps": [*EXAMPLE_STEPS[:4], {"Normalise": {"f_n": "n_zscore", "m_sd": [0, 1]}},
                {"Aggregate": {"f_ag": "a_gmean"}}]}, "a_gmean: negative or zero values found"),
    ({"uncertainty": {"replay_runs": "input/ASEM_iMeta.csv", "replay_weights": "input/nothing.csv"}},
     "nothing.csv: file not found (replay_weights)"),
])
def test_a_bad_configuration_is_refused_naming_what_is_wrong_and_nothing_is_written(tmp_path, cli, capsys,
                                                                                     change, message):
    folder = _config_folder(tmp_path, **change)
    assert cli(["composite", "run", str(folder / "config.json"), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "the configuration is refused" in err and message in err
    assert len(err.strip().splitlines()) == 1
    assert not (folder / "results").exists()


def test_a_bad_cell_of_the_replay_table_names_its_line_and_column(tmp_path, cli, capsys):
    folder = _config_folder(tmp_path)
    runs = pd.read_csv(folder / "input" / "p2_example_UA_vignette_runs.csv")
    runs["Winmax"] = runs["Winmax"].astype(float)
    runs.loc[2, "Winmax"] = 2.5
    runs.to_csv(folder / "input" / "p2_example_UA_vignette_runs.csv", index=False)
    assert cli(["composite", "run", str(folder / "config.json")]) == 1
    err = capsys.readouterr().err
    assert "p2_example_UA_vignette_runs.csv, line 4, column Winmax: 2.5 is not a whole number" in err
    assert not (folder / "results").exists()


def test_the_refusal_speaks_the_users_language(tmp_path, cli, capsys, compiled_catalogues):
    folder = _config_folder(tmp_path, steps=[{"Screen": {"dat_thresh": 2}}])
    assert cli(["composite", "run", str(folder / "config.json"), "--lang", "ru"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("composite: конфигурация отклонена:") and "dat_thresh must be a number from 0 to 1" in err


@pytest.mark.parametrize("args", [["composite"], ["composite", "run"], ["composite", "build", "c.json"],
                                  ["composite", "run", "c.json", "--format", "xml"]])
def test_usage_errors_exit_2(cli, args, capsys):
    assert cli(args) == 2
