"""Training: a small run end to end, model files, and analyst corrections improving a domain."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from resonance.text.embedding import Embedder
from resonance.text.tone import load_confusion, load_model, predict_tone
from resonance.text.tone._metrics import label_ids, macro_f1
from resonance.text.tone._training import TrainConfig, train

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "tone-dev.jsonl"
SMALL = TrainConfig(folds=2, max_iter=80)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DEV.exists(), reason="needs the tone development set"),
]

# Public-service feedback written for this test: complaints, praise and plain information,
# phrased the way citizens write to an agency (few explicit sentiment words).
DOMAIN = {
    "negative": {
        "en": [
            "I have been waiting six weeks for my passport and nobody answers the phone.",
            "The benefits office lost my documents for the second time.",
            "Queue at the registry started at 7am and they closed the window at noon.",
            "My pension was paid late again this month, third time this year.",
            "The online form crashes every time I try to upload the certificate.",
            "Nobody at the front desk could tell me where to submit the application.",
            "The bus to the district office was cancelled and no notice was posted.",
            "Three phone calls, three different answers about the same permit.",
            "They charged me the fee twice and the refund still has not arrived.",
            "The clinic sent me home without seeing a doctor after a four hour wait.",
            "My complaint from March is still marked as received, no reply.",
            "The website says the office is open but the doors were locked.",
            "Staff were rude and told me to come back next month.",
            "The new rules were announced without any explanation for families.",
        ],
        "uk": [
            "Шостий тиждень чекаю на паспорт, телефон ніхто не бере.",
            "У ЦНАПі вдруге загубили мої документи.",
            "Черга з сьомої ранку, а о дванадцятій вікно зачинили.",
            "Пенсію знову затримали, вже втретє цього року.",
            "Онлайн-форма зависає щоразу, коли завантажую довідку.",
            "На рецепції ніхто не знав, куди подати заяву.",
            "Автобус до районної адміністрації скасували без жодного оголошення.",
            "Три дзвінки і три різні відповіді щодо одного дозволу.",
            "З мене двічі зняли збір, а повернення досі немає.",
            "Після чотирьох годин очікування мене відправили додому без огляду лікаря.",
            "Моє звернення з березня досі має статус отримано, відповіді немає.",
            "На сайті написано, що відкрито, а двері були замкнені.",
            "Працівниця нагрубила і сказала прийти наступного місяця.",
            "Нові правила оголосили без жодних пояснень для родин.",
        ],
    },
    "positive": {
        "en": [
            "Got my passport in four days, the clerk walked me through everything.",
            "The benefits office called back the same afternoon and fixed it.",
            "Registration took ten minutes, the new queue system really works.",
            "My pension arrived on time and the letter explained the change clearly.",
            "The online form saved my progress and the upload worked first time.",
            "The staff at the front desk were patient and helped my elderly father.",
            "The district office added an evening slot, which helps working parents.",
            "One call and the permit question was answered properly.",
            "The refund came back within a week, thank you.",
            "The clinic saw me quickly and the nurse followed up by phone.",
            "My complaint was answered in two days with a real solution.",
            "The new opening hours make it much easier to come after work.",
            "Kind and competent staff, I left with everything sorted.",
            "The family guide explains the new rules simply, well done.",
        ],
        "uk": [
            "Паспорт отримав за чотири дні, працівник усе пояснив.",
            "З ЦНАПу передзвонили того ж дня і все виправили.",
            "Реєстрація зайняла десять хвилин, нова електронна черга працює.",
            "Пенсія прийшла вчасно, а в листі зрозуміло пояснили зміни.",
            "Онлайн-форма зберегла чернетку, довідка завантажилася з першого разу.",
            "Працівники на рецепції терпляче допомогли моєму батькові.",
            "Районна адміністрація додала вечірній прийом, це зручно для батьків.",
            "Один дзвінок і на питання про дозвіл відповіли як слід.",
            "Кошти повернули протягом тижня, дякую.",
            "У поліклініці прийняли швидко, а медсестра потім передзвонила.",
            "На моє звернення відповіли за два дні і вирішили питання.",
            "Новий графік дуже зручний, можна прийти після роботи.",
            "Ввічливі й компетентні працівники, все вирішили за один візит.",
            "Довідник для родин простими словами пояснює нові правила, молодці.",
        ],
    },
    "neutral": {
        "en": [
            "The passport office is open Monday to Friday from 9 to 17.",
            "Applications for the housing grant can be submitted until 30 June.",
            "The registry moved to the second floor of the town hall.",
            "Pension payments are made on the 5th of each month.",
            "The online form requires a scanned copy of the certificate.",
            "Appointments can be booked by phone or on the portal.",
            "The district office will be closed on the public holiday.",
            "Permit fees are listed in the annex to the regulation.",
            "Refund requests are processed in the order they are received.",
            "The clinic accepts patients registered in the district.",
            "Complaints receive a reference number on submission.",
            "The consultation on the draft policy runs for four weeks.",
            "Staff training on the new system takes place next Tuesday.",
            "The family guide is available in six languages.",
        ],
        "uk": [
            "Паспортний сервіс працює з понеділка по пʼятницю з 9 до 17.",
            "Заяви на житлову субсидію приймають до 30 червня.",
            "РАЦС переїхав на другий поверх міської ради.",
            "Пенсії виплачують пʼятого числа кожного місяця.",
            "Для онлайн-форми потрібна скан-копія довідки.",
            "Записатися на прийом можна телефоном або на порталі.",
            "У святковий день районна адміністрація не працюватиме.",
            "Розмір збору за дозвіл наведено в додатку до постанови.",
            "Заяви на повернення коштів розглядають у порядку надходження.",
            "Поліклініка приймає пацієнтів, зареєстрованих у районі.",
            "Кожне звернення отримує реєстраційний номер.",
            "Консультація щодо проєкту політики триває чотири тижні.",
            "Навчання персоналу новій системі відбудеться наступного вівторка.",
            "Довідник для родин доступний шістьма мовами.",
        ],
    },
}


def _domain_rows() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    train_rows, held = [], []
    for label, by_lang in DOMAIN.items():
        for lang, texts in by_lang.items():
            for i, text in enumerate(texts):
                row = {
                    "id": f"domain-{lang}-{label}-{i}",
                    "lang": lang,
                    "text": text,
                    "label": label,
                }
                (held if i % 3 == 0 else train_rows).append(row)
    return train_rows, held


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    out = tmp_path_factory.mktemp("base")
    train([DEV], out_dir=out, embedder=embedder, cfg=SMALL, limit_per_lang=30)
    return out


def test_a_small_training_run_saves_a_loadable_model(base: Path) -> None:
    model = load_model(base)
    meta = json.loads((base / "tone-model.json").read_text("utf-8"))
    assert meta["version"] == model.version
    assert meta["training_data"][0]["sha256"]
    assert set(load_confusion(base)) >= {"ru", "en"}
    with np.load(base / "tone-model.npz") as arrays:
        assert all(arrays[name].dtype.kind == "f" for name in arrays.files)  # numbers, no text
    first_text = json.loads(DEV.read_text("utf-8").splitlines()[0])["text"]
    assert first_text not in (base / "tone-model.json").read_text("utf-8")


def test_corrections_improve_the_model_on_their_domain(
    tmp_path: Path, base: Path, embedder: Embedder
) -> None:
    fit_rows, held = _domain_rows()
    corrections = _write(tmp_path / "corrections.jsonl", fit_rows)
    tuned = train(
        [DEV],
        out_dir=tmp_path / "tuned",
        corrections=[corrections],
        embedder=embedder,
        cfg=SMALL,
        limit_per_lang=30,
    ).model
    gold = label_ids([r["label"] for r in held])
    texts, langs = [r["text"] for r in held], [r["lang"] for r in held]

    def score(model_dir: Path | None, model: object = None) -> float:
        mdl = model if model is not None else load_model(model_dir)
        res = predict_tone(texts, langs, path="accurate", model=mdl, embedder=embedder)  # type: ignore[arg-type]
        return macro_f1(gold, label_ids([r.label for r in res]))

    before, after = score(base), score(None, tuned)
    assert after >= before + 0.10, (before, after)
    assert np.isfinite([before, after]).all()
