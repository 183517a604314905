"""CSV, JSONL and XLSX imports: column maps, per-row errors, synthetic ids, resumable batches."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from resonance.errors import ConnectorError, Invalid
from resonance.sources.base import FetchBatch
from resonance.sources.builtin.fileimport import (
    FileImportConfig,
    FileImportConnector,
    ImportProfile,
    import_file,
)
from resonance.sources.http import HttpClient
from resonance.sources.registry import build_connector
from tests.sources.fixture_server import FIXTURES

BRAND_ANALYTICS = {
    "delimiter": ";",
    "date_format": "%d.%m.%Y %H:%M",
    "timezone": "Europe/Kyiv",
    "columns": {
        "text": ["Текст", "Text"],
        "author": "Автор",
        "url": "Ссылка",
        "published": "Дата",
        "language": "Язык",
        "engagement": {"likes": "Лайки", "reposts": "Репосты"},
    },
}


def _all(
    path: Path, profile: dict[str, Any], cursor: dict[str, Any] | None = None
) -> list[FetchBatch]:
    return list(import_file(path, ImportProfile.model_validate(profile), cursor))


def test_a_csv_export_keeps_good_rows_and_reports_broken_ones() -> None:
    batches = _all(FIXTURES / "fileimport" / "export_brand_analytics.csv", BRAND_ANALYTICS)
    items = [i for b in batches for i in b.items]
    errors = {e.position: e.reason for b in batches for e in b.errors}
    assert [i.author for i in items] == ["@olena_p", "@ivan", "<script>x</script>"]
    first = items[0]
    assert first.published_at == datetime(2024, 3, 5, 7, 30, tzinfo=UTC)
    assert first.published_raw == "05.03.2024 09:30"
    assert first.engagement == {"likes": 15, "reposts": 3}
    assert first.language_hint == "uk"
    assert first.content_type == "text/plain"
    assert first.external_id.startswith("sha256:")
    assert items[1].text == 'Многострочный\nтекст с "кавычками"'
    assert items[2].text == "<b>HTML как есть</b>"
    assert errors == {
        "row 5": "unreadable date 'not a date'",
        "row 6": "no text in column Текст / Text",
        "row 7": "expected 7 fields, found 3",
        "row 8": "likes is not a number: 'много'",
    }


def test_synthetic_ids_are_stable_across_imports() -> None:
    path = FIXTURES / "fileimport" / "export_brand_analytics.csv"
    first = [i.external_id for b in _all(path, BRAND_ANALYTICS) for i in b.items]
    second = [i.external_id for b in _all(path, BRAND_ANALYTICS) for i in b.items]
    assert first == second
    assert len(set(first)) == 3


def test_a_cp1251_csv_with_auto_encoding(tmp_path: Path) -> None:
    source = (FIXTURES / "fileimport" / "export_brand_analytics.csv").read_text("utf-8")
    path = tmp_path / "export.csv"
    path.write_bytes(source.encode("cp1251"))
    items = [i for b in _all(path, {**BRAND_ANALYTICS, "encoding": "auto"}) for i in b.items]
    assert items[0].text == "Реформа харчування — нарешті!"


def test_bytes_invalid_in_the_declared_encoding_fail_only_their_row(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes("text,id\nдобре,1\n".encode() + "погано".encode("cp1251") + b",2\nok,3\n")
    batch = _all(path, {"columns": {"text": "text", "id": "id"}})[0]
    assert [i.external_id for i in batch.items] == ["1", "3"]
    assert batch.errors[0].position == "row 3"


def test_a_jsonl_export_with_broken_lines() -> None:
    profile = {
        "columns": {
            "id": "mid",
            "text": "content",
            "author": "user",
            "published": "created_at",
            "language": "lang",
            "engagement": {
                "reposts": "reposts_count",
                "replies": "comments_count",
                "likes": "attitudes_count",
            },
        },
        "timezone": "Asia/Shanghai",
        "language": "zh",
    }
    batch = _all(FIXTURES / "fileimport" / "export_weibo.jsonl", profile)[0]
    assert [i.external_id for i in batch.items] == ["4987654321", "4987654322", "4987654324"]
    first = batch.items[0]
    assert first.published_at == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    assert first.engagement == {"reposts": 12, "replies": 3, "likes": 45}
    assert batch.items[1].language_hint == "zh"
    assert [e.position for e in batch.errors] == ["row 3", "row 4"]
    assert batch.errors[0].payload == b'{"mid": "4987654323", "user": "broken"'


def test_an_xlsx_export_read_only(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Mentions"
    sheet.append(["Nội dung", "Tác giả", "Thời gian", "Lượt thích"])
    three_pm = datetime(2024, 3, 5, 15, 0)  # noqa: DTZ001 - XLSX cells carry no zone
    four_pm = datetime(2024, 3, 5, 16, 0)  # noqa: DTZ001
    sheet.append(["Cải cách bữa ăn học đường", "Zalo OA Bộ GD", three_pm, 120])
    sheet.append([None, "trống", four_pm, 1])
    sheet.append(["Góp ý chính sách", "Người dân", "2024-03-05T17:00:00+07:00", None])
    path = tmp_path / "zalo.xlsx"
    book.save(path)
    profile = {
        "sheet": "Mentions",
        "timezone": "Asia/Ho_Chi_Minh",
        "columns": {
            "text": "Nội dung",
            "author": "Tác giả",
            "published": "Thời gian",
            "engagement": {"likes": "Lượt thích"},
        },
    }
    batch = _all(path, profile)[0]
    assert [i.text for i in batch.items] == ["Cải cách bữa ăn học đường", "Góp ý chính sách"]
    assert batch.items[0].published_at == datetime(2024, 3, 5, 8, 0, tzinfo=UTC)
    assert batch.items[0].engagement == {"likes": 120}
    assert batch.items[1].published_at == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    assert batch.errors[0].position == "row 3"


def test_a_big_file_is_streamed_in_batches_and_resumes(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,text\n")
        for n in range(2500):
            handle.write(f"{n},повідомлення {n}\n")
    profile = {"columns": {"id": "id", "text": "text"}, "batch_size": 1000}
    batches = _all(path, profile)
    assert [len(b.items) for b in batches] == [1000, 1000, 500]
    assert [b.has_more for b in batches] == [True, True, False]
    resumed = _all(path, profile, batches[0].cursor)
    assert resumed[0].items[0].external_id == "1000"


def test_a_missing_text_column_fails_the_import_early() -> None:
    with pytest.raises(ConnectorError, match="no text column body in the header"):
        _all(
            FIXTURES / "fileimport" / "export_brand_analytics.csv",
            {**BRAND_ANALYTICS, "columns": {"text": "body"}},
        )


def test_the_connector_through_the_registry(http: HttpClient) -> None:
    connector = build_connector(
        "fileimport",
        {
            "path": str(FIXTURES / "fileimport" / "export_brand_analytics.csv"),
            "profile": BRAND_ANALYTICS,
        },
        http,
    )
    assert isinstance(connector, FileImportConnector)
    assert len(next(connector.fetch(None)).items) == 3
    with pytest.raises(Invalid, match="unknown time zone"):
        build_connector(
            "fileimport",
            {"path": "x.csv", "profile": {**BRAND_ANALYTICS, "timezone": "Mars/Olympus"}},
            http,
        )
    assert FileImportConfig.model_fields["profile"].annotation is ImportProfile
