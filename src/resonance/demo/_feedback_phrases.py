"""Demo citizens' messages, written for the demo (CC0), composed from phrases in six languages.

Each theme has sentences a citizen might write; messages combine an opener, one to three theme
sentences, an optional detail and a closer, so themes are discoverable but no two messages read
alike. Everything here is invented and labelled as demo text in the UI.
"""

from __future__ import annotations

LANGS = ("uk", "ru", "en", "fr", "vi", "zh")

OPENERS: dict[str, list[str]] = {
    "uk": [
        "Добрий день.",
        "Шановні працівники міністерства!",
        "Пишу як мешканка громади.",
        "Вітаю.",
        "Звертаюся щодо програми цифрової грамотності.",
        "",
    ],
    "ru": [
        "Здравствуйте.",
        "Уважаемые сотрудники министерства!",
        "Пишу как житель района.",
        "Добрый день.",
        "Обращаюсь по поводу программы цифровой грамотности.",
        "",
    ],
    "en": [
        "Hello.",
        "Dear ministry staff,",
        "I am writing as a resident of our district.",
        "Good afternoon.",
        "I am writing about the digital literacy programme.",
        "",
    ],
    "fr": [
        "Bonjour.",
        "Madame, Monsieur,",
        "J'écris en tant qu'habitante de la commune.",
        "Bonjour à l'équipe du ministère.",
        "Je vous écris au sujet du programme numérique.",
        "",
    ],
    "vi": [
        "Xin chào.",
        "Kính gửi quý cơ quan,",
        "Tôi là người dân ở phường.",
        "Chào các anh chị.",
        "Tôi viết về chương trình kỹ năng số.",
        "",
    ],
    "zh": [
        "您好。",
        "尊敬的部门工作人员：",
        "我是本区的居民。",
        "你们好。",
        "关于数字素养项目，我想反映一下。",
        "",
    ],
}

CLOSERS: dict[str, list[str]] = {
    "uk": ["Дякую.", "Чекаю на відповідь.", "Сподіваюся, мене почують.", "З повагою.", ""],
    "ru": ["Спасибо.", "Жду ответа.", "Надеюсь, меня услышат.", "С уважением.", ""],
    "en": [
        "Thank you.",
        "I look forward to your answer.",
        "I hope someone listens.",
        "Kind regards.",
        "",
    ],
    "fr": ["Merci.", "J'attends votre réponse.", "J'espère être entendue.", "Cordialement.", ""],
    "vi": [
        "Xin cảm ơn.",
        "Mong nhận được phản hồi.",
        "Hy vọng ý kiến được lắng nghe.",
        "Trân trọng.",
        "",
    ],
    "zh": ["谢谢。", "期待你们的答复。", "希望我的意见能被听到。", "此致敬礼。", ""],
}

