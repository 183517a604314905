"""The vacuous-reply check: bare templates, replies far shorter than the question, generic ones."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from resonance.feedback.detail import text_length
from resonance.text.analyzer import analyzer

TEMPLATE_ONLY = "template_only"
TOO_SHORT = "too_short"
GENERIC = "generic"

MIN_ADDED: Mapping[str, int] = MappingProxyType(
    {"en": 3, "fr": 3, "uk": 3, "ru": 3, "vi": 3, "zh": 3, "other": 3}
)
"""Least number of specific content terms a reply must add to the text of its template.

Terms are what resonance.text's analyzer of the language yields (stems for en/fr, lemmas for
uk/ru, pyvi words for vi, jieba words for zh), less function words and the polite vocabulary
every reply shares ("thank", "message", "contact"): so three terms are three real words in
every language ("repair", "roof", "May" for "we will repair the roof in May").
"""
MIN_SPECIFIC: Mapping[str, int] = MappingProxyType({lang: 2 * n for lang, n in MIN_ADDED.items()})
"""Least number of specific terms of a reply that shares no content word with the question.

Twice MIN_ADDED: a reply that takes up no word of the message must say more to be trusted
(polite replies in words outside the generic lists, "our specialists are looking into your
case", carry 3–5 such terms).
"""

SHORT_RATIO: Mapping[str, float] = MappingProxyType(
    {"en": 0.2, "fr": 0.2, "uk": 0.2, "ru": 0.2, "vi": 0.2, "zh": 0.2, "other": 0.2}
)
"""A reply shorter than this share of the question is "far shorter".

Both lengths are measured with feedback.detail.text_length in the reply's language (words; Han
characters for zh), so one ratio fits each language; the mapping lets a deployment tune one.
"""
SHORT_FLOOR: Mapping[str, int] = MappingProxyType(
    {"en": 20, "fr": 21, "uk": 17, "ru": 17, "vi": 25, "zh": 30, "other": 20}
)
"""Questions shorter than this (half the "detailed" threshold of detail.py) are never flagged."""
SHORT_CAP: Mapping[str, int] = MappingProxyType(
    {"en": 60, "fr": 63, "uk": 51, "ru": 51, "vi": 75, "zh": 90, "other": 60}
)
"""A reply at least this long is never "far shorter", however long the question."""

_REFERENCE = re.compile(r"\bRSN-[A-Z0-9]{4}-[A-Z0-9]{4}\b", re.IGNORECASE)
_URL = re.compile(r"https?://\S+")

_FUNCTION_WORDS: dict[str, str] = {
    "en": "the a an and or but of to in on at for with by from is are was were be been being it "
    "this that these those as not no will would can could has have had do does did their its our "
    "your you we us i my me he she they them his her there here also all any so if about into "
    "shall may might must which who what when where how very more most just than then",
    "fr": "le la les l un une des de du d et ou mais à au aux en dans sur pour par avec est sont "
    "été être a ont ce cet cette ces c il elle ils elles nous vous on qui que qu quoi ne n pas "
    "plus se s sa son ses leur leurs y votre vos notre nos je j me m te t tout tous très bien "
    "avoir ai as avons avez aller vais va allons allez vont suis es sommes êtes fait faire",
    "uk": "і й та а але або в у на з із до від для по за про що це як не ні так він вона вони ми "
    "ви я ти його її їх бути є був була було буде також вже ще через можуть може ваш ваша ваше "
    "ваші наш наша наше наші свій який яка яке які щодо вас нас вам нам",
    "ru": "и а но или в во на с со к ко от для по за о об что это как не ни так он она они мы вы "
    "я ты его её их быть есть был была было будет также уже ещё через могут может ваш ваша ваше "
    "ваши наш наша наше наши свой который которая которое которые вас нас вам нам",
    "vi": "và của là có được cho với các những một này đó trong trên tại từ đến để không thì mà "
    "sẽ đã đang rất có_thể bạn chúng_tôi chúng tôi anh chị ông bà quý về theo khi nếu",
    "zh": "的 了 和 是 在 也 有 就 都 而 及 与 或 这 那 一 个 将 对 为 "
    "于 从 把 被 可 上 您 你 我们 我 已 已经 会 并 请 等 中 其 之 此 该",
}
# The polite vocabulary of any reply: it says that a message arrived, not what was done.
_GENERIC_WORDS: dict[str, str] = {
    "en": "thank thanks thankful grateful message messages request requests letter feedback "
    "contact contacting receive received appreciate inform informed information soon regards "
    "sincerely dear citizen reply replies answer question questions concern concerns forward "
    "forwarded consideration consider considered responsible department office please kindly "
    "hello hi best wishes possible time attention team look looking note noted matter issue "
    "passed review reviewed respond response writing write wrote taking take get back "
    "relevant service services again day days appeal hear important importance value valued "
    "opinion competent",
    "fr": "merci remercier remercions remercie message messages demande demandes lettre courrier "
    "retour contacter contact reçu recevoir reçue informer informé information bientôt "
    "cordialement cher chère madame monsieur citoyen réponse répondre question questions "
    "préoccupation transmis transmise transmettre considération examen examiner service "
    "services responsable prise compte attention meilleurs salutations sincères "
    "possible délais sujet bonjour équipe avis important importance compétent compétente "
    "concerné concernée",
    "uk": "дякувати дякуємо дякую подяка звернення повідомлення запит лист відгук зв'язок "
    "контакт отримати отримали отримано інформувати інформація незабаром повага шановний "
    "шановна громадянин відповідь відповісти питання передати передано розгляд розглянути "
    "служба відповідальний увага можливо день добрий команда найближчий час звертатися "
    "звернутися важливий важливо переданий відповідний думка компетентний",
    "ru": "благодарить благодарим спасибо благодарность обращение сообщение запрос письмо отзыв "
    "связь контакт получить получили получено информировать информация скоро уважение "
    "уважаемый уважаемая гражданин ответ ответить вопрос передать передано рассмотрение "
    "рассмотреть служба ответственный внимание возможно день добрый команда ближайший время "
    "обращаться обратиться важный важно переданный соответствующий мнение компетентный",
    "vi": "cảm_ơn cảm ơn xin gửi tin_nhắn tin nhắn yêu_cầu thư phản_hồi phản hồi liên_hệ liên hệ "
    "nhận đã_nhận thông_báo thông_tin sớm trân_trọng kính kính_gửi công_dân trả_lời câu_hỏi "
    "câu hỏi vấn_đề chuyển bộ_phận cơ_quan xem_xét quan_tâm ý_kiến thời_gian chào "
    "quan_trọng liên_quan có_thẩm_quyền",
    "zh": "感谢 谢谢 感谢您 来信 留言 信息 消息 反馈 意见 建议 收到 已收到 "
    "尽快 处理 回复 联系 问题 关注 支持 此致 敬礼 相关 部门 转交 转给 耐心 "
    "等待 答复 您好 你好 市民 尊敬 时间 重视 研究 谢谢您 很 重要 团队 审阅 "
    "审核 认真",
}


@dataclass(frozen=True)
class ReplyWarning:
    """One finding of the check: a stable code and a sentence for the author."""

    code: str
    message: str


def _lang(language: str) -> str:
    return language if language in _FUNCTION_WORDS else "other"


@cache
def _lexicon(source: str, lang: str) -> frozenset[str]:
    """The analyzer terms of a word list, so stems and lemmas match the text's terms."""
    tool = analyzer(lang)
    return frozenset(
        term for word in source.split() for term in tool.tokens(word.replace("_", " "))
    )


