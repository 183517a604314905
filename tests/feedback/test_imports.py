"""Staff imports from a mailbox, .eml, .zip, CSV and XLSX: decoding, per-row errors, re-imports."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resonance.audit.models import AuditEntry
from resonance.config import Settings
from resonance.errors import Invalid, PermissionDenied
from resonance.feedback.imports import (
    IMPORT_CONSENT_VERSION,
    ImportLimits,
    guess_columns,
    import_feedback,
    list_import_runs,
    parse_column_map,
    preview_table,
)
from resonance.feedback.intake import IntakeKeys
from resonance.feedback.models import (
    FeedbackChannel,
    FeedbackContact,
    FeedbackForm,
    FeedbackItem,
)
from tests.factories import Org, actor_of, make_form, make_org, make_project

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feedback_import"
KEYS = IntakeKeys.from_settings(Settings(secret_key="import-tests"))
NOW = datetime(2024, 4, 1, 12, 0, tzinfo=UTC)
NAIVE_CELL = datetime(2024, 3, 2, 10, 30, tzinfo=UTC).replace(tzinfo=None)  # as Excel stores it


@pytest.fixture
def org(session: Session) -> Org:
    return make_org(session)


@pytest.fixture
def form(session: Session, org: Org) -> FeedbackForm:
    project = make_project(session, owner=org.dept_a)
    return make_form(
        session,
        project=project,
        fields=[{"key": "school", "type": "text", "labels": {"en": "School"}, "required": True}],
    )


def _import(
    session: Session, org: Org, form: FeedbackForm, name: str, data: bytes, **extra: object
):  # type: ignore[no-untyped-def]
    lead = actor_of(session, org.users["communication_lead"])
    return import_feedback(
        session, lead, form.id, filename=name, data=data, keys=KEYS, now=NOW, **extra
    )


def _items(session: Session, form: FeedbackForm) -> list[FeedbackItem]:
    stmt = select(FeedbackItem).where(FeedbackItem.form_id == form.id).order_by(FeedbackItem.id)
    return list(session.scalars(stmt))


def test_a_mailbox_in_several_charsets_is_imported_and_a_reimport_adds_nothing(
    session: Session, org: Org, form: FeedbackForm
) -> None:
    data = (FIXTURES / "mailbox.mbox").read_bytes()
    run = _import(session, org, form, "inbox.mbox", data)
    assert (run.kind, run.rows_total, run.rows_imported, run.rows_duplicate) == ("mbox", 6, 5, 0)
    assert run.errors == [{"row": 6, "error": "the message has neither a subject nor a text body"}]
    texts = [item.text for item in _items(session, form)]
    assert texts[0].startswith("Дах школи\n\nДобрий день!")  # cp1251 header and body
    assert "Олена" not in texts[0]  # the signature is cut
    assert (
        texts[1] == "路灯坏了\n\n您好，我们小区的路灯坏了三个星期，晚上很危险。"
    )  # gb18030, no quote
    assert "à Évry" in texts[2]
    assert "Merci de votre message" not in texts[2]
    assert texts[3] == "Park\n\nThe park benches are broken."  # HTML only: text, no script
    assert "мусор" in texts[4]  # a charset nobody knows is guessed
    items = _items(session, form)
    assert {i.channel for i in items} == {FeedbackChannel.EMAIL}
    assert items[0].received_at == datetime(2024, 3, 5, 7, 15, tzinfo=UTC)
    assert items[4].received_at == NOW  # dated 2099: the sender's clock was wrong

    again = _import(session, org, form, "inbox.mbox", data)
    assert (again.rows_imported, again.rows_duplicate, len(again.errors)) == (0, 5, 1)
    assert len(_items(session, form)) == 5


def test_the_sender_becomes_an_encrypted_contact_marked_as_imported(
    session: Session, org: Org, form: FeedbackForm
) -> None:
    _import(session, org, form, "inbox.mbox", (FIXTURES / "mailbox.mbox").read_bytes())
    first = _items(session, form)[0]
    contact = session.scalars(
        select(FeedbackContact).where(FeedbackContact.item_id == first.id)
    ).one()
    assert contact.consent_version == IMPORT_CONSENT_VERSION
    assert contact.email_encrypted
    assert "olena" not in contact.email_encrypted
    cipher = KEYS.cipher()
    assert cipher.decrypt(contact.email_encrypted) == "olena@example.org"
    assert cipher.decrypt(contact.name_encrypted or "") == "Олена Коваль"
    assert contact.email_index == cipher.blind_index("olena@example.org")


def test_one_eml_with_emoji_and_mixed_scripts_round_trips(
    session: Session, org: Org, form: FeedbackForm
) -> None:
    run = _import(session, org, form, "letter.eml", (FIXTURES / "message.eml").read_bytes())
    assert (run.kind, run.rows_imported) == ("eml", 1)
    (item,) = _items(session, form)
    assert item.text == "Дорога 🚧 道路\n\nЯма на дорозі 🚧 біля школи; 学校附近的道路有坑 — merci!"


def test_a_zip_of_eml_files_is_imported_and_other_members_ignored(
    session: Session, org: Org, form: FeedbackForm
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.eml", (FIXTURES / "message.eml").read_bytes())
        archive.writestr(
            "b.eml", b"From: x@example.org\nMessage-ID: <b@x>\nSubject: Noise\n\nToo loud.\n"
        )
        archive.writestr("notes.txt", b"not a message")
    run = _import(session, org, form, "letters.zip", buffer.getvalue())
    assert (run.kind, run.rows_total, run.rows_imported) == ("eml", 2, 2)


def test_a_zip_that_unpacks_beyond_the_cap_is_refused(
    session: Session, org: Org, form: FeedbackForm
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.eml", b"Subject: x\n\n" + b"a" * 200_000)
    with pytest.raises(Invalid, match="unpack to more than"):
        _import(
            session, org, form, "bomb.zip", buffer.getvalue(), limits=ImportLimits(max_bytes=50_000)
        )
    assert _items(session, form) == []


def test_a_cp1251_csv_keeps_good_rows_and_reports_broken_ones(
    session: Session, org: Org, form: FeedbackForm
) -> None:
    data = (FIXTURES / "feedback_cp1251.csv").read_bytes()
    run = _import(session, org, form, "листи.csv", data)
    assert (run.kind, run.rows_total, run.rows_imported, run.rows_duplicate) == ("csv", 6, 2, 1)
    assert [e["row"] for e in run.errors] == [4, 5, 6]
    assert "'вчора' cannot be read" in run.errors[0]["error"]
    assert run.errors[1]["error"] == "the message text is empty"
    assert "'not-an-email' is not an e-mail address" in run.errors[2]["error"]
    items = _items(session, form)
    assert [i.region for i in items] == ["Київська", "Львівська"]
    assert items[1].text == "Освітлення на вулиці; не працює"  # quoted delimiter kept
    assert {i.channel for i in items} == {FeedbackChannel.IMPORT}
    # The failed row left nothing behind: no half-stored item, no contact.
    assert session.scalar(select(func.count(FeedbackContact.id))) == 1

    again = _import(session, org, form, "листи.csv", data)
    assert (again.rows_imported, again.rows_duplicate) == (0, 3)
    assert len(_items(session, form)) == 2


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_without_ids_is_deduplicated_by_row_content(
    session: Session, org: Org, form: FeedbackForm
) -> None:
    data = _xlsx(
        [
            ["Commentaire", "Région", "Date", "Courriel"],
            ["Le pont est fermé depuis mars", "Normandie", NAIVE_CELL, ""],
            ["La cantine est trop chère", "Bretagne", "2024-03-03", "a@example.fr"],
            ["Texte", "Bretagne", "le 3 mars", ""],
            [None, None, None, None],
        ]
    )
    run = _import(session, org, form, "retours.xlsx", data)
    assert (run.kind, run.rows_total, run.rows_imported) == ("xlsx", 3, 2)
    assert run.errors[0]["row"] == 4
    items = _items(session, form)
    assert items[0].received_at == datetime(2024, 3, 2, 10, 30, tzinfo=UTC)
    again = _import(session, org, form, "retours.xlsx", data)
    assert (again.rows_imported, again.rows_duplicate) == (0, 2)


def test_a_column_map_can_be_given_and_a_wrong_one_is_refused(
    session: Session, org: Org, form: FeedbackForm
) -> None:
    data = b"Msg,Where\nThe bridge,North\n"
    assert guess_columns(["Msg", "Where"]) == {}
    with pytest.raises(Invalid, match="message text"):
        _import(session, org, form, "a.csv", data)
    with pytest.raises(Invalid, match="no column 'Nope'"):
        _import(session, org, form, "a.csv", data, columns={"text": "Nope"})
    run = _import(
        session, org, form, "a.csv", data, columns=parse_column_map("text=Msg,region=Where")
    )
    assert run.rows_imported == 1
    assert _items(session, form)[0].region == "North"
    with pytest.raises(Invalid, match="not a column mapping"):
        parse_column_map("colour=Msg")


def test_utf8_bom_gb18030_and_tab_separated_csvs_are_read(
    session: Session, org: Org, form: FeedbackForm
) -> None:
    bom = "\ufeffmessage,region\nRoads are bad,East\n".encode()
    gb = "内容\t地区\n公交车太少了，每天都很挤\t北京\n".encode("gb18030")
    assert _import(session, org, form, "bom.csv", bom).rows_imported == 1
    assert _import(session, org, form, "gb.tsv", gb).rows_imported == 1
    assert [i.region for i in _items(session, form)] == ["East", "北京"]
    preview = preview_table("gb.tsv", gb, limits=ImportLimits())
    assert preview.headers == ["内容", "地区"]
    assert preview.columns == {"text": "内容", "region": "地区"}


def test_size_and_row_caps_refuse_the_file_and_store_nothing(
    session: Session, org: Org, form: FeedbackForm
) -> None:
    data = ("text\n" + "".join(f"message {n}\n" for n in range(20))).encode()
    with pytest.raises(Invalid, match="more than 10 rows"):
        _import(session, org, form, "a.csv", data, limits=ImportLimits(max_rows=10))
    with pytest.raises(Invalid, match=r"the limit is 0\.0001 MB"):
        _import(session, org, form, "a.csv", data, limits=ImportLimits(max_bytes=100))
    with pytest.raises(Invalid, match="not a file one can import"):
        _import(session, org, form, "photo.png", b"\x89PNG....")
    with pytest.raises(Invalid, match="not a readable XLSX"):
        _import(session, org, form, "broken.xlsx", b"PK\x03\x04 not really")
    assert _items(session, form) == []


def test_imports_ignore_the_public_rate_limits_but_hold_abusive_text(
    session: Session, org: Org, form: FeedbackForm
) -> None:
    rows = "".join(f"The road number {n} is broken,x@example.org\n" for n in range(12))
    data = ("text,email\n" + rows + "This is bullshit,x@example.org\n").encode()
    run = _import(session, org, form, "a.csv", data)
    assert run.rows_imported == 13
    held = [i for i in _items(session, form) if i.held_for_moderation]
    assert [i.held_reason for i in held] == ["abusive-language"]


def test_only_managers_of_the_owner_unit_import_and_each_run_is_audited(
    session: Session, org: Org, form: FeedbackForm
) -> None:
    analyst = actor_of(session, org.users["analyst"])
    with pytest.raises(PermissionDenied):
        import_feedback(session, analyst, form.id, filename="a.csv", data=b"text\nx\n", keys=KEYS)
    run = _import(session, org, form, "a.csv", b"text\nhello\n")
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "feedback.import")).one()
    assert entry.entity_id == str(run.id)
    assert entry.after is not None
    assert entry.after["rows_imported"] == 1
    lead = actor_of(session, org.users["communication_lead"])
    assert [r.id for r in list_import_runs(session, lead, form.id)] == [run.id]
