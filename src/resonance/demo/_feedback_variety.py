"""Demo text (CC0, invented): personal remarks, signatures and staff replies in six languages.

A phrase bank repeats its sentences, and a form-letter detector rightly calls repeated text a
campaign; each message therefore also says who writes and from where, from slots filled at
random, so that only the real form letter reads as one. Replies answer each theme specifically,
so the vacuous-reply check passes them.
"""

from __future__ import annotations

# Invented village and town names per language of writing.
PLACES: dict[str, list[str]] = {
    "uk": ["Вербівка", "Калинівка", "Зелений Гай", "Підгірці", "Ставище", "Яблунівка",
           "Озерне", "Соснівка", "Білогір'я", "Кленове", "Дубрівка", "Лугове", "Ясенів",
           "Травневе", "Криниці", "Заріччя"],
    "ru": ["Вербовка", "Калиновка", "Зелёный Гай", "Подгорцы", "Ставище", "Яблоновка",
           "Озёрное", "Сосновка", "Белогорье", "Кленовое", "Дубровка", "Луговое"],
    "en": ["Ashford Green", "Millbrook", "Oakley", "Fernhill", "Stonebridge", "Willowby",
           "Hollins", "Marsh End", "Brackley", "Eastwold"],
    "fr": ["Saint-Aubin-les-Prés", "Montclar", "Villefranche-du-Bois", "Lacoste", "Roquevert",
           "Belcastel", "Saint-Martin-d'Oydes", "Cazals", "Puylaurens", "Fontanès"],
    "vi": ["xã Hòa Phong", "xã Hòa Tiến", "phường Hòa Khánh", "xã Hòa Ninh", "xã Hòa Bắc",
           "phường Mỹ An", "phường An Hải", "xã Hòa Liên", "xã Hòa Sơn", "phường Thanh Bình"],
    "zh": ["柳树村", "石桥镇", "青山村", "白水镇", "桃花坞", "新河村", "东岭村", "南湖镇",
           "杏林村", "大营镇"],
}  # fmt: skip

WHO: dict[str, list[str]] = {
    "uk": ["вчителька", "пенсіонер", "мама двох дітей", "фермер", "студентка", "медсестра",
           "водій", "бібліотекарка", "підприємець", "волонтерка"],
    "ru": ["учительница", "пенсионер", "мама двоих детей", "фермер", "студентка", "медсестра",
           "водитель", "библиотекарь", "предприниматель", "волонтёр"],
    "en": ["a teacher", "a pensioner", "a mother of two", "a farmer", "a student", "a nurse",
           "a bus driver", "a librarian", "a shop owner", "a volunteer"],
    "fr": ["enseignante", "retraité", "mère de deux enfants", "agriculteur", "étudiante",
           "infirmière", "chauffeur de bus", "bibliothécaire", "commerçant", "bénévole"],
    "vi": ["giáo viên", "người về hưu", "mẹ của hai con", "nông dân", "sinh viên", "y tá",
           "tài xế", "thủ thư", "chủ cửa hàng", "tình nguyện viên"],
    "zh": ["老师", "退休工人", "两个孩子的妈妈", "农民", "大学生", "护士", "司机", "图书管理员",
           "个体户", "志愿者"],
}  # fmt: skip

# {who}, {place}, {street}, {n}: who writes, from where, a number from 5 to 20.
PERSONAL: dict[str, list[str]] = {
    "uk": ["Я {who}, село {place}, живу тут {n} років.",
           "Пише {who}, село {place}, вулиця {street}.",
           "Я {who} і вже {n} років працюю в селі {place}.",
           "Я {who}; у селі {place} таких родин щонайменше {n}."],
    "ru": ["Я {who}, село {place}, живу здесь {n} лет.",
           "Пишет {who}, село {place}, улица {street}.",
           "Я {who} и уже {n} лет работаю в селе {place}.",
           "Я {who}; в селе {place} таких семей не меньше {n}."],
    "en": ["I am {who} from {place} and have lived here for {n} years.",
           "Written by {who} on {street} Street, {place}.",
           "I have worked in {place} as {who} for {n} years.",
           "I am {who}; at least {n} families in {place} are in the same situation."],
    "fr": ["Je suis {who} à {place}, où je vis depuis {n} ans.",
           "Écrit rue {street} à {place} ({who}).",
           "Je travaille à {place} comme {who} depuis {n} ans.",
           "Je suis {who} ; à {place}, au moins {n} familles sont dans ce cas."],
    "vi": ["Tôi là {who} ở {place}, sống ở đây {n} năm.",
           "Người viết: {who}, đường {street}, {place}.",
           "Tôi làm {who} ở {place} đã {n} năm.",
           "Tôi là {who}; ở {place} có ít nhất {n} hộ gặp tình trạng này."],
    "zh": ["我是{place}的{who}，在这里住了{n}年。", "写信人：{place}{street}的{who}。",
           "我在{place}当{who}已经{n}年了。", "我是{who}，{place}至少有{n}户人家是这样。"],
}  # fmt: skip