def _stop(lang: str) -> frozenset[str]:
    return _lexicon(_FUNCTION_WORDS.get(lang, _FUNCTION_WORDS["en"]), lang)


def _generic(lang: str) -> frozenset[str]:
    return _lexicon(_GENERIC_WORDS.get(lang, _GENERIC_WORDS["en"]), lang)


def content_terms(text: str, language: str) -> list[str]:
    """Terms of `text` that carry meaning: function words, single letters and references dropped."""
    lang = _lang(language)
    cleaned = _URL.sub(" ", _REFERENCE.sub(" ", text))
    stop = _stop(lang)
    terms = analyzer(lang).tokens(cleaned)
    return [t for t in terms if t not in stop and (lang == "zh" or len(t) > 1 or t.isdigit())]


def specific_terms(text: str, language: str) -> list[str]:
    """Content terms less the polite vocabulary every reply shares."""
    generic = _generic(_lang(language))
    return [t for t in content_terms(text, language) if t not in generic]


def _added_to_template(body: str, template: str, lang: str) -> int:
    added = Counter(specific_terms(body, lang)) - Counter(specific_terms(template, lang))
    return sum(added.values())


def _too_short(question: str, body: str, lang: str) -> tuple[int, int] | None:
    asked, answered = text_length(question, lang), text_length(body, lang)
    if asked < SHORT_FLOOR[lang]:
        return None
    needed = min(int(asked * SHORT_RATIO[lang]), SHORT_CAP[lang])
    return (answered, asked) if answered < needed else None


def check_reply(
    question: str, body: str, *, template: str | None = None, language: str
) -> list[ReplyWarning]:
    """Warnings for a reply that answers nothing; an empty list when it looks like an answer.

    `template` is the template text with its placeholders filled for this item (None when the
    reply was written without one); `language` is the reply's language.
    """
    lang = _lang(language)
    warnings: list[ReplyWarning] = []
    if template is not None:
        added = _added_to_template(body, template, lang)
        if added < MIN_ADDED[lang]:
            warnings.append(
                ReplyWarning(
                    TEMPLATE_ONLY,
                    f"The reply is the template with {added} specific word(s) added; say what "
                    "was done or decided about this message.",
                )
            )
    short = _too_short(question, body, lang)
    if short is not None:
        warnings.append(
            ReplyWarning(
                TOO_SHORT,
                f"The reply is {short[0]} word(s) long for a message of {short[1]}; "
                "it is unlikely to answer every point.",
            )
        )
    specific = set(specific_terms(body, lang))
    shared = specific & set(content_terms(question, lang))
    if not shared and len(specific) < MIN_SPECIFIC[lang]:
        warnings.append(
            ReplyWarning(
                GENERIC,
                "The reply shares no word with the message and adds nothing specific "
                "(a place, a date, a decision).",
            )
        )
    return warnings
