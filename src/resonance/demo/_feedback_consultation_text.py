"""Demo text (CC0, invented) of the consultation: titles, change reasons, decisions."""

from __future__ import annotations

CONSULTATION_SLUG = "open-data-regulation"
TITLES = {
    "uk": "Проєкт Положення про відкриті дані міністерства",
    "ru": "Проект Положения об открытых данных министерства",
    "en": "Draft regulation on the ministry's open data",
    "fr": "Projet de règlement sur les données ouvertes du ministère",
    "vi": "Dự thảo Quy chế dữ liệu mở của Bộ",
    "zh": "部委开放数据规定（草案）",
}
SUMMARIES = {
    "uk": "Як міністерство оприлюднює свої дані і як громадяни можуть запитати їх. Демо-текст.",
    "en": "How the ministry publishes its data and how citizens can ask for it. Demo text.",
}

# Openers of comments on the page, per language (the citizen's own words follow).
OPENERS = {
    "uk": ["Пропозиція до проєкту.", "Коментар.", "Дякую за проєкт.", ""],
    "ru": ["Предложение к проекту.", "Комментарий.", ""],
    "en": ["A suggestion.", "Comment on the draft.", ""],
    "fr": ["Une remarque.", ""],
    "vi": ["Góp ý.", ""],
    "zh": ["建议：", ""],
}

# Why each section of version 2 changed, by its number in version 2 (uk, then en).
CHANGE_REASONS = {
    "3": "Перелік оновлюється щокварталу і в машиночитаному форматі з описом полів — так "
    "просили більшість коментарів до статті 3. / The list is now updated every quarter, in a "
    "machine-readable format with field descriptions, as most comments on article 3 asked.",
    "4": "Методика знеособлення оприлюднюється разом із набором. / The anonymisation method is "
    "now published with each dataset.",
    "5": "Строк відповіді скорочено до десяти робочих днів. / The answer period is cut to ten "
    "working days.",
    "6": "Плату за вибірки скасовано. / Fees for extracts are dropped.",
    "7": "Нова стаття про доступність, за коментарями до проєкту загалом. / A new article on "
    "accessibility, from the comments on the draft as a whole.",
    "8": "Перегляд відбувається за участю громадськості. / Reviews now involve the public.",
}

# The disposition of a theme by the section most of its comments discuss.
DISPOSITIONS = {
    "3": ("accepted", "Враховано: перелік щокварталу, машиночитані формати, опис полів (стаття 3). "
          "/ Accepted: quarterly updates, machine-readable formats, field descriptions."),
    "4": ("partly", "Враховано частково: методику оприлюднюємо, але агрегування залишається "
          "основним способом захисту. / Partly: the method is published; aggregation stays."),
    "5": ("accepted", "Враховано: десять робочих днів на відповідь (стаття 5). / Accepted: ten "
          "working days to answer."),
    "6": ("accepted", "Враховано: усі набори і вибірки безоплатні (стаття 6). / Accepted: all "
          "datasets and extracts are free."),
    "7": ("accepted", "Враховано: перегляд за участю громадськості (стаття 8). / Accepted: the "
          "public takes part in reviews."),
    "": ("partly", "Враховано частково: додано статтю 7 про доступність; інші загальні "
         "побажання — поза предметом положення. / Partly: article 7 on accessibility was added; "
         "other general wishes are outside this regulation."),
}  # fmt: skip

DECISION = {
    "uk": "Консультацію завершено: отримано коментарі до всіх статей, підготовлено версію 2 з "
    "урахуванням пропозицій. Проєкт передано на погодження.",
    "en": "The consultation is closed: comments reached every article and version 2 takes the "
    "proposals into account. The draft goes to approval.",
}

# Who comments and with whom ({n} 5–20, {month} from MONTHS, {place} from PLACES).
CONTEXT = {
    "uk": ["Працюю з відкритими даними вже {n} років, з {month} — у громаді {place}.",
           "Читав проєкт разом із {n} колегами, громада {place}, ще з {month}."],
    "ru": ["Работаю с открытыми данными уже {n} лет, с {month} — в общине {place}.",
           "Читал проект вместе с {n} коллегами, село {place}, ещё с {month}."],
    "en": ["I have used open data for {n} years, since {month}, in {place}.",
           "I read the draft with {n} colleagues in {place} back in {month}."],
    "fr": ["J'utilise les données ouvertes depuis {n} ans à {place}, chaque mois de {month}.",
           "J'ai lu le projet avec {n} collègues de {place} en {month}."],
    "vi": ["Tôi dùng dữ liệu mở đã {n} năm, từ tháng {month}, tại {place}.",
           "Tôi đọc dự thảo cùng {n} đồng nghiệp ở {place} từ tháng {month}."],
    "zh": ["我在{place}使用开放数据已经{n}年了，从{month}月开始。",
           "我和{place}的{n}位同事从{month}月起一起读了这份草案。"],
}  # fmt: skip