# Signatures of consultation comments ("— name, place").
NAMES: dict[str, list[str]] = {
    "uk": ["Оксана", "Петро", "Ірина", "Василь", "Галина", "Андрій", "Марія", "Богдан"],
    "ru": ["Ольга", "Сергей", "Наталья", "Игорь", "Елена", "Дмитрий"],
    "en": ["Anna", "Tom", "Priya", "James", "Grace"],
    "fr": ["Claire", "Julien", "Amina", "Lucas"],
    "vi": ["Lan", "Minh", "Hoa", "Tuấn"],
    "zh": ["王芳", "李强", "张丽", "陈刚"],
}

# Reply templates per language ({reference}, {date}, {form}, {unit} are filled from the item).
REPLY_TEMPLATES: dict[str, str] = {
    "uk": "Дякуємо за звернення {reference} від {date} через форму «{form}». {unit} розглянув "
    "його.",
    "ru": "Спасибо за обращение {reference} от {date} через форму «{form}». {unit} рассмотрел его.",
    "en": "Thank you for your message {reference} of {date} sent through “{form}”. {unit} has "
    "looked into it.",
    "fr": "Merci pour votre message {reference} du {date} envoyé via « {form} ». {unit} l'a "
    "examiné.",
    "vi": "Cảm ơn ý kiến {reference} ngày {date} gửi qua biểu mẫu “{form}”. {unit} đã xem xét.",
    "zh": "感谢您于{date}通过“{form}”提交的意见{reference}。{unit}已经进行了研究。",
}

