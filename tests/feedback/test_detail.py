"""The "detailed" flag: Han characters in Chinese, words elsewhere, thresholds per language."""

from __future__ import annotations

import pytest

from resonance.feedback.detail import DEFAULT_THRESHOLDS, is_detailed, text_length

LONG = {
    "en": "The new processing fee is far too expensive for pensioners living on a small income. "
    "My mother receives the minimum pension and already pays for medicine, heating and rent. "
    "If every application costs 300, she will simply stop applying for the housing benefit "
    "she is entitled to, and so will many of her neighbours in our building.",
    "fr": "Les frais de dossier sont beaucoup trop chers pour les retraités aux petits revenus. "
    "Ma mère touche le minimum vieillesse et paie déjà ses médicaments, le chauffage et le "
    "loyer. Si chaque demande coûte 300, elle cessera tout simplement de demander l'aide au "
    "logement à laquelle elle a droit, comme beaucoup de ses voisins dans notre immeuble.",
    "uk": "Новий збір занадто дорогий для пенсіонерів з малими доходами. Моя мама отримує "
    "мінімальну пенсію і вже платить за ліки, опалення та квартиру. Якщо кожна заява "
    "коштуватиме 300 гривень, вона просто перестане подавати заяву на житлову субсидію, "
    "на яку має право, як і багато її сусідів у нашому будинку.",
    "ru": "Новый сбор слишком дорогой для пенсионеров с маленькой пенсией. Моя мама получает "
    "минимальную пенсию и уже платит за лекарства, отопление и квартиру. Если каждое "
    "заявление будет стоить 300 рублей, она просто перестанет подавать заявление на "
    "жилищную субсидию, на которую имеет право, как и многие её соседи по дому.",
    "vi": "Lệ phí xử lý hồ sơ mới quá đắt đối với người về hưu có thu nhập thấp. Mẹ tôi chỉ "
    "nhận lương hưu tối thiểu và đã phải trả tiền thuốc, tiền điện và tiền nhà. Nếu mỗi hồ "
    "sơ tốn 300 nghìn đồng, bà sẽ không xin trợ cấp nhà ở mà bà được hưởng nữa, và nhiều "
    "hàng xóm trong khu nhà của chúng tôi cũng vậy.",
    "zh": "新的办理费用对收入低的退休老人来说太贵了。我母亲只领最低养老金，还要支付药费、"
    "取暖费和房租。如果每份申请都要交300元，她就干脆不再申请本来应得的住房补贴了，"
    "我们楼里的很多邻居也会这样。",
}
SHORT = {
    "en": "The fee is too expensive.",
    "fr": "Les frais sont trop chers.",
    "uk": "Збір занадто дорогий.",
    "ru": "Сбор слишком дорогой.",
    "vi": "Lệ phí quá đắt.",
    "zh": "费用太贵了。",
}


@pytest.mark.parametrize("lang", sorted(LONG))
def test_a_reasoned_comment_is_detailed_and_a_one_liner_is_not(lang: str) -> None:
    assert is_detailed(LONG[lang], lang)
    assert not is_detailed(SHORT[lang], lang)
    assert text_length(LONG[lang], lang) >= DEFAULT_THRESHOLDS[lang]


def test_chinese_counts_han_characters_not_punctuation() -> None:
    assert text_length("费用太贵了。", "zh") == 5
    assert text_length("费用，太贵了！！！……", "zh") == 5
    # A Latin word or a number inside Chinese counts as one unit, like a word.
    assert text_length("我用iPhone拍的，花了300元。", "zh") == 9


def test_words_keep_apostrophes_and_hyphens_and_vietnamese_counts_syllables() -> None:
    assert text_length("Don't e-mail me about l'état — it's 3.5 km!", "en") == 8
    assert text_length("п'ять об'єктів", "uk") == 2
    assert text_length("Lệ phí xử lý hồ sơ", "vi") == 6


def test_thresholds_are_configurable_and_unknown_languages_use_other() -> None:
    text = "one two three four five"
    assert not is_detailed(text, "en")
    assert is_detailed(text, "en", thresholds={"en": 5})
    assert is_detailed(text, "de", thresholds={"other": 5})
    assert not is_detailed(text, "de")
    assert is_detailed("一二三四五", "zh", thresholds={"zh": 5})