# theme -> language -> sentences
THEMES: dict[str, dict[str, list[str]]] = {
    "rural_internet": {
        "uk": [
            (
                "У нашому селі інтернет настільки повільний, що "
                "онлайн-заняття просто не відкриваються."
            ),
            "Без стабільного зв'язку в селах курси цифрової грамотності нічого не дадуть.",
            "Оптоволокно провели лише до центру громади, а на околицях зв'язку немає.",
            "Мобільний інтернет зникає щовечора, діти не можуть зробити домашнє завдання.",
            "Просимо включити наше село до програми підключення до широкосмугового інтернету.",
        ],
        "ru": [
            "В нашей деревне интернет такой медленный, что онлайн-занятия не открываются.",
            "Без нормальной связи в сёлах курсы цифровой грамотности ничего не дадут.",
            "Оптоволокно провели только до центра, а на окраинах связи нет.",
            "Мобильный интернет пропадает каждый вечер, дети не могут сделать уроки.",
            "Просим включить наше село в программу подключения к широкополосному интернету.",
        ],
        "en": [
            "The internet in our village is so slow that the online lessons do not even load.",
            "Without a stable connection in rural areas the digital literacy courses are useless.",
            "Fibre was laid only to the town centre and the outskirts still have no connection.",
            "Mobile internet drops every evening and children cannot do their homework.",
            "Please add our village to the broadband connection programme.",
        ],
        "fr": [
            (
                "Dans notre village, la connexion est si lente que "
                "les cours en ligne ne s'ouvrent pas."
            ),
            (
                "Sans connexion stable dans les campagnes, les "
                "formations numériques ne servent à rien."
            ),
            "La fibre s'arrête au centre-bourg et les hameaux n'ont toujours pas de réseau.",
            (
                "Le réseau mobile coupe tous les soirs et les enfants "
                "ne peuvent pas faire leurs devoirs."
            ),
            "Merci d'inscrire notre commune au programme de raccordement au haut débit.",
        ],
        "vi": [
            "Mạng internet ở xã chúng tôi quá chậm, không thể mở được các bài học trực tuyến.",
            "Nếu vùng nông thôn không có kết nối ổn định thì các khóa học kỹ năng số không có ích.",
            "Cáp quang chỉ kéo đến trung tâm xã, các thôn xa vẫn chưa có mạng.",
            "Mạng di động mất vào mỗi buổi tối nên con em không làm được bài tập.",
            "Đề nghị đưa thôn chúng tôi vào chương trình phủ sóng băng thông rộng.",
        ],
        "zh": [
            "我们村的网速太慢了，网课根本打不开。",
            "农村没有稳定的网络，数字素养课程就没有意义。",
            "光纤只铺到了镇中心，周边的村子还是没有信号。",
            "每天晚上手机网络都会断，孩子们没法写作业。",
            "请把我们村列入宽带接入计划。",
        ],
    },
    "elderly_training": {
        "uk": [
            (
                "Моя мама на пенсії і не знає, як користуватися "
                "смартфоном, потрібні курси для літніх людей."
            ),
            "Заняття для пенсіонерів мають бути в бібліотеці поруч, а не лише онлайн.",
            "Літнім людям потрібен терплячий наставник, а не відеоінструкція.",
            "Курси для старшого віку заповнюються за один день, місць замало.",
            "Роздрукуйте, будь ласка, прості пам'ятки великим шрифтом для пенсіонерів.",
        ],
        "ru": [
            "Моя мама на пенсии и не умеет пользоваться смартфоном, нужны курсы для пожилых.",
            "Занятия для пенсионеров должны проходить в библиотеке рядом, а не только онлайн.",
            "Пожилым людям нужен терпеливый наставник, а не видеоинструкция.",
            "Курсы для старшего возраста заполняются за один день, мест слишком мало.",
            "Распечатайте, пожалуйста, простые памятки крупным шрифтом для пенсионеров.",
        ],
        "en": [
            (
                "My mother is retired and does not know how to use a "
                "smartphone; we need classes for older people."
            ),
            "Classes for pensioners should be held in the local library, not only online.",
            "Older people need a patient tutor, not a video tutorial.",
            "The courses for seniors fill up in a single day; there are far too few places.",
            "Please print simple large-print guides for pensioners.",
        ],
        "fr": [
            (
                "Ma mère est retraitée et ne sait pas utiliser un smartphone "
                ": il faut des ateliers pour les seniors."
            ),
            (
                "Les ateliers pour les retraités devraient avoir lieu à "
                "la médiathèque, pas seulement en ligne."
            ),
            "Les personnes âgées ont besoin d'un accompagnant patient, pas d'un tutoriel vidéo.",
            "Les ateliers seniors sont complets en une journée, il n'y a pas assez de places.",
            "Merci d'imprimer des guides simples en gros caractères pour les retraités.",
        ],
        "vi": [
            (
                "Mẹ tôi đã nghỉ hưu và không biết dùng điện thoại thông "
                "minh, cần có lớp học cho người cao tuổi."
            ),
            "Lớp học cho người về hưu nên tổ chức ở thư viện gần nhà, không chỉ học trực tuyến.",
            "Người cao tuổi cần người hướng dẫn kiên nhẫn chứ không phải video hướng dẫn.",
            "Các lớp cho người lớn tuổi hết chỗ chỉ trong một ngày, quá ít chỗ.",
            "Xin in tài liệu hướng dẫn chữ to, dễ hiểu cho người cao tuổi.",
        ],
        "zh": [
            "我妈妈已经退休了，不会用智能手机，需要给老年人开培训班。",
            "老年人的课程应该在附近的图书馆上，而不是只在网上。",
            "老人需要有耐心的辅导员，而不是视频教程。",
            "老年班一天就报满了，名额太少。",
            "请为老年人印一些大字版的简单操作指南。",
        ],
    },
    "eservice_login": {
        "uk": [
            (
                "Третій день не можу увійти на портал електронних "
                "послуг, код підтвердження не приходить."
            ),
            (
                "Після оновлення застосунок вимагає повторну "
                "ідентифікацію, а банк-ідентифікація не працює."
            ),
            "Портал зависає на кроці електронного підпису.",
            "Служба підтримки порталу не відповідає на дзвінки.",
            "Пароль скидається щоразу, коли я змінюю телефон.",
        ],
        "ru": [
            "Третий день не могу войти на портал электронных услуг, код подтверждения не приходит.",
            (
                "После обновления приложение требует повторную "
                "идентификацию, а банковская не работает."
            ),
            "Портал зависает на шаге электронной подписи.",
            "Служба поддержки портала не отвечает на звонки.",
            "Пароль сбрасывается каждый раз, когда я меняю телефон.",
        ],
        "en": [
            (
                "For three days I have not been able to log in to the e-services "
                "portal; the confirmation code never arrives."
            ),
            (
                "After the update the app asks me to verify my "
                "identity again and the bank login fails."
            ),
            "The portal freezes at the electronic signature step.",
            "Nobody answers the portal's support line.",
            "My password is reset every time I change phones.",
        ],
        "fr": [
            (
                "Depuis trois jours je ne peux pas me connecter au portail "
                "des démarches, le code n'arrive jamais."
            ),
            (
                "Après la mise à jour, l'application redemande mon "
                "identité et la connexion bancaire échoue."
            ),
            "Le portail se bloque à l'étape de la signature électronique.",
            "Personne ne répond au numéro d'assistance du portail.",
            "Mon mot de passe est réinitialisé à chaque changement de téléphone.",
        ],
        "vi": [
            "Ba ngày nay tôi không đăng nhập được cổng dịch vụ công, mã xác nhận không gửi về.",
            (
                "Sau khi cập nhật, ứng dụng bắt xác thực lại danh tính "
                "và đăng nhập qua ngân hàng bị lỗi."
            ),
            "Cổng dịch vụ bị treo ở bước ký số.",
            "Tổng đài hỗ trợ của cổng dịch vụ không ai nghe máy.",
            "Mỗi lần đổi điện thoại là mật khẩu lại bị đặt lại.",
        ],
        "zh": [
            "我已经三天登录不了政务服务平台了，验证码一直收不到。",
            "更新以后应用要求重新认证身份，银行登录也失败了。",
            "平台在电子签名那一步卡住了。",
            "平台的客服电话一直没人接。",
            "每次换手机密码都会被重置。",
        ],
    },
    "privacy": {
        "uk": [
            "Я хвилююся, хто має доступ до моїх персональних даних у реєстрах.",
            "Поясніть, як довго зберігаються дані, які ми вводимо на порталі.",
            "Не хочу, щоб мої дані передавали приватним компаніям без згоди.",
            "Після витоку даних минулого року люди бояться користуватися е-послугами.",
            "Потрібен простий спосіб дізнатися, хто переглядав мої дані.",
        ],
        "ru": [
            "Меня беспокоит, кто имеет доступ к моим персональным данным в реестрах.",
            "Объясните, как долго хранятся данные, которые мы вводим на портале.",
            "Не хочу, чтобы мои данные передавали частным компаниям без согласия.",
            "После утечки данных в прошлом году люди боятся пользоваться е-услугами.",
            "Нужен простой способ узнать, кто просматривал мои данные.",
        ],
        "en": [
            "I am worried about who can access my personal data in the registers.",
            "Please explain how long the data we enter on the portal is kept.",
            "I do not want my data passed to private companies without my consent.",
            "After last year's data leak people are afraid to use e-services.",
            "There should be a simple way to see who has viewed my data.",
        ],
        "fr": [
            "Je m'inquiète de savoir qui a accès à mes données personnelles dans les registres.",
            "Expliquez combien de temps sont conservées les données saisies sur le portail.",
            (
                "Je refuse que mes données soient transmises à des "
                "entreprises privées sans mon accord."
            ),
            "Depuis la fuite de données de l'an dernier, les gens ont peur des démarches en ligne.",
            "Il faudrait un moyen simple de savoir qui a consulté mes données.",
        ],
        "vi": [
            "Tôi lo lắng không biết ai được truy cập dữ liệu cá nhân của tôi trong cơ sở dữ liệu.",
            "Xin giải thích dữ liệu chúng tôi nhập trên cổng được lưu trong bao lâu.",
            "Tôi không muốn dữ liệu của mình bị chuyển cho doanh nghiệp tư nhân khi chưa đồng ý.",
            "Sau vụ lộ dữ liệu năm ngoái, người dân ngại dùng dịch vụ công trực tuyến.",
            "Cần có cách đơn giản để biết ai đã xem dữ liệu của tôi.",
        ],
        "zh": [
            "我担心谁能查看登记系统里我的个人信息。",
            "请说明我们在平台上填写的数据会保存多久。",
            "我不希望我的数据未经同意就交给私人公司。",
            "去年数据泄露以后，大家都不敢用网上办事了。",
            "应该有一个简单的办法查看谁看过我的数据。",
        ],
    },
    "school_devices": {
        "uk": [
            "У школі моєї доньки один комп'ютерний клас на шістсот учнів.",
            "Обіцяні ноутбуки для вчителів так і не надійшли до нашої школи.",
            "Планшети, які видали учням, не мають захисних чохлів і швидко ламаються.",
            "Вчителям потрібне навчання, як вести уроки з новими пристроями.",
            "Просимо передбачити ремонт шкільної техніки, а не лише закупівлю.",
        ],
        "ru": [
            "В школе моей дочери один компьютерный класс на шестьсот учеников.",
            "Обещанные ноутбуки для учителей так и не пришли в нашу школу.",
            "Планшеты, выданные ученикам, без чехлов и быстро ломаются.",
            "Учителям нужно обучение, как вести уроки с новыми устройствами.",
            "Просим предусмотреть ремонт школьной техники, а не только закупку.",
        ],
        "en": [
            "My daughter's school has one computer room for six hundred pupils.",
            "The laptops promised to teachers never reached our school.",
            "The tablets handed out to pupils have no protective covers and break quickly.",
            "Teachers need training on how to teach with the new devices.",
            "Please budget for repairing school equipment, not only for buying it.",
        ],
        "fr": [
            "L'école de ma fille a une seule salle informatique pour six cents élèves.",
            "Les ordinateurs portables promis aux enseignants ne sont jamais arrivés.",
            "Les tablettes données aux élèves n'ont pas de coque et se cassent vite.",
            "Les enseignants ont besoin d'une formation pour utiliser les nouveaux appareils.",
            "Prévoyez la réparation du matériel scolaire, pas seulement son achat.",
        ],
        "vi": [
            "Trường của con gái tôi chỉ có một phòng máy tính cho sáu trăm học sinh.",
            "Máy tính xách tay hứa cấp cho giáo viên vẫn chưa về đến trường.",
            "Máy tính bảng phát cho học sinh không có ốp bảo vệ nên nhanh hỏng.",
            "Giáo viên cần được tập huấn cách dạy học với thiết bị mới.",
            "Đề nghị có kinh phí sửa chữa thiết bị trường học, không chỉ mua mới.",
        ],
        "zh": [
            "我女儿的学校六百个学生只有一间电脑教室。",
            "答应给老师的笔记本电脑一直没有送到我们学校。",
            "发给学生的平板没有保护套，很快就坏了。",
            "老师们需要培训，学会用新设备上课。",
            "请安排学校设备的维修经费，而不只是采购。",
        ],
    },
    "accessibility": {
        "uk": [
            "Я незряча, і портал не читається екранним зчитувачем.",
            "Кнопки на сайті занадто дрібні для людей зі слабким зором.",
            "Відео з курсу не мають субтитрів для людей з порушенням слуху.",
            "Форми на порталі неможливо заповнити без миші.",
            "Потрібна версія сайту простою мовою для людей з інтелектуальною інвалідністю.",
        ],
        "ru": [
            "Я незрячая, и портал не читается экранным диктором.",
            "Кнопки на сайте слишком мелкие для людей со слабым зрением.",
            "Видео курса не имеют субтитров для людей с нарушением слуха.",
            "Формы на портале невозможно заполнить без мыши.",
            "Нужна версия сайта простым языком для людей с интеллектуальной инвалидностью.",
        ],
        "en": [
            "I am blind and the portal does not work with my screen reader.",
            "The buttons on the site are too small for people with poor eyesight.",
            "The course videos have no subtitles for people with hearing loss.",
            "The forms on the portal cannot be filled in without a mouse.",
            "We need an easy-read version of the site for people with learning disabilities.",
        ],
        "fr": [
            "Je suis aveugle et le portail ne fonctionne pas avec mon lecteur d'écran.",
            "Les boutons du site sont trop petits pour les personnes malvoyantes.",
            "Les vidéos de la formation n'ont pas de sous-titres pour les personnes sourdes.",
            "Les formulaires du portail ne peuvent pas être remplis sans souris.",
            "Il faut une version en facile à lire et à comprendre pour les personnes handicapées.",
        ],
        "vi": [
            "Tôi là người khiếm thị và cổng dịch vụ không đọc được bằng phần mềm đọc màn hình.",
            "Các nút trên trang quá nhỏ đối với người thị lực kém.",
            "Video bài giảng không có phụ đề cho người khiếm thính.",
            "Không thể điền biểu mẫu trên cổng nếu không dùng chuột.",
            "Cần có phiên bản dễ đọc cho người khuyết tật trí tuệ.",
        ],
        "zh": [
            "我是盲人，平台不支持读屏软件。",
            "网站上的按钮太小，视力不好的人看不清。",
            "课程视频没有字幕，听障人士没法看。",
            "平台上的表格不用鼠标就填不了。",
            "需要为智力障碍人士提供简明易读的版本。",
        ],
    },
}

