"""Hand-written demo sentences in Ukrainian, Russian and English (CC0, written for Resonance)."""

from __future__ import annotations

from typing import Any

# Per language: fillers for the {slots}, then per project (dl = digital literacy, es = e-services,
# od = open data) titles and body sentences by tone, then off-topic noise, social add-ons and the
# coordinated false claim. Every project sentence names its subject, so queries can find it.
UK: dict[str, Any] = {
    "fill": {
        "city": ["Києві", "Львові", "Білій Церкві", "Вінниці", "Полтаві", "Житомирі", "Ірпені"],
        "group": ["пенсіонерів", "вчителів", "фермерів", "ветеранів", "студентів", "батьків"],
        "service": [
            "довідку про несудимість",
            "субсидію",
            "реєстрацію ФОП",
            "свідоцтво про народження",
        ],
    },
    "dl": {
        "title": {
            "pos": [
                "У {city} відкрили ще один центр цифрової грамотності",
                "Курси цифрової грамотності пройшли вже {n} тис. людей",
                "Для {group} запустили безкоштовний курс цифрової грамотності",
            ],
            "neu": [
                "Міністерство оновило програму курсів цифрової грамотності",
                "Як записатися на курси цифрової грамотності: інструкція",
                "Опитування: рівень цифрових навичок у громадах",
            ],
            "neg": [
                "У {city} скаржаться на черги до курсів цифрової грамотності",
                "Курси цифрової грамотності не дійшли до сіл, кажуть мешканці",
                "Чому безкоштовні курси цифрової грамотності закривають раніше",
            ],
        },
        "body": {
            "pos": [
                "Після курсу цифрової грамотності моя мама сама записалася до лікаря онлайн, "
                "дякую!",
                "Заняття з цифрових навичок у {city} проходять чудово: викладачі терплячі й "
                "уважні.",
                "За місяць {n} {group} отримали сертифікати курсу цифрової грамотності.",
                "Нарешті зручний курс цифрової грамотності українською, все зрозуміло з першого "
                "уроку.",
            ],
            "neu": [
                "Курс цифрової грамотності складається з восьми модулів і триває чотири тижні.",
                "Записатися на навчання цифрових навичок можна в ЦНАПі або на сайті міністерства.",
                "Наступна група курсу цифрової грамотності у {city} стартує в понеділок.",
                "Програму цифрової грамотності розробили разом із бібліотеками та школами.",
            ],
            "neg": [
                "На курс цифрової грамотності в {city} не можна записатися вже третій тиждень.",
                "Обіцяли курси цифрової грамотності в кожній громаді, а в нашому селі їх досі "
                "немає.",
                "Відео курсу цифрової грамотності не відкриваються на старих телефонах, це погано.",
                "Викладача цифрових навичок забрали посеред курсу, група залишилася без занять.",
            ],
        },
    },
    "es": {
        "title": {
            "pos": [
                "Тепер {service} можна отримати онлайн за кілька хвилин",
                "Портал електронних послуг додав ще {n} послуг",
                "Електронні послуги економлять людям години в чергах",
            ],
            "neu": [
                "Портал електронних послуг працюватиме в оновленому режимі",
                "Що змінюється в електронних послугах з наступного місяця",
                "Статистика: скільки заяв подали через портал електронних послуг",
            ],
            "neg": [
                "Портал електронних послуг знову не працює",
                "Люди скаржаться на збої електронних послуг у {city}",
                "Електронні послуги: заяву подав, а відповіді немає вже місяць",
            ],
        },
        "body": {
            "pos": [
                "Оформив {service} через електронні послуги за п'ять хвилин, без жодної черги.",
                "Портал електронних послуг нарешті працює швидко і зручно, дякую команді.",
                "У {city} {n} відсотків заяв уже подають через електронні послуги.",
                "Чудово, що електронні послуги тепер доступні і в застосунку на телефоні.",
            ],
            "neu": [
                "Через портал електронних послуг можна подати заяву на {service}.",
                "Технічні роботи на порталі електронних послуг триватимуть до ранку.",
                "Електронні послуги доступні цілодобово, відповідь надходить у кабінет.",
                "Міністерство опублікувало перелік електронних послуг, які з'являться до кінця "
                "року.",
            ],
            "neg": [
                "Портал електронних послуг видає помилку вже другий день, жахливо.",
                "Подала заяву на {service} через електронні послуги, а її загубили.",
                "Електронні послуги не працюють, у ЦНАПі в {city} знову величезна черга.",
                "Підтримка порталу електронних послуг не відповідає, це неприпустимо.",
            ],
        },
    },
    "od": {
        "title": {
            "pos": [
                "Відкриті дані допомогли зекономити бюджет у {city}",
                "Опубліковано ще {n} наборів відкритих даних",
                "Журналісти хвалять новий портал відкритих даних",
            ],
            "neu": [
                "Законопроєкт про відкриті дані винесли на громадське обговорення",
                "Які реєстри стануть відкритими даними цього року",
                "Громадське обговорення закону про відкриті дані триває до кінця місяця",
            ],
            "neg": [
                "Набори відкритих даних оновлюють із запізненням",
                "Експерти критикують законопроєкт про відкриті дані",
                "Частина відкритих даних містить помилки",
            ],
        },
        "body": {
            "pos": [
                "Завдяки відкритим даним про закупівлі громада у {city} знайшла дешевших "
                "постачальників.",
                "Новий портал відкритих даних зручний: все можна завантажити у CSV і JSON.",
                "Студенти зробили карту укриттів на основі відкритих даних, дуже корисно.",
                "За рік кількість наборів відкритих даних зросла до {n} тис.",
            ],
            "neu": [
                "Коментарі до законопроєкту про відкриті дані приймають до кінця місяця.",
                "Реєстр медичних закладів опублікують як відкриті дані у форматі CSV.",
                "Відкриті дані оновлюються щотижня за графіком, який оприлюднило міністерство.",
                "Обговорення закону про відкриті дані відбудеться у {city} в четвер.",
            ],
            "neg": [
                "Набір відкритих даних про бюджет не оновлювали пів року.",
                "У відкритих даних реєстру знайшли сотні дублікатів і помилок.",
                "Законопроєкт про відкриті дані дозволяє закривати надто багато реєстрів, це "
                "погано.",
                "Посилання на відкриті дані на сайті міністерства не працюють.",
            ],
        },
    },
    "other": {
        "title": [
            "Прогноз погоди на вихідні",
            "У {city} відремонтують міст",
            "Фестиваль вуличної їжі пройде у {city}",
        ],
        "body": [
            "Синоптики обіцяють дощ і похолодання до кінця тижня.",
            "Ремонт дороги в {city} завершать до зими, кажуть у міській раді.",
            "У парку відкрили новий дитячий майданчик.",
            "У {city} місцева футбольна команда виграла кубок області.",
            "Автобусний маршрут змінить розклад з понеділка.",
        ],
    },
    "open": ["Друзі,", "Важливо:", "Новина дня.", "Коротко:", ""],
    "close": ["Поділіться з рідними.", "Що думаєте?", "Деталі за посиланням.", ""],
    "tags": {"dl": "#ЦифроваГрамотність", "es": "#ЕлектронніПослуги", "od": "#ВідкритіДані"},
    "claim": [
        "Увага! З 1 грудня всі електронні послуги стануть платними, по 200 гривень за довідку.",
        "Знайомі з міністерства кажуть: з 1 грудня електронні послуги стануть платними. Поширте!",
        "Терміново: електронні послуги стануть платними вже з грудня, готуйте гроші.",
    ],
    "rebuttal": [
        "Це неправда: електронні послуги залишаються безкоштовними, платних послуг не вводять.",
    ],
}

