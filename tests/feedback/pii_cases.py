"""Labelled sentences for measuring redaction: PII in six languages, and look-alike numbers."""

from __future__ import annotations

import datetime as dt
import random
import re
import string
from collections.abc import Callable
from dataclasses import dataclass

from tests.feedback.pii_templates import NON_PII_TEMPLATES, PII_TEMPLATES, Templates

# Check digits are computed here independently of resonance.feedback._checksum, so that a bug
# there cannot make the test set agree with itself.


@dataclass(frozen=True)
class Case:
    """One sentence, its language, and the gold PII spans as (kind, start, end)."""

    lang: str
    text: str
    gold: tuple[tuple[str, int, int], ...]


def _luhn_complete(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return body + str((10 - total % 10) % 10)


def _group(digits: str, sizes: tuple[int, ...], sep: str) -> str:
    out, pos = [], 0
    for size in sizes:
        out.append(digits[pos : pos + size])
        pos += size
    if pos < len(digits):
        out.append(digits[pos:])
    return sep.join(x for x in out if x)


class Gen:
    """Valid identifiers and realistic contact details, from a seeded random source."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def digits(self, n: int) -> str:
        return "".join(self.r.choice(string.digits) for _ in range(n))

    def pick(self, *options: str) -> str:
        return self.r.choice(options)

    # --- identifiers ---
    def rnokpp(self) -> str:
        born = dt.date(self.r.randint(1940, 2005), self.r.randint(1, 12), self.r.randint(1, 28))
        body = f"{(born - dt.date(1899, 12, 31)).days:05d}" + self.digits(4)
        w = (-1, 5, 7, 9, 4, 6, 10, 5, 7)
        return body + str(sum(int(a) * b for a, b in zip(body, w, strict=True)) % 11 % 10)

    def inn12(self) -> str:
        body = f"{self.r.randint(1, 92):02d}" + self.digits(8)
        w1 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
        c1 = sum(int(a) * b for a, b in zip(body, w1, strict=True)) % 11 % 10
        body += str(c1)
        w2 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
        return body + str(sum(int(a) * b for a, b in zip(body, w2, strict=True)) % 11 % 10)

    def inn10(self) -> str:
        body = f"{self.r.randint(1, 92):02d}" + self.digits(7)
        w = (2, 4, 10, 3, 5, 9, 4, 6, 8)
        return body + str(sum(int(a) * b for a, b in zip(body, w, strict=True)) % 11 % 10)

    def snils(self) -> str:
        body = f"{self.r.randint(2000000, 999999999):09d}"
        s = sum(int(d) * (9 - i) for i, d in enumerate(body))
        c = s if s < 100 else (0 if s in (100, 101) else s % 101)
        c = 0 if c == 100 else c
        d = body + f"{c:02d}"
        return f"{d[:3]}-{d[3:6]}-{d[6:9]} {d[9:]}"

    def iin(self) -> str:
        while True:
            born = dt.date(self.r.randint(1950, 2010), self.r.randint(1, 12), self.r.randint(1, 28))
            century = (3 if born.year < 2000 else 5) + self.r.randint(0, 1)
            body = born.strftime("%y%m%d") + str(century) + self.digits(4)
            c = sum(int(d) * (i + 1) for i, d in enumerate(body)) % 11
            if c == 10:
                w = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
                c = sum(int(a) * b for a, b in zip(body, w, strict=True)) % 11
            if c != 10:
                return body + str(c)

    def cn_id(self) -> str:
        born = dt.date(self.r.randint(1950, 2008), self.r.randint(1, 12), self.r.randint(1, 28))
        region = self.pick("110101", "310104", "440305", "510107", "330106", "420102")
        body = region + born.strftime("%Y%m%d") + self.digits(3)
        w = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
        return body + "10X98765432"[sum(int(a) * b for a, b in zip(body, w, strict=True)) % 11]

    def nir(self) -> str:
        dept = self.pick("75", "69", "13", "33", "2A", "59", "2B", "44")
        body = (
            self.pick("1", "2") + f"{self.r.randint(40, 99):02d}" + f"{self.r.randint(1, 12):02d}"
            + dept + self.digits(3) + self.digits(3)
        )  # fmt: skip
        numeric = int(body.replace("2A", "19").replace("2B", "18"))
        key = f"{97 - numeric % 97:02d}"
        if self.r.random() < 0.6:
            return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:]} {key}"
        return body + key

    def siret(self) -> str:
        siren = _luhn_complete(self.digits(8))
        while True:
            full = siren + self.digits(4)
            for last in string.digits:
                if _luhn_ok(full + last):
                    return f"{siren[:3]} {siren[3:6]} {siren[6:]} {full[9:]}{last}"

    def siren(self) -> str:
        s = _luhn_complete(self.digits(8))
        return self.pick(s, f"{s[:3]} {s[3:6]} {s[6:]}")

    def cccd(self) -> str:
        return f"{self.r.randint(1, 96):03d}" + self.pick("0", "1", "2") + self.digits(8)

    # --- contact and payment ---
    def card(self) -> str:
        kind = self.pick("visa", "mc", "amex", "mir", "unionpay")
        if kind == "amex":
            d = _luhn_complete(self.pick("34", "37") + self.digits(12))
            return self.pick(d, f"{d[:4]} {d[4:10]} {d[10:]}")
        prefix = {"visa": "4", "mc": self.pick("51", "53", "55"), "mir": "2202", "unionpay": "62"}
        p = prefix[kind]
        length = 19 if kind == "unionpay" and self.r.random() < 0.3 else 16
        d = _luhn_complete(p + self.digits(length - len(p) - 1))
        sep = self.pick(" ", "-", "", " ")
        return _group(d, (4, 4, 4, 4), sep)

    def iban(self) -> str:
        country, bban_len = self.r.choice(
            (("UA", 25), ("FR", 23), ("GB", 18), ("DE", 18), ("KZ", 16))
        )
        bban = self.digits(bban_len)
        if country == "GB":
            bban = "NWBK" + self.digits(14)
        check = 98 - int("".join(str(int(c, 36)) for c in bban + country + "00")) % 97
        value = f"{country}{check:02d}{bban}"
        return self.pick(value, " ".join(value[i : i + 4] for i in range(0, len(value), 4)))

    def email(self) -> str:
        first = self.pick(
            "ivan", "olena", "petro", "maria", "nguyen.van.a", "li.wei", "jean", "anne"
        )
        last = self.pick("petrenko", "koval", "smirnova", "tran", "zhang", "dupont", "smith", "k")
        user = self.pick(f"{first}.{last}", f"{first}{self.r.randint(1, 99)}", f"{first}_{last}")
        domain = self.pick(
            "ukr.net", "gmail.com", "mail.ru", "yandex.kz", "qq.com", "163.com", "yahoo.com.vn",
            "orange.fr", "laposte.net", "outlook.com", "kyiv.gov.ua", "i.ua", "proton.me",
        )  # fmt: skip
        return f"{user}@{domain}"

    def phone(self, country: str) -> str:
        return _PHONES[country](self)


def _luhn_ok(digits: str) -> bool:
    return _luhn_complete(digits[:-1]) == digits


def _ua_phone(g: Gen) -> str:
    op = g.pick("50", "66", "67", "68", "63", "73", "93", "95", "96", "97", "98", "99", "44")
    n = g.digits(7)
    return g.pick(
        f"+380 {op} {n[:3]} {n[3:5]} {n[5:]}", f"+380{op}{n}", f"0{op}-{n[:3]}-{n[3:5]}-{n[5:]}",
        f"(0{op}) {n[:3]} {n[3:5]} {n[5:]}", f"0{op} {n[:3]} {n[3:]}", f"0{op}{n}",
        f"+38 (0{op}) {n[:3]}-{n[3:5]}-{n[5:]}", f"+38 0{op} {n}",
    )  # fmt: skip


def _ru_phone(g: Gen) -> str:
    code = g.pick("912", "903", "916", "727", "701", "777", "495", "812", "705")
    n = g.digits(7)
    return g.pick(
        f"+7 {code} {n[:3]}-{n[3:5]}-{n[5:]}", f"8 ({code}) {n[:3]}-{n[3:5]}-{n[5:]}",
        f"8{code}{n}",
        f"+7 ({code}) {n[:3]}-{n[3:5]}-{n[5:]}", f"8-{code}-{n[:3]}-{n[3:5]}-{n[5:]}",
        f"+7{code}{n}", f"+7 {code} {n[:3]} {n[3:]}",
    )  # fmt: skip


def _cn_phone(g: Gen) -> str:
    m = "1" + g.pick("38", "39", "58", "86", "35", "77", "99") + g.digits(8)
    land = g.digits(8)
    return g.pick(
        m, f"{m[:3]} {m[3:7]} {m[7:]}", f"{m[:3]}-{m[3:7]}-{m[7:]}",
        f"+86 {m[:3]} {m[3:7]} {m[7:]}",
        f"+86-10-{land}", f"010-{land}", f"0755-{land}", f"(021) {land[:4]} {land[4:]}", f"+86{m}",
    )  # fmt: skip


def _vn_phone(g: Gen) -> str:
    p = g.pick("91", "90", "98", "97", "86", "70", "77", "35", "88")
    n = g.digits(7)
    return g.pick(
        f"0{p}{n[0]} {n[1:4]} {n[4:]}", f"0{p}{n}", f"+84 {p}{n[0]} {n[1:4]} {n[4:]}",
        f"0{p}.{n[:3]}.{n[3:]}", f"024 {g.digits(4)} {g.digits(4)}",
        f"(028) {g.digits(4)} {g.digits(4)}",
        f"+84{p}{n}", f"0{p}-{n[:3]}-{n[3:]}",
    )  # fmt: skip


def _fr_phone(g: Gen) -> str:
    d = g.pick("6", "7", "1", "4", "9") + g.digits(8)
    pairs = " ".join(d[i : i + 2] for i in range(1, 9, 2))
    return g.pick(
        f"0{d[0]} {pairs}", f"0{d[0]}.{pairs.replace(' ', '.')}", f"+33 {d[0]} {pairs}",
        f"+33 (0){d[0]} {pairs}", f"0{d}", f"0{d[0]}-{pairs.replace(' ', '-')}", f"+33{d}",
    )  # fmt: skip


def _en_phone(g: Gen) -> str:
    a = g.pick("415", "212", "646", "312", "604", "416", "905", "202")
    n = g.pick("555", "867", "234", "479") + g.digits(4)
    uk = g.digits(6)
    return g.pick(
        f"({a}) {n[:3]}-{n[3:]}", f"{a}-{n[:3]}-{n[3:]}", f"{a}.{n[:3]}.{n[3:]}",
        f"+1 {a} {n[:3]} {n[3:]}", f"1-800-{n[:3]}-{n[3:]}", f"+44 20 {g.digits(4)} {g.digits(4)}",
        f"020 {g.digits(4)} {g.digits(4)}", f"07700 {uk}", f"+44 7700 {uk}",
        f"+1-{a}-{n[:3]}-{n[3:]}",
    )  # fmt: skip


_PHONES: dict[str, Callable[[Gen], str]] = {
    "uk": _ua_phone, "ru": _ru_phone, "zh": _cn_phone, "vi": _vn_phone, "fr": _fr_phone,
    "en": _en_phone,
}  # fmt: skip

_SLOT = re.compile(r"\{(\w+)\}")


def fill(lang: str, template: str, values: dict[str, tuple[str, str]]) -> Case:
    """Put values into {slots} and remember where each landed: values map slot -> (kind, text)."""
    out, gold, pos = [], [], 0
    for m in _SLOT.finditer(template):
        out.append(template[pos : m.start()])
        kind, value = values[m.group(1)]
        start = sum(len(x) for x in out)
        out.append(value)
        gold.append((kind, start, start + len(value)))
        pos = m.end()
    out.append(template[pos:])
    return Case(lang, "".join(out), tuple(gold))


def _address(g: Gen, lang: str) -> str:
    n, k, m = g.r.randint(1, 250), g.r.randint(1, 180), g.r.randint(1, 30)
    if lang == "uk":
        s = g.pick("Хрещатик", "Шевченка", "Богдана Хмельницького", "Лесі Українки", "Грушевського")
        return g.pick(f"вул. {s}, {n}", f"вулиця {s}, буд. {n}, кв. {k}", f"просп. {s} {n}",
                      f"пров. {s}, {n}/{m}", f"вул. {s} {n}, кв. {k}")  # fmt: skip
    if lang == "ru":
        s = g.pick("Ленина", "Абая", "Мира", "Достык", "Гоголя", "Пушкина", "Новый Арбат")
        return g.pick(f"ул. {s}, д. {n}, кв. {k}", f"улица {s} {n}", f"пр-т {s}, {n}",
                      f"просп. {s} {n}", f"пер. {s}, {n}")  # fmt: skip
    if lang == "zh":
        city = g.pick(
            "北京市朝阳区", "上海市浦东新区", "广州市天河区", "杭州市西湖区", "成都市武侯区"
        )
        road = g.pick("建国路", "世纪大道", "天河路", "文三路", "人民南路", "南京西路", "解放街")
        return g.pick(f"{city}{road}{n}号", f"{city}{road}{n}号{m}号楼{k}室", f"{road}{n}号",
                      f"{city}{road}{n}弄{m}号")  # fmt: skip
    if lang == "vi":
        s = g.pick(
            "Lê Lợi", "Nguyễn Huệ", "Trần Hưng Đạo", "Hàng Bạc", "Lý Thường Kiệt", "Bà Triệu"
        )
        return g.pick(f"số {n} đường {s}", f"{n} phố {s}", f"số nhà {n} ngõ {m} {s}",
                      f"{n}/{m} đường {s}, phường Bến Nghé", f"{n} Đường {s}")  # fmt: skip
    if lang == "fr":
        s = g.pick(
            "de la Paix", "Victor Hugo", "Saint-Michel", "des Lilas", "Jean Jaurès", "du Bac"
        )
        return g.pick(f"{n} rue {s}", f"{n} bis avenue {s}", f"{n} boulevard {s}, 75005 Paris",
                      f"{n}, place {s}", f"{n} impasse {s}", f"{n} bd {s}")  # fmt: skip
    s = g.pick("Baker", "Elm", "Pennsylvania", "Fifth", "Queen's", "Maple", "High")
    return g.pick(f"{n} {s} Street", f"{n} {s} Avenue, New York, NY 10118", f"{n} {s} Road",
                  f"{n}B {s} Street, London NW1 6XE", f"Flat {m}, {n} {s} Road")  # fmt: skip


_SLOT_KIND = {
    "phone": "phone", "phone2": "phone", "email": "email", "card": "card", "iban": "iban",
    "addr": "address",
}  # fmt: skip


def _slot_value(g: Gen, lang: str, slot: str) -> str:
    ids: dict[str, Callable[[], str]] = {
        "rnokpp": g.rnokpp, "inn12": g.inn12, "inn10": g.inn10, "snils": g.snils, "iin": g.iin,
        "cnid": g.cn_id, "nir": g.nir, "siret": g.siret, "siren": g.siren, "cccd": g.cccd,
        "cmnd": lambda: g.digits(9),
        "rupass": lambda: g.pick(
            f"{g.digits(2)} {g.digits(2)} {g.digits(6)}", f"{g.digits(4)} {g.digits(6)}"
        ),
        "uapass": lambda: g.pick("МЕ", "СН", "КА", "ВК", "ТТ") + g.pick(" ", "") + g.digits(6),
        "uaidcard": lambda: "00" + g.digits(7),
    }  # fmt: skip
    if slot in ids:
        return ids[slot]()
    if slot in ("phone", "phone2"):
        return g.phone(lang)
    if slot == "addr":
        return _address(g, lang)
    return {"email": g.email, "card": g.card, "iban": g.iban}[slot]()


def pii_cases(
    per_template: int = 6, seed: int = 20240601, templates_by_lang: Templates | None = None
) -> list[Case]:
    """Sentences with PII; every template is filled several times with fresh values and formats."""
    g = Gen(seed)
    cases = []
    for lang, templates in (templates_by_lang or PII_TEMPLATES).items():
        for template in templates:
            for _ in range(per_template):
                values = {
                    slot: (_SLOT_KIND.get(slot, "id"), _slot_value(g, lang, slot))
                    for slot in _SLOT.findall(template)
                }
                cases.append(fill(lang, template, values))
    return cases


def _lookalikes(g: Gen) -> dict[str, str]:
    """Numbers that resemble PII but are not: dates, amounts, articles, orders, counts, years."""
    d = dt.date(g.r.randint(1991, 2025), g.r.randint(1, 12), g.r.randint(1, 28))
    big = g.r.randint(1_000_000, 999_999_999)
    return {
        "date": g.pick(d.strftime("%d.%m.%Y"), d.isoformat(), d.strftime("%d/%m/%Y")),
        "date2": d.strftime("%d.%m.%Y"),
        "zhdate": f"{d.year}年{d.month}月{d.day}日",
        "amount": g.pick(f"{big:,}".replace(",", " "), f"{big:,}".replace(",", "\u00a0"), str(big)),
        "amountc": f"{big:,}".replace(",", "."),
        "cents": f"{g.r.randint(1000, 999999)},{g.digits(2)}",
        "article": str(g.r.randint(1, 400)),
        "law": f"{g.r.randint(1000, 9999)}-{g.pick('IX', 'VIII', 'IV')}",
        "order": g.digits(g.r.choice((8, 9, 10, 12))),
        "count": f"{g.r.randint(1000, 9_999_999):,}".replace(",", " "),
        "year": str(g.r.randint(1990, 2030)),
        "year2": str(g.r.randint(1990, 2030)),
        "pct": f"{g.r.randint(1, 99)},{g.r.randint(0, 9)}",
        "time": f"{g.r.randint(0, 23):02d}:{g.r.randint(0, 59):02d}",
        "isbn": f"978-{g.r.randint(1, 9)}-{g.digits(3)}-{g.digits(5)}-{g.r.randint(0, 9)}",
        "ttn": "204" + g.digits(11),
        "postcode": g.digits(5),
        "coord": f"{g.r.randint(10, 60)}.{g.digits(4)}, {g.r.randint(10, 120)}.{g.digits(4)}",
        "budget": g.digits(7),
        "ean": "482" + g.digits(10),
        "range": f"{g.r.randint(1000, 4999)}–{g.r.randint(5000, 9999)}",
    }


def non_pii_cases(
    per_template: int = 4, seed: int = 7, templates_by_lang: Templates | None = None
) -> list[Case]:
    """Sentences whose numbers must survive redaction untouched."""
    g = Gen(seed)
    cases = []
    for lang, templates in (templates_by_lang or NON_PII_TEMPLATES).items():
        for template in templates:
            for _ in range(per_template):
                values = _lookalikes(g)
                text = _SLOT.sub(lambda m, v=values: v[m.group(1)], template)  # type: ignore[misc]
                cases.append(Case(lang, text, ()))
    return cases