# Details that make a message specific: places and numbers.
DETAILS: dict[str, list[str]] = {
    "uk": [
        "Це стосується вулиці Шевченка, 12.",
        "Я чекаю вже понад два місяці.",
        "Таких сімей у нашому селі щонайменше сорок.",
        "Минулого тижня я двічі дзвонила.",
    ],
    "ru": [
        "Это касается улицы Шевченко, 12.",
        "Я жду уже больше двух месяцев.",
        "Таких семей в нашем селе не меньше сорока.",
        "На прошлой неделе я звонила дважды.",
    ],
    "en": [
        "This concerns 12 Shevchenko Street.",
        "I have been waiting for more than two months.",
        "There are at least forty such families in our village.",
        "I called twice last week.",
    ],
    "fr": [
        "Cela concerne le 12 rue Chevtchenko.",
        "J'attends depuis plus de deux mois.",
        "Au moins quarante familles sont concernées dans notre village.",
        "J'ai appelé deux fois la semaine dernière.",
    ],
    "vi": [
        "Việc này ở số 12 đường Trần Phú.",
        "Tôi đã chờ hơn hai tháng.",
        "Trong thôn có ít nhất bốn mươi hộ như vậy.",
        "Tuần trước tôi đã gọi hai lần.",
    ],
    "zh": [
        "情况发生在解放路12号。",
        "我已经等了两个多月了。",
        "我们村至少有四十户这样的家庭。",
        "上周我打了两次电话。",
    ],
}

