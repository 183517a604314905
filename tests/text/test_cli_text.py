"""The `resonance text analyze` JSON-lines contract, and train/eval wiring."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from resonance.cli.main import app

runner = CliRunner()
KEYS = {"id", "lang", "tone", "tone_scores", "model"}

SIX = [
    {"id": "uk", "text": "Дякуємо за швидку відповідь, все чудово!"},
    {"id": "ru", "text": "Ужасная очередь, никто ничего не объясняет."},
    {"id": "zh", "text": "这家医院的服务非常好，医生很耐心。"},
    {"id": "zh-hant", "text": "這家醫院的服務非常好，醫生很耐心。"},
    {"id": "vi", "text": "Dịch vụ công trực tuyến rất tiện lợi, cảm ơn."},
    {"id": "fr", "text": "Le guichet était fermé sans prévenir, c'est inadmissible."},
    {"id": "en", "text": "The new permit portal works really well."},
]


def _run(payload: bytes, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["text", "analyze", *args], input=payload)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def _lines(rows: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()


@pytest.mark.parametrize("path", ["fast", "accurate"])
def test_it_answers_every_language_with_the_contract_fields(path: str) -> None:
    out = _run(_lines(SIX), "--path", path)
    assert [o["id"] for o in out] == [r["id"] for r in SIX]
    for row in out:
        assert set(row) >= KEYS
        scores = row["tone_scores"]
        assert isinstance(scores, dict)
        assert set(scores) == {"negative", "neutral", "positive"}
        assert row["tone"] == max(scores, key=scores.__getitem__)
    by_id = {o["id"]: o for o in out}
    assert by_id["zh"]["lang"] == "zh"
    assert by_id["zh"]["script"] == "Hans"
    assert by_id["zh-hant"]["lang"] == "zh"
    assert by_id["zh-hant"]["script"] == "Hant"
    assert "script" not in by_id["en"]
    assert by_id["ru"]["tone"] == "negative"
    assert by_id["en"]["tone"] == "positive"


def test_bad_lines_get_precise_errors_and_the_run_goes_on() -> None:
    payload = b"\n".join(
        [
            b"{not json",
            b'{"id": 7}',
            b'{"id": "n", "text": 42}',
            b'["a", "list"]',
            b'{"id": "l", "text": "ok", "lang": 5}',
            b'{"id": "good", "text": "Merci beaucoup !"}',
        ]
    )
    out = _run(payload, "--path", "fast")
    assert out[0]["id"] is None
    assert str(out[0]["error"]).startswith("invalid JSON:")
    assert out[1] == {"id": 7, "error": "missing field 'text'"}
    assert out[2] == {"id": "n", "error": "field 'text' must be a string, got number"}
    assert out[3] == {"id": None, "error": "expected a JSON object, got array"}
    assert out[4] == {"id": "l", "error": "field 'lang' must be a string, got number"}
    assert out[5]["id"] == "good"
    assert out[5]["tone"] == "positive"


def test_empty_and_huge_texts_are_answered() -> None:
    rows = [
        {"id": 1, "text": ""},
        {"id": 2, "text": "Дуже дякуємо, все чудово і швидко! " * 30_000},
    ]
    out = _run(_lines(rows), "--path", "accurate")
    assert out[0]["lang"] == "other"
    assert out[0]["tone"] == "neutral"
    assert out[1]["lang"] == "uk"
    assert out[1]["tone"] in {"negative", "neutral", "positive"}


def test_invalid_utf8_bytes_are_replaced_not_fatal() -> None:
    payload = (
        b'{"id": "bad", "text": "Gr\xff\xfeat service, thank you"}\n{"id": "next", "text": "ok"}\n'
    )
    out = _run(payload, "--path", "fast")
    assert [o["id"] for o in out] == ["bad", "next"]
    assert "error" not in out[0]


def test_the_lang_hint_is_used() -> None:
    rows = [{"id": 1, "text": "Чудово!", "lang": "uk"}, {"id": 2, "text": "Чудово!", "lang": "ru"}]
    out = _run(_lines(rows), "--path", "fast")
    assert [o["lang"] for o in out] == ["uk", "ru"]


def test_it_runs_as_a_separate_process_from_the_repo_root() -> None:
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run(
        [sys.executable, "-m", "resonance", "text", "analyze", "--path", "fast"],
        input=_lines(SIX[:2]),
        capture_output=True,
        cwd=root,
        check=True,
        timeout=60,
    )
    out = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == ["uk", "ru"]


def test_eval_writes_a_markdown_table(tmp_path: Path) -> None:
    rows = []
    for lang, pos, neg in [("en", "great, love it", "awful, hate it"), ("fr", "super", "nul")]:
        for i in range(10):
            rows.append(
                {"id": f"{lang}-p{i}", "lang": lang, "text": f"{pos} {i}", "label": "positive"}
            )
            rows.append(
                {"id": f"{lang}-n{i}", "lang": lang, "text": f"{neg} {i}", "label": "negative"}
            )
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    md = tmp_path / "t.md"
    result = runner.invoke(
        app,
        ["text", "eval", "--data", str(data), "--markdown", str(md), "--cache-dir", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    table = md.read_text(encoding="utf-8")
    assert "resonance accurate" in table
    assert "VADER" in table
    assert "majority class" in table
