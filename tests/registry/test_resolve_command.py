"""`intlmon resolve institutions|organisations|countries IN.csv -o OUT.csv`."""

from __future__ import annotations

import csv
import json

from intlmon.registry.models import ReviewItem


def write(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def read(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_it_reconciles_institutions(reg, cli, tmp_path, capsys):
    src = write(
        tmp_path / "in.csv",
        ["row", "raw"],
        [
            ["1", "КазНУ им. аль-Фараби"],
            ["2", 'НАО "Казахский национальный университет имени аль-Фараби"'],
            ["3", "Äl-Farabi atyndağy Qazaq ūlttyq universitetı"],
            ["4", "Карагандинский университет"],
            ["5", "Oxford"],
            ["6", ""],
        ],
    )
    out = tmp_path / "out.csv"
    assert cli(["resolve", "institutions", str(src), "-o", str(out)]) == 0
    rows = read(out)
    assert list(rows[0]) == ["row", "raw", "id", "decision", "score", "candidates"]
    assert [r["row"] for r in rows] == ["1", "2", "3", "4", "5", "6"]
    assert [r["id"] for r in rows[:3]] == ["kaznu"] * 3
    assert {r["decision"] for r in rows[:3]} == {"auto"}
    assert rows[3]["decision"] == "review" and rows[3]["id"] == ""
    cands = json.loads(rows[3]["candidates"])
    assert cands and set(cands[0]) == {"id", "score"}
    assert rows[4]["decision"] == "none" and rows[5]["decision"] == "none"
    assert "auto 3" in capsys.readouterr().out


def test_it_reconciles_organisations_with_an_optional_country(reg, cli, tmp_path):
    src = write(
        tmp_path / "org.csv",
        ["raw", "country"],
        [["РУДН", "Россия"], ["Peoples' Friendship University of Russia", ""], ["Стамбульский университет", "Турция"]],
    )
    out = tmp_path / "out.csv"
    assert cli(["resolve", "organisations", str(src), "-o", str(out)]) == 0
    rows = read(out)
    assert [r["id"] for r in rows] == ["rudn", "rudn", "istanbul-u"]
    assert [r["country"] for r in rows] == ["Россия", "", "Турция"]


def test_it_reconciles_countries(reg, cli, tmp_path):
    src = write(tmp_path / "c.csv", ["raw"], [["Ресей"], ["ҚХР"], ["США, Афганистан, Нигерия"], ["ЕО"]])
    out = tmp_path / "out.csv"
    assert cli(["resolve", "countries", str(src), "-o", str(out)]) == 0
    rows = read(out)
    assert rows[0]["id"] == "RU" and rows[1]["id"] == "CN"
    assert rows[2]["decision"] == "auto" and set(rows[2]["id"].split(";")) == {"US", "AF", "NG"}
    assert rows[3]["decision"] == "none"


def test_it_prints_a_json_summary_and_fills_the_review_queue(reg, cli, tmp_path, capsys):
    src = write(tmp_path / "in.csv", ["raw"], [["Карагандинский университет"]] * 3 + [["КазНУ"]])
    out = tmp_path / "out.csv"
    assert cli(["resolve", "institutions", str(src), "-o", str(out), "--format", "json", "--queue"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"] == 4 and summary["auto"] == 1 and summary["review"] == 3 and summary["queued"] == 1
    item = ReviewItem.objects.get()
    assert item.raw == "Карагандинский университет" and item.records == 3


def test_it_writes_to_standard_output_without_o(reg, cli, tmp_path, capsys):
    src = write(tmp_path / "in.csv", ["raw"], [["ЕНУ"]])
    assert cli(["resolve", "institutions", str(src)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "raw,id,decision,score,candidates" and "enu,auto" in out


def test_it_rejects_an_input_without_raw_column(reg, cli, tmp_path, capsys):
    src = write(tmp_path / "names.csv", ["name"], [["КазНУ"]])
    assert cli(["resolve", "institutions", str(src), "-o", str(tmp_path / "o.csv")]) == 1
    err = capsys.readouterr().err
    assert "names.csv" in err and "'raw'" in err
    assert not (tmp_path / "o.csv").exists()


def test_it_rejects_a_missing_file(reg, cli, tmp_path, capsys):
    assert cli(["resolve", "institutions", str(tmp_path / "nope.csv")]) == 1
    assert "nope.csv" in capsys.readouterr().err


def test_it_exits_2_on_usage_errors(reg, cli, tmp_path):
    src = write(tmp_path / "in.csv", ["raw"], [["КазНУ"]])
    assert cli(["resolve", "universities", str(src)]) == 2
    assert cli(["resolve", "institutions"]) == 2