# What was done, per theme and language: specific words the vacuous-reply check looks for.
REPLIES: dict[str, dict[str, str]] = {
    "rural_internet": {
        "uk": "Ваше село внесено до плану підключення до широкосмугового інтернету; оператор "
        "протягом місяця перевірить мобільний зв'язок і покриття на околицях.",
        "ru": "Ваше село включено в план подключения к широкополосному интернету; оператор в "
        "течение месяца проверит мобильную связь и покрытие на окраинах.",
        "en": "Your village is now on the broadband connection plan; the operator will test the "
        "mobile signal and coverage on the outskirts within a month.",
        "fr": "Votre commune figure désormais au plan de raccordement au haut débit ; "
        "l'opérateur mesurera le réseau mobile dans les hameaux d'ici un mois.",
        "vi": "Thôn của bạn đã được đưa vào kế hoạch phủ sóng băng thông rộng; nhà mạng sẽ kiểm "
        "tra sóng di động và cáp quang trong tháng này.",
        "zh": "您所在的村已列入宽带接入计划，运营商将在一个月内检测手机信号和光纤覆盖情况。",
    },
    "elderly_training": {
        "uk": "Для літніх людей ми відкриваємо додаткові заняття в бібліотеці щовівторка, з "
        "наставником і друкованими пам'ятками великим шрифтом.",
        "ru": "Для пожилых людей мы открываем дополнительные занятия в библиотеке по вторникам, "
        "с наставником и печатными памятками крупным шрифтом.",
        "en": "We are adding extra classes for older people in the library every Tuesday, with a "
        "tutor and printed large-print guides.",
        "fr": "Nous ouvrons des ateliers supplémentaires pour les seniors à la médiathèque chaque "
        "mardi, avec un accompagnant et des guides en gros caractères.",
        "vi": "Chúng tôi mở thêm lớp cho người cao tuổi tại thư viện vào thứ Ba hằng tuần, có "
        "người hướng dẫn và tài liệu in chữ to.",
        "zh": "我们每周二在图书馆为老年人加开课程，配有辅导员，并提供大字版的操作指南。",
    },
    "eservice_login": {
        "uk": "Збій із кодом підтвердження на порталі виправлено в оновленні; якщо вхід не "
        "вдасться, скиньте пароль і зверніться до служби підтримки за номером на сайті.",
        "ru": "Сбой с кодом подтверждения на портале исправлен в обновлении; если вход не "
        "удастся, сбросьте пароль и обратитесь в службу поддержки по номеру на сайте.",
        "en": "The confirmation code fault on the portal was fixed in the latest update; if the "
        "login still fails, reset the password and call the support line listed on the site.",
        "fr": "Le problème de code de confirmation du portail est corrigé par la mise à jour ; "
        "si la connexion échoue encore, réinitialisez le mot de passe et appelez l'assistance.",
        "vi": "Lỗi mã xác nhận trên cổng dịch vụ đã được sửa trong bản cập nhật; nếu vẫn không "
        "đăng nhập được, hãy đặt lại mật khẩu và gọi tổng đài hỗ trợ.",
        "zh": "平台验证码的故障已在最新更新中修复；"
        "如果仍无法登录，请重置密码并拨打网站上的客服电话。",
    },
    "privacy": {
        "uk": "Доступ до персональних даних у реєстрах мають лише уповноважені працівники, дані "
        "не передаються приватним компаніям, а журнал переглядів ви можете замовити на порталі.",
        "ru": "Доступ к персональным данным в реестрах есть только у уполномоченных сотрудников, "
        "данные не передаются частным компаниям, а журнал просмотров можно заказать на портале.",
        "en": "Only authorised staff can access personal data in the registers, no data is "
        "passed to private companies, and you can request the log of who viewed your records.",
        "fr": "Seuls les agents habilités accèdent aux données personnelles des registres, rien "
        "n'est transmis aux entreprises privées et vous pouvez demander le journal des accès.",
        "vi": "Chỉ cán bộ được ủy quyền mới truy cập dữ liệu cá nhân trong cơ sở dữ liệu, dữ "
        "liệu không chuyển cho doanh nghiệp tư nhân và bạn có thể yêu cầu nhật ký truy cập.",
        "zh": "只有获得授权的工作人员才能查看登记系统中的个人信息，"
        "数据不会交给私人公司，您可以申请查看访问记录。",
    },
    "school_devices": {
        "uk": "Ноутбуки для вчителів вашої школи відвантажено цього тижня, а на ремонт шкільної "
        "техніки та чохли для планшетів передбачено окремі кошти.",
        "ru": "Ноутбуки для учителей вашей школы отгружены на этой неделе, а на ремонт школьной "
        "техники и чехлы для планшетов предусмотрены отдельные средства.",
        "en": "The laptops for your school's teachers were shipped this week, and separate money "
        "is set aside for repairing school equipment and tablet covers.",
        "fr": "Les ordinateurs portables des enseignants de votre école sont partis cette "
        "semaine, et un budget distinct couvre la réparation du matériel et les coques.",
        "vi": "Máy tính xách tay cho giáo viên trường bạn đã được chuyển đi tuần này, và có kinh "
        "phí riêng để sửa chữa thiết bị và mua ốp cho máy tính bảng.",
        "zh": "贵校老师的笔记本电脑已于本周发出，另外安排了学校设备维修和平板保护套的专项经费。",
    },
    "accessibility": {
        "uk": "Ми передали ваші зауваження розробникам порталу: до кінця кварталу форми "
        "працюватимуть з клавіатури та екранним зчитувачем, а відео курсу отримають субтитри.",
        "ru": "Мы передали ваши замечания разработчикам портала: до конца квартала формы будут "
        "работать с клавиатуры и экранным диктором, а видео курса получат субтитры.",
        "en": "The portal developers have your notes: by the end of the quarter the forms will "
        "work with a keyboard and a screen reader, and the course videos will have subtitles.",
        "fr": "Les développeurs du portail ont vos remarques : d'ici la fin du trimestre les "
        "formulaires fonctionneront au clavier et au lecteur d'écran, vidéos sous-titrées.",
        "vi": "Các góp ý đã được chuyển cho nhóm phát triển cổng dịch vụ: trong quý này biểu mẫu "
        "sẽ dùng được bằng bàn phím và phần mềm đọc màn hình, video sẽ có phụ đề.",
        "zh": "您的意见已转给平台开发人员：本季度内表格将支持键盘和读屏软件操作，"
        "课程视频也会加上字幕。",
    },
}

# The offline-channel campaign, answered once for every signer.
CAMPAIGN_REPLY = (
    "Паперові довідки та прийом у ЦНАП зберігаються: програма не скасовує офлайн-канал, а "
    "для сіл без ЦНАП курсуватиме мобільний офіс раз на тиждень."
)

# What a focal point asks when a message needs more information, per language.
QUESTIONS: dict[str, str] = {
    "uk": "Уточніть, будь ласка, назву населеного пункту та номер будинку.",
    "ru": "Уточните, пожалуйста, название населённого пункта и номер дома.",
    "en": "Could you tell us the name of your village and the house number?",
    "fr": "Pouvez-vous préciser le nom de la commune et le numéro de la maison ?",
    "vi": "Xin cho biết tên thôn và số nhà của bạn.",
    "zh": "请告诉我们您所在村的名称和门牌号。",
}