RU: dict[str, Any] = {
    "fill": {
        "city": ["Алматы", "Харькове", "Одессе", "Астане", "Шымкенте", "Днепре", "Караганде"],
        "group": ["пенсионеров", "учителей", "фермеров", "студентов", "родителей", "волонтёров"],
        "service": ["справку о несудимости", "пособие", "регистрацию ИП", "загранпаспорт"],
    },
    "dl": {
        "title": {
            "pos": [
                "В {city} открылся новый центр цифровой грамотности",
                "Курсы цифровой грамотности прошли уже {n} тыс. человек",
                "Для {group} запустили бесплатные курсы цифровой грамотности",
            ],
            "neu": [
                "Программу курсов цифровой грамотности обновили",
                "Как записаться на курсы цифровой грамотности",
                "Исследование: уровень цифровых навыков у взрослых",
            ],
            "neg": [
                "В {city} жалуются на очереди на курсы цифровой грамотности",
                "Курсы цифровой грамотности не доходят до сёл",
                "Бесплатные курсы цифровой грамотности закрывают раньше срока",
            ],
        },
        "body": {
            "pos": [
                "После курса цифровой грамотности бабушка сама оплачивает коммуналку онлайн, "
                "спасибо!",
                "Занятия по цифровым навыкам в {city} проходят отлично, преподаватели очень "
                "внимательные.",
                "За месяц {n} {group} получили сертификаты курса цифровой грамотности.",
                "Наконец-то понятный курс цифровой грамотности, всё ясно с первого урока.",
            ],
            "neu": [
                "Курс цифровой грамотности состоит из восьми модулей и длится четыре недели.",
                "Записаться на обучение цифровым навыкам можно в ЦОНе или на сайте министерства.",
                "Следующая группа курса цифровой грамотности в {city} стартует в понедельник.",
                "Программу цифровой грамотности разработали вместе с библиотеками.",
            ],
            "neg": [
                "На курс цифровой грамотности в {city} невозможно записаться уже третью неделю.",
                "Обещали курсы цифровой грамотности в каждом районе, а у нас их до сих пор нет.",
                "Видео курса цифровой грамотности не открываются на старых телефонах, это плохо.",
                "Преподавателя цифровых навыков забрали посреди курса, группа осталась без "
                "занятий.",
            ],
        },
    },
    "es": {
        "title": {
            "pos": [
                "Теперь {service} можно оформить онлайн за несколько минут",
                "На портале электронных услуг появилось ещё {n} услуг",
                "Электронные услуги экономят людям часы в очередях",
            ],
            "neu": [
                "Портал электронных услуг переходит на новый режим работы",
                "Что меняется в электронных услугах со следующего месяца",
                "Статистика: сколько заявлений подали через портал электронных услуг",
            ],
            "neg": [
                "Портал электронных услуг снова не работает",
                "В {city} жалуются на сбои электронных услуг",
                "Электронные услуги: заявление подал, а ответа нет уже месяц",
            ],
        },
        "body": {
            "pos": [
                "Оформил {service} через электронные услуги за пять минут, без всякой очереди.",
                "Портал электронных услуг наконец работает быстро и удобно, спасибо команде.",
                "В {city} уже {n} процентов заявлений подают через электронные услуги.",
                "Отлично, что электронные услуги теперь доступны и в мобильном приложении.",
            ],
            "neu": [
                "Через портал электронных услуг можно подать заявление на {service}.",
                "Технические работы на портале электронных услуг продлятся до утра.",
                "Электронные услуги доступны круглосуточно, ответ приходит в личный кабинет.",
                "Министерство опубликовало список электронных услуг, которые появятся до конца "
                "года.",
            ],
            "neg": [
                "Портал электронных услуг выдаёт ошибку второй день подряд, ужасно.",
                "Подала заявление на {service} через электронные услуги, а его потеряли.",
                "Электронные услуги не работают, в ЦОНе в {city} опять огромная очередь.",
                "Поддержка портала электронных услуг не отвечает, это недопустимо.",
            ],
        },
    },
    "od": {
        "title": {
            "pos": [
                "Открытые данные помогли сэкономить бюджет в {city}",
                "Опубликовано ещё {n} наборов открытых данных",
                "Журналисты хвалят новый портал открытых данных",
            ],
            "neu": [
                "Законопроект об открытых данных вынесли на общественное обсуждение",
                "Какие реестры станут открытыми данными в этом году",
                "Обсуждение закона об открытых данных продлится до конца месяца",
            ],
            "neg": [
                "Наборы открытых данных обновляют с опозданием",
                "Эксперты критикуют законопроект об открытых данных",
                "В открытых данных нашли ошибки",
            ],
        },
        "body": {
            "pos": [
                "Благодаря открытым данным о закупках власти в {city} нашли более дешёвых "
                "поставщиков.",
                "Новый портал открытых данных удобный: всё можно скачать в CSV и JSON.",
                "Студенты сделали карту остановок на основе открытых данных, очень полезно.",
                "За год число наборов открытых данных выросло до {n} тыс.",
            ],
            "neu": [
                "Комментарии к законопроекту об открытых данных принимают до конца месяца.",
                "Реестр школ опубликуют как открытые данные в формате CSV.",
                "Открытые данные обновляются еженедельно по опубликованному графику.",
                "Обсуждение закона об открытых данных пройдёт в {city} в четверг.",
            ],
            "neg": [
                "Набор открытых данных о бюджете не обновляли полгода.",
                "В открытых данных реестра нашли сотни дубликатов и ошибок.",
                "Законопроект об открытых данных позволяет закрывать слишком много реестров, это "
                "плохо.",
                "Ссылки на открытые данные на сайте министерства не работают.",
            ],
        },
    },
    "other": {
        "title": [
            "Прогноз погоды на выходные",
            "В {city} отремонтируют мост",
            "Фестиваль уличной еды пройдёт в {city}",
        ],
        "body": [
            "Синоптики обещают дождь и похолодание до конца недели.",
            "Ремонт дороги в {city} завершат до зимы, сообщили в акимате.",
            "В парке открыли новую детскую площадку.",
            "В {city} местная футбольная команда выиграла кубок области.",
            "Автобусный маршрут изменит расписание с понедельника.",
        ],
    },
    "open": ["Друзья,", "Важно:", "Новость дня.", "Коротко:", ""],
    "close": ["Поделитесь с близкими.", "Что думаете?", "Подробности по ссылке.", ""],
    "tags": {"dl": "#ЦифроваяГрамотность", "es": "#ЭлектронныеУслуги", "od": "#ОткрытыеДанные"},
    "claim": [
        "Внимание! С 1 декабря все электронные услуги станут платными, по 200 за справку.",
        "Знакомые из министерства говорят: с 1 декабря электронные услуги станут платными. Репост!",
        "Срочно: электронные услуги станут платными уже с декабря, готовьте деньги.",
    ],
    "rebuttal": [
        "Это неправда: электронные услуги остаются бесплатными, платных услуг не вводят.",
    ],
}

