"""Citizen comments on a draft "digital services portal" rule, labelled by theme and language."""

from __future__ import annotations

from resonance.feedback.themes import Message

THEMES = ("cost", "rural", "privacy", "deadline", "language")
LANGS = ("en", "fr", "uk", "ru", "vi", "zh")

# The draft moves benefit, permit and registration applications to one online portal, adds a
# processing fee, shares personal data between agencies, closes paper offices in six months and
# offers the portal in the state language only.
COMMENTS: dict[str, dict[str, list[str]]] = {
    "en": {
        "cost": [
            "The new processing fee is far too expensive for pensioners living on a small income.",
            "Why should families pay a fee to apply for benefits they are entitled to? "
            "It is unfair.",
            "A fee of 300 per application is a lot of money for unemployed people. "
            "Please cancel it.",
            "Poor households cannot afford the application fee, so the price will keep people "
            "away from help.",
            "Charging money for a public service we already pay for with taxes is wrong. "
            "The cost should be zero.",
        ],
        "rural": [
            "In our village there is no stable internet, so applying online is impossible for us.",
            "Rural residents live 60 km from the nearest town and have no broadband connection.",
            "Many farmers in remote areas do not have a computer or mobile coverage to use "
            "the portal.",
            "Closing the local office means villagers must travel hours by bus to get help.",
            "The countryside still has poor network coverage; keep paper forms for rural areas.",
        ],
        "privacy": [
            "Sharing my personal data between all agencies without consent is a serious privacy "
            "risk.",
            "Who will protect our personal information from leaks and hackers on this portal?",
            "The draft does not say how long personal data will be stored or who can access it.",
            "I do not want my medical and tax records combined in one database.",
            "There must be strict data protection rules and an independent audit of data access.",
        ],
        "deadline": [
            "Six months is not enough time to move everything online; the deadline is unrealistic.",
            "The transition period is too short; please extend the deadline to at least two years.",
            "Offices will close before people learn the new system. Postpone the launch date.",
            "Such a rushed timeline will cause chaos. Give citizens more time to adapt.",
            "Please phase the change in gradually instead of switching everything on one date.",
        ],
        "language": [
            "The portal is only in the state language, so minority speakers cannot understand it.",
            "Please translate the forms into minority languages spoken in our region.",
            "Immigrants who do not speak the official language will be left without service.",
            "Provide interpreters and multilingual instructions for people with other native "
            "languages.",
            "Offering the website in one language excludes many citizens; add translations.",
        ],
    },
    "fr": {
        "cost": [
            "Les frais de dossier sont beaucoup trop chers pour les retraités aux petits revenus.",
            "Pourquoi payer des frais pour demander une aide à laquelle on a droit ? "
            "C'est injuste.",
            "Un tarif de 300 par demande, c'est énorme pour les chômeurs. Supprimez ces frais.",
            "Les familles pauvres ne pourront pas payer ce prix et renonceront à leurs droits.",
            "Faire payer un service public déjà financé par nos impôts est inacceptable.",
        ],
        "rural": [
            "Dans notre village, internet ne fonctionne pas, impossible de faire la démarche "
            "en ligne.",
            "Les habitants des zones rurales vivent loin de tout et n'ont pas de connexion haut "
            "débit.",
            "Beaucoup d'agriculteurs isolés n'ont ni ordinateur ni réseau mobile pour utiliser "
            "le portail.",
            "La fermeture du guichet local obligera les villageois à faire des heures de route.",
            "La campagne a toujours une mauvaise couverture réseau ; "
            "gardez les formulaires papier.",
        ],
        "privacy": [
            "Le partage de mes données personnelles entre toutes les administrations sans "
            "consentement est dangereux.",
            "Qui protégera nos informations personnelles contre les fuites et les pirates ?",
            "Le projet ne précise pas combien de temps les données seront conservées ni qui y "
            "aura accès.",
            "Je refuse que mon dossier médical et mes impôts soient réunis dans une seule base "
            "de données.",
            "Il faut des règles strictes de protection des données et un contrôle indépendant.",
        ],
        "deadline": [
            "Six mois ne suffisent pas pour tout passer en ligne, le délai est irréaliste.",
            "La période de transition est trop courte ; prolongez le délai d'au moins deux ans.",
            "Les guichets fermeront avant que les gens apprennent le système. Reportez la date.",
            "Un calendrier aussi précipité va créer le chaos. Laissez plus de temps aux citoyens.",
            "Merci d'introduire le changement progressivement plutôt qu'à une date unique.",
        ],
        "language": [
            "Le portail n'existe que dans la langue officielle, les minorités ne le comprendront "
            "pas.",
            "Traduisez les formulaires dans les langues minoritaires parlées dans notre région.",
            "Les immigrés qui ne parlent pas la langue officielle seront privés de service.",
            "Prévoyez des interprètes et des instructions en plusieurs langues.",
            "Un site dans une seule langue exclut beaucoup de citoyens ; ajoutez des traductions.",
        ],
    },
    "uk": {
        "cost": [
            "Новий збір за розгляд заяви занадто дорогий для пенсіонерів з малими доходами.",
            "Чому родини мають платити за подання заяви на допомогу, на яку вони мають право? "
            "Це несправедливо.",
            "Плата 300 гривень за кожну заяву — це великі гроші для безробітних. Скасуйте її.",
            "Бідні сім'ї не зможуть сплатити цей збір і залишаться без допомоги.",
            "Брати гроші за державну послугу, яку ми вже оплачуємо податками, неправильно.",
        ],
        "rural": [
            "У нашому селі немає стабільного інтернету, тому подати заяву онлайн неможливо.",
            "Жителі сільської місцевості живуть за 60 км від міста і не мають широкосмугового "
            "зв'язку.",
            "Багато фермерів у віддалених районах не мають комп'ютера чи мобільного покриття.",
            "Закриття місцевого відділення означає, що селянам доведеться годинами їхати "
            "автобусом.",
            "У селах досі поганий зв'язок; залиште паперові бланки для сільських громад.",
        ],
        "privacy": [
            "Передача моїх персональних даних між усіма відомствами без згоди — серйозний ризик.",
            "Хто захистить нашу особисту інформацію від витоків і хакерів на цьому порталі?",
            "У проєкті не сказано, скільки часу зберігатимуться персональні дані і хто матиме "
            "доступ.",
            "Я не хочу, щоб мої медичні та податкові дані об'єднали в одній базі.",
            "Потрібні суворі правила захисту даних і незалежний аудит доступу до них.",
        ],
        "deadline": [
            "Шести місяців замало, щоб перевести все в онлайн; такий строк нереальний.",
            "Перехідний період занадто короткий; продовжте строк принаймні до двох років.",
            "Відділення закриють раніше, ніж люди навчаться новій системі. "
            "Перенесіть дату запуску.",
            "Такі поспішні терміни спричинять хаос. Дайте громадянам більше часу.",
            "Запроваджуйте зміни поступово, а не все в один день.",
        ],
        "language": [
            "Портал лише державною мовою, тому носії мов меншин не зможуть ним користуватися.",
            "Перекладіть бланки мовами національних меншин, якими говорять у нашому регіоні.",
            "Іммігранти, які не володіють державною мовою, залишаться без послуг.",
            "Забезпечте перекладачів та інструкції кількома мовами.",
            "Сайт лише однією мовою відштовхує багатьох громадян; додайте переклади.",
        ],
    },
    "ru": {
        "cost": [
            "Новый сбор за рассмотрение заявления слишком дорогой для пенсионеров с маленькой "
            "пенсией.",
            "Почему семьи должны платить за заявление на пособие, которое им положено? "
            "Это несправедливо.",
            "Плата 300 рублей за каждое заявление — большие деньги для безработных. Отмените её.",
            "Бедные семьи не смогут оплатить этот сбор и останутся без помощи.",
            "Брать деньги за государственную услугу, которую мы уже оплачиваем налогами, "
            "неправильно.",
        ],
        "rural": [
            "В нашей деревне нет стабильного интернета, поэтому подать заявление онлайн "
            "невозможно.",
            "Жители сельской местности живут в 60 км от города и не имеют широкополосной связи.",
            "У многих фермеров в отдалённых районах нет компьютера и мобильной связи.",
            "Закрытие местного отделения означает, что сельским жителям придётся часами ехать "
            "на автобусе.",
            "В сёлах до сих пор плохая связь; оставьте бумажные бланки для сельских районов.",
        ],
        "privacy": [
            "Передача моих персональных данных между всеми ведомствами без согласия — серьёзный "
            "риск.",
            "Кто защитит нашу личную информацию от утечек и хакеров на этом портале?",
            "В проекте не сказано, сколько будут храниться персональные данные и у кого будет "
            "доступ.",
            "Я не хочу, чтобы мои медицинские и налоговые данные объединили в одной базе.",
            "Нужны строгие правила защиты данных и независимый аудит доступа к ним.",
        ],
        "deadline": [
            "Шести месяцев мало, чтобы перевести всё в онлайн; такой срок нереален.",
            "Переходный период слишком короткий; продлите срок хотя бы до двух лет.",
            "Отделения закроют раньше, чем люди освоят новую систему. Перенесите дату запуска.",
            "Такие поспешные сроки вызовут хаос. Дайте гражданам больше времени.",
            "Вводите изменения постепенно, а не всё в один день.",
        ],
        "language": [
            "Портал только на государственном языке, носители языков меньшинств его не поймут.",
            "Переведите бланки на языки национальных меньшинств, на которых говорят в нашем "
            "регионе.",
            "Иммигранты, не владеющие государственным языком, останутся без услуг.",
            "Обеспечьте переводчиков и инструкции на нескольких языках.",
            "Сайт только на одном языке отталкивает многих граждан; добавьте переводы.",
        ],
    },
    "vi": {
        "cost": [
            "Lệ phí xử lý hồ sơ mới quá đắt đối với người về hưu có thu nhập thấp.",
            "Tại sao các gia đình phải trả phí để xin trợ cấp mà họ được hưởng? Thật không "
            "công bằng.",
            "Mức phí 300 nghìn đồng cho mỗi hồ sơ là quá nhiều tiền với người thất nghiệp.",
            "Hộ nghèo không đủ tiền nộp lệ phí nên sẽ bỏ qua quyền lợi của mình.",
            "Thu tiền cho dịch vụ công mà chúng tôi đã đóng thuế là không hợp lý.",
        ],
        "rural": [
            "Ở làng chúng tôi không có mạng internet ổn định nên không thể nộp hồ sơ trực tuyến.",
            "Người dân nông thôn sống cách thị trấn 60 km và không có kết nối băng thông rộng.",
            "Nhiều nông dân ở vùng sâu vùng xa không có máy tính hay sóng điện thoại.",
            "Đóng cửa văn phòng địa phương khiến người dân trong xã phải đi xe buýt hàng giờ.",
            "Vùng nông thôn vẫn còn sóng yếu; xin giữ lại mẫu giấy cho người dân ở quê.",
        ],
        "privacy": [
            "Chia sẻ dữ liệu cá nhân của tôi giữa các cơ quan mà không có sự đồng ý là rủi ro lớn.",
            "Ai sẽ bảo vệ thông tin cá nhân của chúng tôi khỏi bị rò rỉ và tin tặc?",
            "Dự thảo không nói rõ dữ liệu cá nhân được lưu trữ bao lâu và ai được truy cập.",
            "Tôi không muốn hồ sơ y tế và thuế của mình bị gộp chung vào một cơ sở dữ liệu.",
            "Cần có quy định bảo vệ dữ liệu nghiêm ngặt và kiểm toán độc lập.",
        ],
        "deadline": [
            "Sáu tháng là không đủ để chuyển mọi thứ lên mạng; thời hạn này không thực tế.",
            "Thời gian chuyển đổi quá ngắn; xin gia hạn ít nhất hai năm.",
            "Văn phòng sẽ đóng cửa trước khi người dân kịp học hệ thống mới. Hãy lùi ngày "
            "triển khai.",
            "Lộ trình vội vàng như vậy sẽ gây hỗn loạn. Hãy cho người dân thêm thời gian.",
            "Xin thực hiện thay đổi từng bước thay vì áp dụng tất cả trong một ngày.",
        ],
        "language": [
            "Cổng thông tin chỉ có tiếng phổ thông nên người dân tộc thiểu số không hiểu được.",
            "Xin dịch các biểu mẫu sang tiếng dân tộc thiểu số trong vùng chúng tôi.",
            "Người nhập cư không nói được ngôn ngữ chính thức sẽ không được phục vụ.",
            "Hãy bố trí phiên dịch viên và hướng dẫn bằng nhiều ngôn ngữ.",
            "Trang web chỉ có một ngôn ngữ sẽ loại trừ nhiều công dân; hãy thêm bản dịch.",
        ],
    },
    "zh": {
        "cost": [
            "新的办理费用对收入低的退休老人来说太贵了。",
            "为什么家庭申请本来就应该得到的补助还要交费？这不公平。",
            "每份申请收费300元，对失业的人来说是一大笔钱，请取消收费。",
            "贫困家庭根本交不起申请费，价格会把需要帮助的人挡在门外。",
            "我们已经纳税了，公共服务还要收钱是不对的，费用应该为零。",
        ],
        "rural": [
            "我们村里没有稳定的网络，根本无法在网上办理。",
            "农村居民住在离县城60公里的地方，没有宽带。",
            "偏远地区的很多农民没有电脑，手机信号也很差。",
            "关闭乡镇办事处意味着村民要坐几个小时的公交车去办事。",
            "农村的网络覆盖仍然很差，请为乡村保留纸质表格。",
        ],
        "privacy": [
            "未经同意在各部门之间共享我的个人信息，存在严重的隐私风险。",
            "谁来保护我们的个人数据不被泄露和黑客窃取？",
            "草案没有说明个人数据保存多久，也没有说明谁可以查看。",
            "我不希望自己的医疗记录和税务记录被合并到同一个数据库里。",
            "必须制定严格的数据保护规定，并进行独立审计。",
        ],
        "deadline": [
            "六个月时间不足以把所有业务搬到网上，这个期限不现实。",
            "过渡期太短了，请把期限延长到至少两年。",
            "人们还没学会新系统，办事窗口就要关闭了，请推迟上线日期。",
            "这么仓促的时间表会造成混乱，请给市民更多适应时间。",
            "请分阶段逐步推行，而不是在同一天全部切换。",
        ],
        "language": [
            "门户网站只有官方语言，少数民族群众看不懂。",
            "请把表格翻译成我们地区使用的少数民族语言。",
            "不会说官方语言的移民将无法获得服务。",
            "请提供翻译人员和多语种的说明。",
            "网站只有一种语言会把很多市民排除在外，请增加翻译版本。",
        ],
    },
}


def messages(langs: tuple[str, ...] = LANGS) -> tuple[list[Message], dict[str, str]]:
    """All comments as messages (ids like ``en-cost-2``) and each message's gold theme."""
    found: list[Message] = []
    gold: dict[str, str] = {}
    for lang in langs:
        for theme in THEMES:
            for i, text in enumerate(COMMENTS[lang][theme]):
                message_id = f"{lang}-{theme}-{i}"
                found.append(Message(message_id, text, lang))
                gold[message_id] = theme
    return found, gold
