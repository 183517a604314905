"""Held-out sentences for redaction, written after tuning: new phrasing, fresh values."""

from __future__ import annotations

from tests.feedback.pii_cases import Case, non_pii_cases, pii_cases
from tests.feedback.pii_templates import Templates

_PII: Templates = {
    "uk": (
        "Доброго дня! Я пенсіонерка, мені важко ходити. Номер: {phone}",
        "Зворотний зв'язок — {email}; також можна {phone}",
        "Дані заявника: РНОКПП {rnokpp}, адреса {addr}.",
        "Шановні, {phone} не відповідає, а це номер вашої гарячої лінії?",
        "переказала 500 грн з картки {card} але платіж завис",
        "Мешкаю: {addr}. Прошу відремонтувати дах.",
    ),
    "ru": (
        "Здравствуйте. Обращаюсь повторно, мой номер {phone}, жду звонка.",
        "ИНН: {inn12}; СНИЛС: {snils}.",
        "Проживаю {addr}, вода ржавая уже месяц.",
        "Пишите {email} — отвечу вечером.",
        "Перевод с карты {card} не прошёл, верните деньги.",
        "ИИН {iin} — прошу проверить начисление пособия.",
    ),
    "zh": (
        "您好，我是{addr}的居民，电梯坏了。",
        "请通过{email}或{phone}与我联系。",
        "身份证：{cnid}。",
        "我的电话：{phone}（白天都可以打）。",
        "用卡{card}支付了两次。",
        "地址{addr}，谢谢！",
    ),
    "vi": (
        "Kính gửi UBND, tôi sống tại {addr}, cống bị tắc.",
        "Điện thoại liên hệ: {phone}.",
        "Email: {email} — mong sớm phản hồi.",
        "Số CCCD của tôi: {cccd}.",
        "Thanh toán bằng thẻ {card} bị trừ tiền hai lần.",
        "Gọi {phone} giúp tôi nhé.",
    ),
    "fr": (
        "Bonjour, je vous écris du {addr} où la chaussée est défoncée.",
        "Tél. : {phone} — e-mail : {email}",
        "N° de sécu : {nir}",
        "Pour le remboursement, voici mon IBAN {iban}.",
        "Vous pouvez me joindre au {phone} après 18 h.",
        "Paiement par carte {card} refusé deux fois.",
    ),
    "en": (
        "Hi, I'm writing from {addr}; the bins were not collected.",
        "Phone: {phone}. Email: {email}.",
        "Please refund {card} as soon as possible.",
        "Best number to reach me is {phone}",
        "Bank details: {iban}",
        "We moved to {addr} last month.",
    ),
}

_NON_PII: Templates = {
    "uk": (
        "Рішення від {date} набуло чинності, витрачено {amount} грн.",
        "Пункт {article} регламенту, черга {count} осіб.",
        "Замовлення № {order} сформовано {date2} о {time}.",
    ),
    "ru": (
        "С {date} по {date2} поступило {count} заявок.",
        "Заказ № {order}, сумма {cents} руб.",
        "Статья {article} кодекса, {year} год.",
    ),
    "zh": (
        "{zhdate}起，补贴标准提高到{amount}元。",
        "订单号{order}，{year}年第{article}批。",
        "共有{count}人参与调查。",
    ),
    "vi": (
        "Ngày {date} đã giải ngân {amount} đồng.",
        "Đơn hàng {order}, năm {year}.",
        "Có {count} người tham gia khảo sát.",
    ),
    "fr": (
        "Le {date}, {count} personnes ont signé la pétition.",
        "Article {article} du code, montant {amount} euros.",
        "Commande n° {order} du {date2}.",
    ),
    "en": (
        "On {date} we paid out ${amount}.",
        "Section {article}, {count} people responded.",
        "Order #{order} from {date2} at {time}.",
    ),
}


def held_out_pii_cases() -> list[Case]:
    """PII sentences never used while tuning the rules."""
    return pii_cases(per_template=5, seed=99, templates_by_lang=_PII)


def held_out_non_pii_cases() -> list[Case]:
    """Look-alike sentences never used while tuning the rules."""
    return non_pii_cases(per_template=4, seed=98, templates_by_lang=_NON_PII)