EN: dict[str, Any] = {
    "fill": {
        "city": ["Kyiv", "Lviv", "Da Nang", "Toulouse", "Hangzhou", "Almaty", "Montpellier"],
        "group": ["pensioners", "teachers", "farmers", "veterans", "students", "parents"],
        "service": ["a birth certificate", "a housing subsidy", "a business licence", "a passport"],
    },
    "dl": {
        "title": {
            "pos": [
                "{city} opens another digital literacy hub",
                "{n},000 people have now finished the free digital literacy course",
                "Digital literacy course for {group} gets glowing reviews",
            ],
            "neu": [
                "Ministry updates the digital literacy curriculum",
                "How to sign up for the digital literacy course",
                "Survey measures digital skills in rural communities",
            ],
            "neg": [
                "Waiting lists grow for digital literacy classes in {city}",
                "Villages still wait for the promised digital literacy classes",
                "Digital literacy course videos fail on older phones",
            ],
        },
        "body": {
            "pos": [
                "My dad finished the digital literacy course and now books his doctor online. "
                "Great work!",
                "The digital skills classes in {city} are excellent, patient and friendly tutors.",
                "{n} {group} received their digital literacy certificates this month.",
                "Finally a digital literacy course that explains things clearly, love it.",
            ],
            "neu": [
                "The digital literacy course has eight modules and takes four weeks.",
                "You can enrol in digital skills training at a service centre or on the ministry "
                "website.",
                "The next digital literacy group in {city} starts on Monday.",
                "The digital literacy programme was designed together with public libraries.",
            ],
            "neg": [
                "Nobody in {city} can get a place on the digital literacy course for weeks now.",
                "We were promised digital literacy classes in every village, still nothing here.",
                "The digital skills tutor left mid-course and the group was abandoned. Terrible.",
                "Digital literacy lessons keep crashing on cheap phones, really frustrating.",
            ],
        },
    },
    "es": {
        "title": {
            "pos": [
                "You can now get {service} online in minutes",
                "E-services portal adds {n} new services",
                "Online services save citizens hours of queueing",
            ],
            "neu": [
                "E-services portal schedules maintenance",
                "What changes in the e-services next month",
                "Figures: how many applications went through the e-services portal",
            ],
            "neg": [
                "E-services portal down again",
                "Residents of {city} report e-services outages",
                "Applied through the e-services, no answer for a month",
            ],
        },
        "body": {
            "pos": [
                "Got {service} through the e-services in five minutes, no queue at all. "
                "Impressive.",
                "The e-services portal is finally fast and easy to use, thank you.",
                "In {city}, {n} percent of applications now go through the e-services.",
                "Great that the e-services now work in the mobile app too.",
            ],
            "neu": [
                "Applications for {service} can be filed on the e-services portal.",
                "Maintenance on the e-services portal will last until the morning.",
                "The online services are open around the clock; answers arrive in your account.",
                "The ministry published the list of e-services coming before the end of the year.",
            ],
            "neg": [
                "The e-services portal has been throwing errors for two days. Awful.",
                "I applied for {service} via the e-services and they lost my application.",
                "E-services down again and the service centre in {city} has a huge queue.",
                "E-services support does not answer at all, unacceptable.",
            ],
        },
    },
    "od": {
        "title": {
            "pos": [
                "Open data helped {city} cut procurement costs",
                "{n} more open data sets published",
                "Journalists praise the new open data portal",
            ],
            "neu": [
                "Draft open data law opens for public consultation",
                "Which registers become open data this year",
                "Consultation on the open data law runs until the end of the month",
            ],
            "neg": [
                "Open data sets updated late again",
                "Experts criticise the draft open data law",
                "Errors found in published open data",
            ],
        },
        "body": {
            "pos": [
                "Thanks to open data on procurement, {city} found cheaper suppliers.",
                "The new open data portal is great: everything downloads as CSV and JSON.",
                "Students built a map of bomb shelters from open data, so useful.",
                "The number of open data sets grew to {n},000 in a year.",
            ],
            "neu": [
                "Comments on the draft open data law are accepted until the end of the month.",
                "The register of clinics will be published as open data in CSV.",
                "Open data is refreshed weekly on a published schedule.",
                "A public hearing on the open data law takes place in {city} on Thursday.",
            ],
            "neg": [
                "The budget open data set has not been updated for six months.",
                "Hundreds of duplicates and errors found in the register's open data.",
                "The draft open data law lets agencies close too many registers, a bad idea.",
                "Links to open data on the ministry website are broken.",
            ],
        },
    },
    "other": {
        "title": [
            "Weekend weather forecast",
            "{city} to repair its old bridge",
            "Street food festival in {city}",
        ],
        "body": [
            "Forecasters expect rain and colder weather until the end of the week.",
            "Road works in {city} will finish before winter, the council says.",
            "A new playground opened in the central park.",
            "The {city} football club won the regional cup.",
            "The bus timetable changes from Monday.",
        ],
    },
    "open": ["Heads up:", "Worth reading.", "Quick update:", "PSA:", ""],
    "close": ["Please share.", "Thoughts?", "Details in the link.", ""],
    "tags": {"dl": "#DigitalLiteracy", "es": "#eServices", "od": "#OpenData"},
    "claim": [
        "BREAKING: from December 1 all e-services will be paid, 200 per certificate. Share!",
        "A friend at the ministry confirms the e-services will be paid from December. Spread the "
        "word.",
    ],
    "rebuttal": ["False: the e-services stay free of charge, no paid services are planned."],
}