# Why citizens reopen an answered request.
REOPEN_REASONS: dict[str, str] = {
    "uk": "Минуло два тижні, але нічого не змінилося.",
    "ru": "Прошло две недели, но ничего не изменилось.",
    "en": "Two weeks have passed and nothing has changed.",
    "fr": "Deux semaines ont passé et rien n'a changé.",
    "vi": "Đã hai tuần trôi qua nhưng chưa có gì thay đổi.",
    "zh": "已经过去两周了，情况没有任何变化。",
}

# Messages a moderator should see first (all capitals, link spam, an insult); never shown.
HELD: list[tuple[str, str]] = [
    ("uk", "ЦЕ ГАНЬБА! НІХТО НЕ ВІДПОВІДАЄ НА НАШІ ЛИСТИ ВЖЕ ТРЕТІЙ МІСЯЦЬ, ВСІМ БАЙДУЖЕ!"),
    ("en", "This programme is bullshit and so are the people running it."),
    (
        "ru",
        "Лучшие курсы тут: http://spam.example/a http://spam.example/b http://spam.example/c",
    ),
    ("fr", "C'EST UNE HONTE, PERSONNE NE RÉPOND JAMAIS AU TÉLÉPHONE DU PORTAIL !"),
]

# Phone numbers citizens wrote into their message (invented, in reserved-looking ranges).
PHONES: dict[str, str] = {
    "uk": "Мій телефон: +380 44 555 01{nn}, дзвоніть після шостої.",
    "ru": "Мой телефон: +380 44 555 02{nn}, звоните вечером.",
    "en": "You can call me on +44 20 7946 0{nn}5.",
    "fr": "Mon numéro : 01 99 00 12 {nn}.",
    "vi": "Số điện thoại của tôi: 0236 555 01{nn}.",
    "zh": "我的电话是 138 0013 80{nn}。",
}

# Months in the case the SITUATION sentences need ("since March"), and street names.
MONTHS: dict[str, list[str]] = {
    "uk": ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
           "вересня", "жовтня", "листопада", "грудня"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "vi": [str(m) for m in range(1, 13)],
    "zh": [str(m) for m in range(1, 13)],
}  # fmt: skip
STREETS: dict[str, list[str]] = {
    "uk": ["Садова", "Шкільна", "Миру", "Лісова", "Центральна", "Польова", "Зарічна", "Молодіжна"],
    "ru": ["Садовая", "Школьная", "Мира", "Лесная", "Центральная", "Полевая", "Заречная"],
    "en": ["Mill", "Church", "Station", "Orchard", "Bridge", "Meadow", "School", "Chapel"],
    "fr": ["des Écoles", "du Moulin", "de la Gare", "des Lilas", "du Stade", "de l'Église"],
    "vi": ["Lê Lợi", "Hùng Vương", "Nguyễn Huệ", "Quang Trung", "Lý Thường Kiệt", "Bạch Đằng"],
    "zh": ["建设路", "人民路", "和平街", "胜利路", "友谊街", "长江路"],
}  # fmt: skip

# How long and how widely: {k} times, since {month}, {n} neighbours on {street}, in {place}.
SITUATION: dict[str, list[str]] = {
    "uk": ["Я пишу про це вже {k}-й раз, починаючи з {month}.",
           "Від {month} у нашому селі {place} нічого не змінилося.",
           "Про це скажуть щонайменше {n} сусідів з вулиці {street}."],
    "ru": ["Я пишу об этом уже {k}-й раз, начиная с {month}.",
           "С {month} в нашем селе {place} ничего не изменилось.",
           "Это подтвердят не меньше {n} соседей с улицы {street}."],
    "en": ["I have written about this {k} times since {month}.",
           "Since {month} nothing has changed in {place}.",
           "At least {n} neighbours on {street} Street would say the same."],
    "fr": ["J'ai écrit {k} fois à ce sujet depuis {month}.",
           "Depuis {month}, rien n'a changé à {place}.",
           "Au moins {n} voisins de la rue {street} vous diront la même chose."],
    "vi": ["Tôi đã viết về việc này {k} lần kể từ tháng {month}.",
           "Từ tháng {month} đến nay, ở {place} vẫn chưa có gì thay đổi.",
           "Ít nhất {n} hộ trên đường {street} cũng gặp tình trạng này."],
    "zh": ["从{month}月到现在，我已经反映过{k}次了。", "从{month}月起，{place}的情况一直没有改变。",
           "{street}至少有{n}户邻居也是这样。"],
}  # fmt: skip