# Region names per language of writing: the names of the demo units (so that "who answered"
# compares them with the units' populations), or a region without a unit under the project.
_KYIV, _LVIV, _BILA = "Kyiv Oblast Office", "Lviv Oblast Office", "Bila Tserkva District Office"
REGIONS: dict[str, list[str]] = {
    "uk": [_KYIV, _KYIV, _KYIV, _LVIV, _BILA],
    "ru": [_KYIV, _KYIV, _LVIV],
    "en": [_KYIV, _LVIV, "Occitanie"],
    "fr": ["Occitanie"],
    "vi": ["Đà Nẵng"],
    "zh": [_KYIV, "Đà Nẵng"],
}

# A form letter (campaign) in Ukrainian, with what some signers add.
CAMPAIGN_TEMPLATE = (
    "Ми, мешканці громади, просимо зберегти паперові довідки та прийом у ЦНАП для людей, "
    "які не користуються інтернетом. Повний перехід на електронні послуги залишить літніх "
    "людей і мешканців сіл без доступу до держави. Просимо передбачити в програмі "
    "обов'язковий офлайн-канал на наступні п'ять років."
)
CAMPAIGN_ADDITIONS = [
    "Моїй бабусі 87 років, і вона ніколи не користувалася комп'ютером.",
    "У нашому селі найближчий ЦНАП за 30 кілометрів.",
    "Я сам працюю в ІТ, але за батьків дуже хвилююся.",
    "Автобус до районного центру ходить двічі на тиждень.",
    "Підтримую, підписуюся.",
]
