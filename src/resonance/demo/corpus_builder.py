"""Writes the demo listening corpus (deterministic): `python -m resonance.demo.corpus_builder`."""

from __future__ import annotations

import gzip
import json
import math
import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from resonance.demo._phrases_a import EN, RU, UK
from resonance.demo._phrases_b import FR, VI, ZH, ZH_HANT

SEED = 20261125
CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
# Items carry their age in seconds before REFERENCE_END; the loader shifts them by whole weeks
# so that weekdays stay weekdays and the newest items are from the last hours.
REFERENCE_END = datetime(2026, 11, 30, tzinfo=UTC)
SPAN_DAYS = 127
DAY = 86_400
PHRASES: dict[str, dict[str, Any]] = {
    "uk": UK, "ru": RU, "en": EN, "fr": FR, "vi": VI, "zh": ZH, "zh-Hant": ZH_HANT,
}  # fmt: skip
PROJECTS = ("dl", "es", "od", "none")
SLUGS = {"dl": "digital-literacy", "es": "e-services", "od": "open-data"}
WEEKDAY = (1.0, 1.05, 1.0, 0.95, 0.9, 0.45, 0.35)
HOURS = [1, 1, 1, 1, 2, 3, 5, 7, 9, 10, 10, 9, 8, 8, 8, 7, 7, 8, 9, 9, 7, 5, 3, 2]
TONES = ("pos", "neu", "neg")
# (positive, neutral, negative) by project: digital literacy close to its 70 % goal,
# e-services well below, open data mostly neutral.
TONE_MIX = {
    "dl": (0.56, 0.31, 0.13),
    "es": (0.24, 0.37, 0.39),
    "od": (0.40, 0.50, 0.10),
    "none": (0.2, 0.6, 0.2),
}
# day before REFERENCE_END → (project, volume factor, tone mix or None)
SPIKES: dict[tuple[str, int], tuple[float, tuple[float, float, float] | None]] = {
    ("dl", 62): (6.0, (0.82, 0.14, 0.04)),  # national course launch
    ("dl", 61): (3.0, (0.75, 0.2, 0.05)),
    ("dl", 60): (1.8, None),
    ("es", 96): (5.0, (0.04, 0.26, 0.70)),  # portal outage
    ("es", 95): (2.5, (0.1, 0.3, 0.6)),
    ("od", 40): (4.0, (0.3, 0.62, 0.08)),  # draft law consultation opens
    ("od", 39): (2.0, None),
}
CLAIM_DAY = 26
PLATFORMS = {
    "zh": ["Weibo", "WeChat", "Douyin"],
    "zh-Hant": ["Facebook", "LINE"],
    "vi": ["Zalo", "Facebook"],
    "ru": ["VK", "OK", "Facebook"],
    "uk": ["Facebook", "Viber"],
}


@dataclass(frozen=True)
class SourceSpec:
    """A demo source: connector kind, owner unit, languages and how many items it carries."""

    key: str
    kind: str
    name: str
    unit: str
    langs: dict[str, float]
    count: int
    country: str | None = None
    region: str | None = None
    projects: dict[str, float] = field(
        default_factory=lambda: {"dl": 4, "es": 3, "od": 2, "none": 1}
    )
    options: dict[str, Any] = field(default_factory=dict)


