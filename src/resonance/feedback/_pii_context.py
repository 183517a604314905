"""Keyword context around numbers: words announcing a phone or an ID, and words ruling one out."""

from __future__ import annotations

import re

# Every pattern here is a plain alternation of literals: linear time, no nested quantifiers.
PHONE_WORDS = re.compile(
    r"тел|моб|телефон|дзвон|звон|viber|вайбер|telegram|whatsapp|phone|tel\b|call|mobile|cell|"
    r"téléphone|portable|joindre|appel|điện thoại|đt|sđt|gọi|zalo|电话|手机|致电|联系|微信|座机|"
    r"号码|контакт|contact|liên hệ",
)
ID_WORDS = re.compile(
    r"рнокпп|іпн|ідентифікаційн|податков|инн|інн|снилс|паспорт|серія|серия|id-картк|id картк|"
    r"посвідч|удостоверени|иин|іин|iin|身份证|证件|公民身份|cccd|cmnd|căn cước|chứng minh|"
    r"định danh|hộ chiếu|passport|national id|id card|identity|social security|ssn|nir|"
    r"sécurité sociale|numéro de sécu|siren|siret|rcs|insee|carte vitale|carte d'identité|"
    r"документ|document|giấy tờ",
)
# Words right before a number that make it an article, an order, a count or a reference.
NOT_PII_BEFORE = re.compile(
    r"(?:№|no\.|n°|nº|#|стат(?:т[яіею]|ья|ьи|ье)|ст\.|пункт|п\.|article|art\.|điều|khoản|第|条|"
    r"замовлен|заказ|order|commande|đơn hàng|订单|рахун(?:ок|ку)-фактур|invoice|facture|hóa đơn|"
    r"артикул|арт\.|sku|ref|réf|справ[аиі]|дело|case|dossier|hồ sơ|案|закон|law|loi|luật|"
    r"постанов|решени|рішенн|décret|decree|nghị định|quyết định|ttn|накладн|tracking|vận đơn|"
    r"рейс|flight|vol|isbn|код|code|mã)\W{0,3}$|(?:订单|单|编|书|批|文)号\W{0,3}$",
)
NOT_PII_AFTER = re.compile(
    r"^\W{0,2}(?:грн|гривень|руб|рублів|рублей|₽|₴|€|\$|eur|usd|uah|rub|kzt|тенге|₸|đồng|₫|vnd|"
    r"元|万|亿|人|次|件|份|个|тис|млн|млрд|осіб|человек|людей|чол|разів|раз|шт|kg|km|кг|км|%|"
    r"euros?|dollars?|people|persons|personnes|habitants|người|lượt|times|fois|visits|visites)",
)
CURRENCY_BEFORE = re.compile(r"(?:[$€£¥₴₽₫]|usd|eur|uah|rub|vnd|rmb|cny)\s?$")


def window_before(text: str, start: int, width: int) -> str:
    """The characters before a position on the same line, lower-cased for keyword checks."""
    return text[max(0, start - width) : start].rpartition("\n")[2].lower()


class Around:
    """Keyword checks for one text, memoised per position: the sub-runs of one number share them.

    Patterns are written in lower case and matched against lower-cased windows, which is much
    faster than case-insensitive matching of long alternations.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._memo: dict[tuple[str, int], bool] = {}

    def _check(self, key: str, start: int, pattern: re.Pattern[str], width: int) -> bool:
        found = self._memo.get((key, start))
        if found is None:
            found = pattern.search(window_before(self.text, start, width)) is not None
            self._memo[(key, start)] = found
        return found

    def phone(self, start: int) -> bool:
        """True when a phone keyword closely precedes the position."""
        return self._check("phone", start, PHONE_WORDS, 32)

    def id(self, start: int) -> bool:
        """True when an ID or tax-number keyword closely precedes the position."""
        return self._check("id", start, ID_WORDS, 48)

    def non_pii(self, start: int, end: int, *, context: bool) -> bool:
        """True when the words around a number mark it as an amount or count, or (without a
        phone or ID keyword) as an article, order or reference number."""
        after = self.text[end : end + 16].partition("\n")[0].lower()
        if NOT_PII_AFTER.match(after) or self._check("currency", start, CURRENCY_BEFORE, 8):
            return True
        return not context and self._check("ref", start, NOT_PII_BEFORE, 24)
