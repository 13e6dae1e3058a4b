"""The command line: clear one-line errors, non-zero exits, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dealscope.cli import app

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def assert_one_line_error(code: int, err: str, expected: str) -> None:
    assert code != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert "Traceback" not in err


def test_extract_json_on_an_example_has_deals_and_grounded_spans() -> None:
    path = EXAMPLES / "bishkek-telecom.txt"
    code, out, _ = run("extract", str(path), "--format", "json")
    assert code == 0
    (result,) = json.loads(out)
    text = result["article"]["text"]
    assert result["deals"]
    for deal in result["deals"]:
        for span in deal["evidence"]:
            assert text[span["start"] : span["end"]] == span["text"]
    names = {p["name"] for d in result["deals"] for p in d["parties"]}
    assert "Starlink" in names


def test_extract_from_stdin_markdown() -> None:
    code, out, _ = run(
        "extract",
        "-",
        "--format",
        "md",
        stdin="Kenya signed a $300mn loan agreement with the World Bank on Monday.\n",
    )
    assert code == 0
    assert out.startswith("## ")
    assert "World Bank" in out


def test_missing_file(tmp_path: Path) -> None:
    code, _, err = run("extract", str(tmp_path / "nope.txt"))
    assert_one_line_error(code, err, "nope.txt")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("")
    code, _, err = run("extract", str(path))
    assert_one_line_error(code, err, "empty")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 10)
    code, _, err = run("extract", str(path))
    assert_one_line_error(code, err, "binary")


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(
        "Der Vertrag über 5 Mio. Franken wurde in Zürich unterzeichnet. Ça coûte très cher.".encode(
            "latin-1"
        )
    )
    code, _, err = run("extract", str(path))
    assert code != 0 and "Traceback" not in err and err.startswith("error: ")


def test_huge_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    code, _, err = run("extract", str(path))
    assert_one_line_error(code, err, "MB")


def test_html_without_article(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>x</title></head><body><nav>Home</nav></body></html>")
    code, _, err = run("extract", str(path))
    assert code != 0 and "Traceback" not in err and err.startswith("error: ")


def test_unreachable_url() -> None:
    code, _, err = run("extract", "http://127.0.0.1:9/none")
    assert code != 0 and "Traceback" not in err and err.startswith("error: ")


def test_non_english_article_warns_and_returns_no_deals(tmp_path: Path) -> None:
    path = tmp_path / "ru.txt"
    path.write_text(
        "Казахстан подписал соглашение с американской компанией о поставке самолётов "
        "на сумму 7 миллиардов долларов. Сделка была заключена в Вашингтоне."
    )
    code, out, err = run("extract", str(path), "--format", "json")
    assert code == 0
    assert "warning:" in err and "English" in err
    assert json.loads(out)[0]["deals"] == []


def test_batch_reports_bad_items_and_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    good = {
        "id": "a1",
        "title": "t",
        "text": "Ghana signed a $2bn loan agreement with the World Bank.",
    }
    corpus.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "a3"}) + "\n")
    code, out, err = run("extract", str(corpus), "--format", "jsonl")
    assert code == 0
    assert len(out.strip().splitlines()) == 1
    assert err.count("skipped") >= 2


def test_demo_ingests_the_examples_and_lists_their_deals(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.sqlite")
    code, out, err = run("demo", "--db", db)
    assert code == 0
    assert "5 articles read: 5 new" in err
    assert "2 merged into existing ones" in err, "the follow-up re-reports two deals"
    assert "FlyArystan" in out and "Airbus" in out
    code, _, err = run("demo", "--db", db)
    assert code == 0 and "5 unchanged" in err


def test_demo_can_only_extract() -> None:
    code, out, _ = run("demo", "--extract-only")
    assert code == 0
    assert "FlyArystan" in out


@pytest.mark.parametrize(
    "args", [["extract", "/nonexistent/x.txt"], ["eval", "/nonexistent/gold.json"]]
)
def test_real_process_exits_non_zero_without_traceback(args: list[str]) -> None:
    exe = Path(sys.executable).with_name("dealscope")
    proc = subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: ")


def test_indirect_speech_only_when_asked() -> None:
    text = (
        "Finance minister Anna Berg told reporters that the country would buy 20 jets from "
        'Airbus. "We need them now," she said.\n'
    )
    code, out, _ = run("extract", "-", "--format", "json", stdin=text)
    assert code == 0
    kinds = [q["kind"] for q in json.loads(out)[0]["quotes"]]
    assert kinds == ["direct"]
    code, out, _ = run("extract", "-", "--format", "json", "--indirect", stdin=text)
    quotes = json.loads(out)[0]["quotes"]
    assert sorted(q["kind"] for q in quotes) == ["direct", "indirect"]
    assert all(q["speaker"]["name"] == "Anna Berg" for q in quotes)
    direct = next(q for q in quotes if q["kind"] == "direct")
    assert direct["text"].rstrip(",") == "We need them now"