ALMATY = "Управление цифрового развития Алматы"
SOURCES: tuple[SourceSpec, ...] = (
    SourceSpec("kyiv-news", "rss", "Demo: Kyiv Digital News (RSS)", "Kyiv Oblast Office",
               {"uk": 1}, 300, "UA", "Kyiv oblast", {"dl": 5, "es": 3, "od": 1, "none": 1}),
    SourceSpec("lviv-herald", "rss", "Demo: Lviv Regional Herald (RSS)", "Lviv Oblast Office",
               {"uk": 1}, 180, "UA", "Lviv oblast", {"dl": 4, "es": 3, "od": 1, "none": 2}),
    SourceSpec("almaty-tech", "rss", "Demo: Almaty Tech Review (RSS)", ALMATY,
               {"ru": 1}, 220, "KZ", "Almaty", {"dl": 2, "es": 3, "od": 4, "none": 1}),
    SourceSpec("danang-news", "rss", "Demo: Đà Nẵng Digital News (RSS)",
               "Sở Thông tin và Truyền thông Đà Nẵng", {"vi": 1}, 220, "VN", "Đà Nẵng",
               {"dl": 3, "es": 5, "od": 1, "none": 1}),
    SourceSpec("occitanie", "rss", "Demo: Occitanie Numérique (RSS)",
               "Préfecture de la région Occitanie", {"fr": 1}, 220, "FR", "Occitanie",
               {"dl": 3, "es": 5, "od": 2, "none": 1}, {"html": True}),
    SourceSpec("zhejiang", "rss", "Demo: Zhejiang Data Daily (RSS)", "浙江省数据局",
               {"zh": 1}, 220, "CN", "Zhejiang", {"dl": 2, "es": 3, "od": 5, "none": 1}),
    SourceSpec("govtech", "rss", "Demo: GovTech Weekly (RSS)", "Communications Department",
               {"en": 1}, 160, None, None, {"dl": 3, "es": 3, "od": 3, "none": 1}, {"html": True}),
    SourceSpec("regional-digest", "rss", "Demo: Regional Press Digest (RSS, mis-declared charset)",
               "Communications Department", {"ru": 1}, 60, "UA", None, {},
               {"encoding": "cp1251", "declared": "iso-8859-1"}),
    SourceSpec("bila-tserkva", "rss", "Demo: Bila Tserkva District Bulletin (RSS, malformed)",
               "Bila Tserkva District Office", {"uk": 1}, 40, "UA", "Kyiv oblast", {},
               {"malformed": True}),
    SourceSpec("tg-tsyfra", "telegram", "Demo: Tsyfra News (Telegram)",
               "Communications Department", {"uk": 1}, 450, "UA", None, {},
               {"channel": "demo_tsyfra_news"}),
    SourceSpec("tg-gorod", "telegram", "Demo: Gorod i Tsifra (Telegram)", ALMATY,
               {"ru": 1}, 320, "KZ", "Almaty", {}, {"channel": "demo_gorod_tsifra"}),
    SourceSpec("tg-hant", "telegram", "Demo: Shuma Life 數碼生活 (Telegram)", "浙江省数据局",
               {"zh-Hant": 1}, 150, None, None, {}, {"channel": "demo_shuma_life"}),
    SourceSpec("mastodon", "mastodon", "Demo: #GovDigital on demo.social (Mastodon)",
               "Digital Literacy Department", {"en": 0.35, "fr": 0.25, "uk": 0.25, "ru": 0.15},
               480, None, None, {}, {"tag": "GovDigital"}),
    SourceSpec("bluesky", "bluesky", "Demo: Bluesky search 'digital government' (Bluesky)",
               "E-Services Department", {"en": 0.4, "vi": 0.25, "fr": 0.2, "zh": 0.15},
               420, None, None, {}, {"query": "digital government"}),
    SourceSpec("export", "csv", "Demo: Media monitoring export (CSV)",
               "Communications Department",
               {"zh": 0.35, "vi": 0.25, "ru": 0.2, "uk": 0.1, "zh-Hant": 0.1}, 800),
)  # fmt: skip
DEFAULT_PROJECTS = {"dl": 4.0, "es": 3.0, "od": 1.7, "none": 1.3}


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _day_weights(project: str) -> list[float]:
    out = []
    for day in range(SPAN_DAYS):
        weekday = (REFERENCE_END - timedelta(days=day + 1)).weekday()
        fresh = 1 - day / SPAN_DAYS
        trend = {"dl": 0.45 + 0.8 * fresh, "od": 0.7 + 0.5 * fresh}.get(project, 1.0)
        spike = SPIKES.get((project, day), (1.0, None))[0]
        out.append(WEEKDAY[weekday] * trend * spike)
    return out


