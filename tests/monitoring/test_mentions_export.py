"""Streamed exports: CSV, XLSX and JSON Lines of any filtered set, in flat memory."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tracemalloc
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from resonance.ingest.models import Item, RawRecord
from resonance.monitoring import export
from resonance.monitoring.export import export_mentions, neutralise
from resonance.monitoring.mentions import MentionFilters, list_mentions
from resonance.monitoring.models import Mention
from tests.factories import make_unit
from tests.monitoring.mention_data import START, Corpus, make_corpus


@pytest.fixture
def corpus(session: Session) -> Corpus:
    return make_corpus(session, make_unit(session))


def _export(
    session_factory: sessionmaker[Session], corpus: Corpus, fmt: str, **params: str
) -> bytes:
    filters = MentionFilters.from_params(params)
    return b"".join(export_mentions(session_factory, corpus.project.id, filters, fmt))


def _poison(session: Session, corpus: Corpus) -> None:
    item = session.get_one(Item, corpus.mentions["en"].item_id)
    item.title = '=HYPERLINK("http://evil.example","click")'
    item.text = '<script>alert(1)</script> "quoted", text\nwith a line break'
    corpus.mentions["en"].tags = ["@risk", "+1"]
    session.commit()


def test_csv_has_a_bom_quotes_properly_and_defuses_formulas(
    session: Session, session_factory: sessionmaker[Session], corpus: Corpus
) -> None:
    _poison(session, corpus)
    data = _export(session_factory, corpus, "csv")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 6
    en = next(r for r in rows if r["lang"] == "en")
    assert en["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert en["text"] == '<script>alert(1)</script> "quoted", text\nwith a line break'
    assert en["tags"] == "'@risk; +1"
    assert en["tone"] == "negative"
    assert next(r for r in rows if r["lang"] == "zh")["title"] == "数字素养"


def test_jsonl_carries_raw_values(
    session: Session, session_factory: sessionmaker[Session], corpus: Corpus
) -> None:
    _poison(session, corpus)
    lines = _export(session_factory, corpus, "jsonl", lang="en").decode().splitlines()
    record = json.loads(lines[0])
    assert len(lines) == 1
    assert record["title"].startswith("=HYPERLINK")
    assert record["tags"] == ["@risk", "+1"]
    assert record["queries"] == ["everything"]


def test_xlsx_is_a_workbook_with_text_cells_not_formulas(
    session: Session, session_factory: sessionmaker[Session], corpus: Corpus
) -> None:
    _poison(session, corpus)
    data = _export(session_factory, corpus, "xlsx", sort="oldest")
    sheet = load_workbook(io.BytesIO(data), read_only=True)["mentions"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "published_at", "source")
    assert [r[3] for r in rows[1:]] == ["uk", "ru", "zh", "vi", "fr", "en"]
    assert rows[-1][7] == '\'=HYPERLINK("http://evil.example","click")'


def test_neutralise_quotes_every_formula_start() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(f"{start}1") == f"'{start}1"
    assert neutralise("plain") == "plain"
    assert neutralise(-5) == -5
    assert neutralise(None) == ""


def _noise(i: int) -> str:
    """About 1.3 kB that compresses poorly, so XLSX files are as large as the others."""
    return " ".join(hashlib.sha256(f"{i}-{j}".encode()).hexdigest() for j in range(20))


def _bulk_mentions(session: Session, corpus: Corpus, count: int) -> None:
    """Thousands of mentions inserted directly: the pipeline is tested elsewhere, not here."""
    source_id, project_id = corpus.source.id, corpus.project.id
    raws = [
        {"source_id": source_id, "external_id": f"bulk-{i}", "content_hash": f"{i:064d}",
         "payload": b"x"}
        for i in range(count)
    ]  # fmt: skip
    session.execute(insert(RawRecord), raws)
    raw_ids = dict(
        session.execute(
            select(RawRecord.external_id, RawRecord.id).where(RawRecord.external_id.like("bulk-%"))
        ).all()
    )
    items = [
        {"raw_id": raw_ids[f"bulk-{i}"], "source_id": source_id, "external_id": f"bulk-{i}",
         "title": f"Item {i}", "text": _noise(i), "text_hash": f"{i:064d}", "lang": "uk",
         "published_at": START - timedelta(minutes=i), "reach": i % 100}
        for i in range(count)
    ]  # fmt: skip
    session.execute(insert(Item), items)
    item_ids = session.execute(
        select(Item.id, Item.published_at).where(Item.external_id.like("bulk-%"))
    ).all()
    session.execute(
        insert(Mention),
        [
            {"project_id": project_id, "item_id": iid, "query_ids": [corpus.query_id],
             "published_at": at, "lang": "uk", "source_id": source_id, "tone": "neutral"}
            for iid, at in item_ids
        ],
    )  # fmt: skip
    session.commit()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_large_exports_stream_every_row_in_flat_memory(
    session: Session,
    session_factory: sessionmaker[Session],
    corpus: Corpus,
    fmt: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(export, "BATCH", 200)
    _bulk_mentions(session, corpus, 3000)
    filters = MentionFilters.from_params({"lang": "uk", "sort": "reach"})
    expected = list_mentions(session, corpus.project, filters, limit=1).total
    assert expected == 3001

    warm_up = MentionFilters.from_params({"lang": "uk", "since": "2024-03-04T07:00Z"})
    b"".join(export_mentions(session_factory, corpus.project.id, warm_up, fmt))  # imports, caches
    text_bytes = 3000 * len(_noise(0))
    out = tmp_path / f"export.{fmt}"
    tracemalloc.start()
    size, lines = 0, 0
    ids: list[int] = []
    try:
        with out.open("wb") as handle:
            for chunk in export_mentions(session_factory, corpus.project.id, filters, fmt):
                size += handle.write(chunk)
                lines += chunk.count(b"\n")
                if fmt == "jsonl":
                    ids.extend(json.loads(line)["id"] for line in chunk.decode().splitlines())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert size > 1_500_000
    assert peak < text_bytes * 0.4, (peak, text_bytes)  # all rows at once would need more
    if fmt == "jsonl":
        assert len(ids) == len(set(ids)) == expected
    elif fmt == "csv":
        assert lines == expected + 1  # the header; these texts have no line breaks
    else:
        sheet = load_workbook(out, read_only=True)["mentions"]
        assert sum(1 for _row in sheet.iter_rows()) == expected + 1