class Writer:
    """Composes items from the phrase templates with one seeded random generator."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo text, not security
        self.days = {p: _day_weights(p) for p in PROJECTS}
        self.items: list[dict[str, Any]] = []

    def fill(self, lang: str, template: str) -> str:
        slots = PHRASES[lang]["fill"]
        values = {k: self.rng.choice(v) for k, v in slots.items()}
        return template.format(n=self.rng.randint(2, 95), **values)

    def when(self, project: str) -> tuple[int, str]:
        day = self.rng.choices(range(SPAN_DAYS), weights=self.days[project])[0]
        hour = self.rng.choices(range(24), weights=HOURS)[0]
        age = day * DAY + (23 - hour) * 3600 + self.rng.randint(0, 3599)
        mix = SPIKES.get((project, day), (1.0, None))[1] or TONE_MIX[project]
        return age, self.rng.choices(TONES, weights=mix)[0]

    def sentences(self, lang: str, project: str, tone: str, count: int) -> list[str]:
        table = PHRASES[lang]
        if project == "none":
            pool = list(table["other"]["body"])
        else:
            pool = list(table[project]["body"][tone])
        picked = self.rng.sample(pool, min(count, len(pool)))
        if project != "none" and self.rng.random() < 0.35:
            picked.append(self.rng.choice(table[project]["body"]["neu"]))
        return [self.fill(lang, s) for s in picked]

    def title(self, lang: str, project: str, tone: str) -> str:
        table = PHRASES[lang]
        pool = table["other"]["title"] if project == "none" else table[project]["title"][tone]
        return self.fill(lang, self.rng.choice(pool))

    def author(self, lang: str, kind: str) -> str:
        stems = {
            "uk": ["olena", "taras", "iryna", "bohdan", "oksana", "mykola", "sofiia", "andrii"],
            "ru": ["aigerim", "dmitry", "asel", "sergey", "dana", "timur", "olga", "nurlan"],
            "vi": ["lan", "minh", "hoa", "tuan", "thu", "quang", "ngoc", "hai"],
            "fr": ["claire", "julien", "amandine", "karim", "lea", "thomas", "ines", "paul"],
            "zh": ["xiaoming", "lihua", "zhangwei", "wangfang", "chenjing", "liuyang"],
            "zh-Hant": ["meiling", "chihao", "yating", "weijie"],
            "en": ["sam", "alex", "jordan", "maria", "chris", "priya", "tom", "lena"],
        }[lang]
        name = f"{self.rng.choice(stems)}_{self.rng.randint(1, 999)}"
        if kind == "rss":
            return f"{name.split('_')[0].capitalize()} (demo newsroom)"
        return name


def _join(lang: str, parts: Sequence[str]) -> str:
    parts = [p for p in parts if p]
    return ("" if lang.startswith("zh") else " ").join(parts)


def _compose(w: Writer, spec: SourceSpec, lang: str, project: str, tone: str) -> dict[str, Any]:
    rng, table = w.rng, PHRASES[lang]
    tag = table["tags"].get(project, "")
    if spec.kind == "rss":
        body = w.sentences(lang, project, tone, rng.randint(2, 3))
        text = (
            "".join(f"<p>{s}</p>" for s in body) if spec.options.get("html") else _join(lang, body)
        )
        return {
            "title": w.title(lang, project, tone),
            "text": text,
            "html": bool(spec.options.get("html")),
        }
    body = w.sentences(lang, project, tone, rng.randint(1, 2))
    opener = rng.choice(table["open"]) if rng.random() < 0.4 else ""
    closer = rng.choice(table["close"]) if rng.random() < 0.3 else ""
    hashtag = tag if rng.random() < 0.5 else ""
    if spec.kind == "telegram":
        first = f"<b>{body[0]}</b>" if rng.random() < 0.3 else body[0]
        lines = [_join(lang, [opener, first]), *body[1:], _join(lang, [closer, hashtag])]
        return {"text": "<br/>".join(x for x in lines if x), "html": True}
    if spec.kind == "mastodon":
        tags = " ".join(t for t in (hashtag, "#GovDigital") if t)
        return {"text": f"<p>{_join(lang, [opener, *body, closer])}</p><p>{tags}</p>", "html": True}
    return {"text": _join(lang, [opener, *body, closer, hashtag])[:300], "html": False}


def _engagement(rng: random.Random, kind: str) -> dict[str, int]:
    scale = {"telegram": 2500, "mastodon": 12, "bluesky": 20, "csv": 300}.get(kind, 0)
    if not scale:
        return {}
    base = int(scale * math.exp(rng.gauss(0, 1)))
    if kind == "telegram":
        return {"views": base, "reactions": base // rng.randint(20, 80)}
    return {
        "likes": base,
        "reposts": base // rng.randint(3, 9),
        "replies": base // rng.randint(4, 12),
    }


def _base_items(w: Writer) -> None:
    for spec in SOURCES:
        weights = spec.projects or DEFAULT_PROJECTS
        for _ in range(spec.count):
            lang = _pick(w.rng, spec.langs)
            project = _pick(w.rng, weights)
            age, tone = w.when(project)
            item = {"src": spec.key, "t": age, "lang": lang, "project": project, "tone": tone,
                    "author": w.author(lang, spec.kind),
                    "eng": _engagement(w.rng, spec.kind)}  # fmt: skip
            item.update(_compose(w, spec, lang, project, tone))
            if spec.kind == "csv":
                item["platform"] = w.rng.choice(PLATFORMS[lang])
            w.items.append(item)


REPRINT_TARGETS = {
    "uk": ["kyiv-news", "lviv-herald", "tg-tsyfra", "bila-tserkva"],
    "ru": ["almaty-tech", "tg-gorod", "regional-digest"],
}
REPRINT_NOTE = {"uk": "Джерело: {src}.", "ru": "Источник: {src}."}


def _reprints(w: Writer) -> None:
    """Near-duplicate reprints of news items in other outlets of the same language."""
    names = {s.key: s.name.removeprefix("Demo: ").split(" (")[0] for s in SOURCES}
    kinds = {s.key: s.kind for s in SOURCES}
    originals = [
        i for i in w.items if i["src"] in ("kyiv-news", "almaty-tech") and i["project"] != "none"
    ]
    for original in w.rng.sample(originals, 90):
        lang = original["lang"]
        target = w.rng.choice([k for k in REPRINT_TARGETS[lang] if k != original["src"]])
        text = original["text"]
        if w.rng.random() < 0.5:
            text = text + " " + REPRINT_NOTE[lang].format(src=names[original["src"]])
        if kinds[target] == "telegram":
            text = f"<b>{original['title']}</b><br/>{text}"
        later = max(60, original["t"] - w.rng.randint(1800, 30 * 3600))
        item = {**original, "src": target, "t": later,
                "text": text, "kind": "reprint", "author": w.author(lang, kinds[target]),
                "eng": _engagement(w.rng, kinds[target])}  # fmt: skip
        if kinds[target] == "telegram":
            item.pop("title", None)
        w.items.append(item)


def _claims(w: Writer) -> None:
    """A coordinated false claim: near-identical posts from many accounts within 36 hours."""
    noise = ["", "!!!", " 😡", " ‼️", " Репост.", " 👇"]
    plan = [("tg-tsyfra", "uk", 14), ("tg-gorod", "ru", 10), ("mastodon", "uk", 8),
            ("mastodon", "ru", 6), ("mastodon", "en", 6), ("bluesky", "en", 10),
            ("bluesky", "fr", 3), ("bluesky", "vi", 3), ("export", "zh", 4)]  # fmt: skip
    kinds = {s.key: s.kind for s in SOURCES}
    for key, lang, count in plan:
        for _ in range(count):
            text = w.rng.choice(PHRASES[lang]["claim"]) + w.rng.choice(noise)
            if kinds[key] == "mastodon":
                text = f"<p>{text}</p><p>#GovDigital</p>"
            age = CLAIM_DAY * DAY - w.rng.randint(0, 36 * 3600)
            item = {"src": key, "t": age, "lang": lang, "project": "es", "tone": "neg",
                    "kind": "claim", "text": text, "html": kinds[key] in ("mastodon", "telegram"),
                    "author": w.author(lang, kinds[key]),
                    "eng": _engagement(w.rng, kinds[key])}  # fmt: skip
            if kinds[key] == "csv":
                item["platform"] = w.rng.choice(PLATFORMS[lang])
            w.items.append(item)
    for key, lang in (
        ("kyiv-news", "uk"),
        ("tg-tsyfra", "uk"),
        ("tg-gorod", "ru"),
        ("govtech", "en"),
    ):
        text = PHRASES[lang]["rebuttal"][0]
        item = {"src": key, "t": (CLAIM_DAY - 1) * DAY - 3 * 3600, "lang": lang, "project": "es",
                "tone": "neu", "kind": "rebuttal", "text": text, "html": False,
                "author": w.author(lang, kinds[key]),
                "eng": _engagement(w.rng, kinds[key])}  # fmt: skip
        if kinds[key] == "rss":
            item["title"] = text.split(":")[0]
        w.items.append(item)


# Rows of the export that a real tool also produces now and then; each becomes a dead letter.
BROKEN_ROWS: tuple[dict[str, Any], ...] = (
    {"broken": "date", "published": "32.13.2026 25:61"},
    {"broken": "date", "published": "вчора"},
    {"broken": "likes", "likes": "n/a"},
    {"broken": "text", "text": "   "},
    {"broken": "fields"},
)


def _broken(w: Writer) -> None:
    for index, override in enumerate(BROKEN_ROWS):
        item = {"src": "export", "t": (10 + index) * DAY, "lang": "zh", "project": "none",
                "tone": "neu", "kind": "broken", "text": "这条记录来自导出文件，格式有误。",
                "author": w.author("zh", "csv"), "eng": {"likes": 3}, "platform": "Weibo",
                **override}  # fmt: skip
        w.items.append(item)


def build(seed: int = SEED) -> list[dict[str, Any]]:
    """Every item of the corpus, oldest first within each source, with a stable id."""
    w = Writer(seed)
    _base_items(w)
    _reprints(w)
    _claims(w)
    _broken(w)
    order = sorted(w.items, key=lambda i: (i["src"], -i["t"], i["text"]))
    counters: dict[str, int] = {}
    for item in order:
        counters[item["src"]] = counters.get(item["src"], 0) + 1
        item["id"] = f"{item['src']}-{counters[item['src']]:05d}"
        item.setdefault("kind", "post")
    return order


def write(target: Path = CORPUS_DIR, seed: int = SEED) -> dict[str, int]:
    """Write sources.json and items.jsonl.gz; returns items per source."""
    items = build(seed)
    target.mkdir(parents=True, exist_ok=True)
    meta = {"reference_end": REFERENCE_END.isoformat(), "span_days": SPAN_DAYS, "seed": seed,
            "slugs": SLUGS, "sources": [asdict(s) for s in SOURCES]}  # fmt: skip
    (target / "sources.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    lines = "".join(json.dumps(i, ensure_ascii=False, sort_keys=True) + "\n" for i in items)
    with (
        (target / "items.jsonl.gz").open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as handle,
    ):
        handle.write(lines.encode("utf-8"))
    counts: dict[str, int] = {}
    for item in items:
        counts[item["src"]] = counts.get(item["src"], 0) + 1
    return counts


if __name__ == "__main__":  # pragma: no cover
    totals = write()
    print(sum(totals.values()), "items:", totals)  # noqa: T201
