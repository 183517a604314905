"""Consultation feedback written for the campaign tests: form letters and pools, six languages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LangPool:
    """Everything the generator needs in one language; ``{n}`` and ``{place}`` are filled in."""

    letters: tuple[tuple[str, ...], ...]  # form letters, as sentences
    salutations: tuple[str, ...]
    personal: tuple[str, ...]  # what a signer adds of their own
    names: tuple[str, ...]
    places: tuple[str, ...]
    opinions: tuple[str, ...]  # independent messages: these pools, [a|b] picks one word choice
    reasons: tuple[str, ...]
    requests: tuple[str, ...]
    closings: tuple[str, ...]


EN = LangPool(
    letters=(
        (
            "I am writing to oppose the plan to close the central library on weekends.",
            "The library is the only quiet place where students can prepare for exams.",
            "Older residents depend on its free internet access to reach public services.",
            "Closing it would save very little money but cost our community a great deal.",
            "I ask the council to keep the weekend opening hours in the final budget.",
        ),
        (
            "As a resident I fully support the new cycle lane on the river embankment.",
            "Safe cycling routes reduce traffic jams and air pollution in the city centre.",
            "The lane must be separated from cars by a physical barrier, not only paint.",
            "Please also install bicycle parking near the schools and the railway station.",
            "I urge the transport department to start construction this year without delay.",
        ),
    ),
    salutations=("Dear Council members,", "Dear Sir or Madam,", "To the consultation team,"),
    personal=(
        "I have lived in this district for {n} years.",
        "My two children use this every week.",
        "I am a retired teacher and I care about this deeply.",
        "Last winter I waited {n} minutes in the cold because of this.",
        "My neighbours on {place} street feel the same way.",
    ),
    names=("Anna Smith", "John Carter", "Mary O'Neil", "Peter Brown", "Linda Hughes"),
    places=("Oak", "Mill", "Station", "Park"),
    opinions=(
        "[The proposal|The plan|This draft] for {place} street [seems|looks|feels] "
        "[rushed|hasty|half-baked] to me.",
        "I [partly|mostly|somewhat] agree with the draft but [the details|the figures|the "
        "timetable] [worry|bother|trouble] me.",
        "[Honestly|Frankly|To be fair] the city should [spend|put|invest] this money "
        "[in|into|on] {place} school first.",
        "I [do not understand|cannot see|wonder] why nobody [asked|consulted|talked to] the "
        "[residents|people|families] of {place} street.",
    ),
    reasons=(
        "Our [bus|tram|shuttle] only [comes|runs|arrives] every {n} minutes [in the "
        "evening|after six|at night].",
        "The library near {place} street [already|even now|today] closes [too early|far too "
        "early|before six] for [working people|commuters|people with jobs].",
        "[Cyclists|Kids on bikes|Delivery riders] [ride|go|cycle] on the pavement because there "
        "is no [lane|cycle path|safe route] near {place} park.",
        "The budget [table|annex|spreadsheet] shows {n} thousand for "
        "[consultants|advisers|studies] but [nothing|not a penny|zero] for repairs.",
    ),
    requests=(
        "Could you [publish|release|share] the [full|complete|detailed] cost estimate before the "
        "[vote|decision|council meeting]?",
        "Please [hold|organise|arrange] a [public meeting|hearing|town hall] in the {place} "
        "[community centre|library hall|school gym].",
        "I would [like|love|want] to see a [traffic|mobility|transport] study for the "
        "[whole|entire|wider] district.",
        "[Maybe|Perhaps|Possibly] a trial period of {n} months would [convince|reassure|win "
        "over] [people|residents|sceptics].",
    ),
    closings=("Thank you for reading.", "Regards.", "I hope someone answers this time."),
)

FR = LangPool(
    letters=(
        (
            "Je m'oppose au projet de fermer la médiathèque centrale le week-end.",
            "La médiathèque est le seul lieu calme où les étudiants peuvent réviser.",
            "Les personnes âgées y utilisent l'accès gratuit à internet pour leurs démarches.",
            "Cette fermeture ferait peu d'économies mais coûterait beaucoup à notre quartier.",
            "Je demande au conseil de maintenir les horaires du week-end dans le budget final.",
        ),
        (
            "En tant qu'habitant je soutiens pleinement la nouvelle piste cyclable sur les quais.",
            "Des itinéraires cyclables sûrs réduisent les embouteillages et la pollution.",
            "La piste doit être séparée des voitures par une bordure et pas seulement par de la "
            "peinture.",
            "Installez aussi des stationnements vélo près des écoles et de la gare.",
            "J'invite le service des transports à lancer les travaux dès cette année.",
        ),
    ),
    salutations=("Madame, Monsieur,", "Mesdames et Messieurs les élus,", "Bonjour,"),
    personal=(
        "J'habite dans ce quartier depuis {n} ans.",
        "Mes deux enfants y vont chaque semaine.",
        "Je suis enseignante à la retraite et ce sujet me tient à cœur.",
        "L'hiver dernier j'ai attendu {n} minutes dans le froid à cause de cela.",
        "Mes voisins de la rue {place} pensent la même chose.",
    ),
    names=("Claire Martin", "Julien Petit", "Sophie Bernard", "Marc Dubois", "Nadia Leroy"),
    places=("des Lilas", "du Moulin", "de la Gare", "Pasteur"),
    opinions=(
        "[Le projet|Le plan|Ce texte] pour la rue {place} me [paraît|semble] "
        "[précipité|bâclé|trop rapide].",
        "Je suis [en partie|plutôt|un peu] d'accord avec le texte mais [les détails|les "
        "chiffres|le calendrier] m'[inquiètent|préoccupent].",
        "[Franchement|Honnêtement|À mon avis] la ville devrait d'abord "
        "[dépenser|investir|mettre] cet argent [pour|dans] l'école {place}.",
        "Je ne [comprends|vois] pas pourquoi on n'a pas [consulté|interrogé|écouté] les "
        "[habitants|riverains|familles] de la rue {place}.",
    ),
    reasons=(
        "Notre [bus|tram|navette] ne passe que toutes les {n} minutes [le soir|après dix-huit "
        "heures|la nuit].",
        "La bibliothèque de la rue {place} ferme [déjà|aujourd'hui] [trop tôt|bien trop "
        "tôt|avant dix-huit heures] pour [ceux qui travaillent|les actifs|les salariés].",
        "Les [cyclistes|enfants à vélo|livreurs] roulent sur le trottoir faute de [piste|voie "
        "cyclable|passage sûr] près du parc {place}.",
        "Le [budget|tableau budgétaire|document financier] prévoit {n} mille euros pour des "
        "[consultants|études|conseillers] et [rien|pas un centime|zéro] pour l'entretien.",
    ),
    requests=(
        "Pourriez-vous [publier|communiquer|diffuser] le coût [complet|détaillé|total] avant le "
        "[vote|conseil|choix final] ?",
        "[Organisez|Prévoyez|Tenez] une [réunion publique|concertation|séance d'information] à "
        "la [maison de quartier|salle des fêtes|mairie annexe] {place}.",
        "J'aimerais [voir|lire|consulter] une étude de [circulation|mobilité|trafic] pour "
        "[tout|l'ensemble de] l'arrondissement.",
        "[Une période d'essai|Un test|Une expérimentation] de {n} mois "
        "[convaincrait|rassurerait] peut-être [les gens|les habitants|les sceptiques].",
    ),
    closings=("Merci de votre lecture.", "Cordialement.", "J'espère une réponse cette fois."),
)

UK = LangPool(
    letters=(
        (
            "Я заперечую проти плану закрити центральну бібліотеку у вихідні дні.",
            "Бібліотека є єдиним тихим місцем, де студенти можуть готуватися до іспитів.",
            "Літні мешканці користуються там безкоштовним інтернетом для державних послуг.",
            "Закриття заощадить дуже мало коштів, але дорого коштуватиме нашій громаді.",
            "Прошу міську раду зберегти години роботи у вихідні в остаточному бюджеті.",
        ),
        (
            "Як мешканець я повністю підтримую нову велосмугу на набережній.",
            "Безпечні веломаршрути зменшують затори та забруднення повітря в центрі міста.",
            "Смуга має бути відокремлена від автомобілів бордюром, а не лише розміткою.",
            "Просимо також встановити велопарковки біля шкіл і залізничного вокзалу.",
            "Закликаю департамент транспорту почати будівництво вже цього року.",
        ),
    ),
    salutations=("Шановні депутати!", "Шановна пані, шановний пане!", "Доброго дня,"),
    personal=(
        "Я живу в цьому районі вже {n} років.",
        "Мої двоє дітей користуються цим щотижня.",
        "Я вчителька на пенсії, і для мене це дуже важливо.",
        "Минулої зими я чекала {n} хвилин на морозі через це.",
        "Мої сусіди з вулиці {place} думають так само.",
    ),
    names=("Олена Коваль", "Іван Петренко", "Марія Шевчук", "Андрій Бондар", "Наталія Мельник"),
    places=("Садова", "Шкільна", "Вокзальна", "Паркова"),
    opinions=(
        "[Проєкт|План|Цей документ] для вулиці {place} [здається|видається] мені "
        "[поспішним|непродуманим|сирим].",
        "Я [частково|загалом|певною мірою] погоджуюся з проєктом, але [деталі|цифри|терміни] "
        "мене [турбують|непокоять].",
        "[Чесно кажучи|Відверто|На мою думку], місту варто спершу [витратити|вкласти|спрямувати] "
        "ці гроші на школу на вулиці {place}.",
        "Не [розумію|бачу], чому ніхто не [запитав|вислухав|порадився з] "
        "[мешканців|жителів|родин] вулиці {place}.",
    ),
    reasons=(
        "Наш [автобус|трамвай|маршрутка] [увечері|після шостої|вночі] ходить лише раз на {n} "
        "хвилин.",
        "Бібліотека на вулиці {place} [і так|вже] зачиняється [зарано|надто рано|до шостої] для "
        "[тих, хто працює|працівників|зайнятих людей].",
        "[Велосипедисти|Діти на велосипедах|Кур'єри] їздять тротуаром, бо біля парку на вулиці "
        "{place} немає [смуги|велодоріжки|безпечного проїзду].",
        "У [бюджеті|кошторисі|фінансовому додатку] {n} тисяч на "
        "[консультантів|дослідження|радників] і [нічого|ані копійки|нуль] на ремонт.",
    ),
    requests=(
        "Чи можете ви [оприлюднити|показати|надіслати] [повний|детальний|остаточний] кошторис до "
        "[голосування|сесії|рішення]?",
        "[Проведіть|Організуйте|Влаштуйте], будь ласка, [громадські слухання|зустріч із "
        "мешканцями|обговорення] в [центрі|клубі|школі] на вулиці {place}.",
        "Хотілося б [побачити|прочитати|отримати] [транспортне|дорожнє] дослідження для "
        "[всього|цілого] району.",
        "[Можливо|Мабуть|Може], [пробний період|експеримент|тест] на {n} місяців "
        "[переконав|заспокоїв] би [людей|мешканців|скептиків].",
    ),
    closings=("Дякую за увагу.", "З повагою.", "Сподіваюся цього разу на відповідь."),
)

RU = LangPool(
    letters=(
        (
            "Я выступаю против плана закрыть центральную библиотеку по выходным.",
            "Библиотека остаётся единственным тихим местом, где студенты готовятся к экзаменам.",
            "Пожилые жители пользуются там бесплатным интернетом для получения госуслуг.",
            "Закрытие сэкономит очень мало денег, но дорого обойдётся нашему району.",
            "Прошу городской совет сохранить часы работы по выходным в итоговом бюджете.",
        ),
        (
            "Как житель я полностью поддерживаю новую велодорожку на набережной.",
            "Безопасные велосипедные маршруты уменьшают пробки и загрязнение воздуха.",
            "Дорожка должна быть отделена от машин бордюром, а не только разметкой.",
            "Просим также поставить велопарковки у школ и железнодорожного вокзала.",
            "Призываю департамент транспорта начать строительство уже в этом году.",
        ),
    ),
    salutations=("Уважаемые депутаты!", "Уважаемые господа!", "Здравствуйте,"),
    personal=(
        "Я живу в этом районе уже {n} лет.",
        "Двое моих детей пользуются этим каждую неделю.",
        "Я учительница на пенсии, и для меня это очень важно.",
        "Прошлой зимой я ждала {n} минут на морозе из-за этого.",
        "Мои соседи с улицы {place} думают так же.",
    ),
    names=("Елена Смирнова", "Сергей Иванов", "Ольга Кузнецова", "Дмитрий Попов", "Анна Волкова"),
    places=("Садовая", "Школьная", "Вокзальная", "Парковая"),
    opinions=(
        "[Проект|План|Этот документ] для улицы {place} [кажется|видится] мне "
        "[поспешным|непродуманным|сырым].",
        "Я [частично|в целом|отчасти] согласен с проектом, но [детали|цифры|сроки] меня "
        "[беспокоят|тревожат].",
        "[Честно говоря|Откровенно|По-моему], городу стоит сначала [потратить|вложить|направить] "
        "эти деньги на школу на улице {place}.",
        "Не [понимаю|вижу], почему никто не [спросил|выслушал|посоветовался с] "
        "[жителей|соседей|семей] улицы {place}.",
    ),
    reasons=(
        "Наш [автобус|трамвай|маршрут] [вечером|после шести|ночью] ходит только раз в {n} минут.",
        "Библиотека на улице {place} [и так|уже] закрывается [слишком рано|рано|до шести] для "
        "[работающих|тех, кто работает|занятых людей].",
        "[Велосипедисты|Дети на велосипедах|Курьеры] ездят по тротуару, потому что у парка на "
        "улице {place} нет [дорожки|велополосы|безопасного проезда].",
        "В [бюджете|смете|финансовом приложении] {n} тысяч на "
        "[консультантов|исследования|советников] и [ничего|ни копейки|ноль] на ремонт.",
    ),
    requests=(
        "Не могли бы вы [опубликовать|показать|прислать] [полную|подробную|итоговую] смету до "
        "[голосования|сессии|решения]?",
        "[Проведите|Организуйте|Устройте], пожалуйста, [публичные слушания|встречу с "
        "жителями|обсуждение] в [центре|клубе|школе] на улице {place}.",
        "Хотелось бы [увидеть|прочитать|получить] [транспортное|дорожное] исследование для "
        "[всего|целого] района.",
        "[Возможно|Может быть|Наверное], [пробный период|эксперимент|тест] на {n} месяцев "
        "[убедил|успокоил] бы [людей|жителей|скептиков].",
    ),
    closings=("Спасибо за внимание.", "С уважением.", "Надеюсь в этот раз на ответ."),
)

VI = LangPool(
    letters=(
        (
            "Tôi phản đối kế hoạch đóng cửa thư viện trung tâm vào cuối tuần.",
            "Thư viện là nơi yên tĩnh duy nhất để sinh viên ôn thi.",
            "Người cao tuổi dùng internet miễn phí ở đó để làm thủ tục hành chính.",
            "Việc đóng cửa tiết kiệm rất ít tiền nhưng gây thiệt hại lớn cho cộng đồng.",
            "Tôi đề nghị hội đồng giữ giờ mở cửa cuối tuần trong ngân sách cuối cùng.",
        ),
        (
            "Là cư dân, tôi hoàn toàn ủng hộ làn đường xe đạp mới dọc bờ sông.",
            "Tuyến xe đạp an toàn giúp giảm ùn tắc và ô nhiễm không khí ở trung tâm.",
            "Làn đường cần được tách khỏi ô tô bằng dải phân cách chứ không chỉ sơn vạch.",
            "Xin lắp thêm chỗ để xe đạp gần các trường học và nhà ga.",
            "Tôi kêu gọi sở giao thông khởi công ngay trong năm nay.",
        ),
    ),
    salutations=("Kính gửi hội đồng thành phố,", "Kính gửi quý cơ quan,", "Xin chào,"),
    personal=(
        "Tôi đã sống ở quận này {n} năm.",
        "Hai con tôi dùng nơi này mỗi tuần.",
        "Tôi là giáo viên đã nghỉ hưu và rất quan tâm việc này.",
        "Mùa đông năm ngoái tôi phải chờ {n} phút ngoài trời lạnh vì chuyện này.",
        "Hàng xóm của tôi ở phố {place} cũng nghĩ như vậy.",
    ),
    names=("Nguyễn Thị Lan", "Trần Văn Minh", "Lê Thu Hà", "Phạm Quốc Bảo", "Hoàng Mai Anh"),
    places=("Hàng Bông", "Lý Thường Kiệt", "Nguyễn Huệ", "Trần Phú"),
    opinions=(
        "[Dự án|Kế hoạch|Dự thảo] cho phố {place} có vẻ [quá vội vàng|thiếu chuẩn bị|làm vội].",
        "Tôi đồng ý [một phần|phần lớn|phần nào] với dự thảo nhưng [các chi tiết|các con số|tiến "
        "độ] làm tôi [lo lắng|băn khoăn].",
        "[Thật lòng|Thẳng thắn|Theo tôi], thành phố nên [dùng|đầu tư|dành] số tiền này cho "
        "trường học ở phố {place} trước.",
        "Tôi không [hiểu|rõ] vì sao không ai [hỏi ý kiến|lắng nghe|tham vấn] [người dân|cư "
        "dân|các gia đình] phố {place}.",
    ),
    reasons=(
        "[Xe buýt|Xe điện|Xe đưa đón] của chúng tôi [buổi tối|sau sáu giờ|ban đêm] chỉ có {n} "
        "phút một chuyến.",
        "Thư viện ở phố {place} [đã|vốn] đóng cửa [quá sớm|rất sớm|trước sáu giờ] với [người đi "
        "làm|dân văn phòng|người lao động].",
        "[Người đi xe đạp|Trẻ em đi xe đạp|Người giao hàng] phải đi trên vỉa hè vì gần công viên "
        "{place} không có [làn riêng|đường xe đạp|lối đi an toàn].",
        "[Ngân sách|Bảng dự toán|Phụ lục tài chính] dành {n} nghìn cho [tư vấn|nghiên cứu|chuyên "
        "gia] nhưng [không có gì|không một đồng|bằng không] cho sửa chữa.",
    ),
    requests=(
        "Xin [công bố|công khai|gửi] [toàn bộ|chi tiết|đầy đủ] dự toán chi phí trước khi [biểu "
        "quyết|họp hội đồng|quyết định].",
        "Đề nghị [tổ chức|mở|sắp xếp] [họp dân|buổi đối thoại|buổi lấy ý kiến] tại [nhà văn "
        "hóa|hội trường|trường học] phố {place}.",
        "Tôi [muốn|mong|cần] xem nghiên cứu [giao thông|đi lại|vận tải] cho [cả|toàn] quận.",
        "[Có lẽ|Biết đâu|Có thể] [thử nghiệm|chạy thử|làm thí điểm] trong {n} tháng sẽ [thuyết "
        "phục|trấn an] được [mọi người|người dân|những người hoài nghi].",
    ),
    closings=("Cảm ơn đã đọc.", "Trân trọng.", "Mong lần này được trả lời."),
)

ZH = LangPool(
    letters=(
        (
            "我反对周末关闭中央图书馆的计划。",
            "图书馆是学生复习备考的唯一安静场所。",
            "许多老年居民依靠那里的免费网络办理政务服务。",
            "关闭图书馆节省的钱很少，却会让我们社区付出很大代价。",
            "请市议会在最终预算中保留周末开放时间。",
        ),
        (
            "作为本市居民，我完全支持在河堤上修建新的自行车道。",
            "安全的骑行路线能够减少市中心的交通拥堵和空气污染。",
            "自行车道必须用实体隔离带与汽车分开，而不仅仅是划线。",
            "也请在学校和火车站附近增设自行车停车位。",
            "我呼吁交通部门今年就开始施工，不要再拖延。",
        ),
    ),
    salutations=("尊敬的市议会：", "尊敬的领导：", "您好："),
    personal=(
        "我在这个街区已经住了{n}年。",
        "我的两个孩子每周都要用到。",
        "我是一名退休教师，非常关心这件事。",
        "去年冬天我因为这个在寒风中等了{n}分钟。",
        "我在{place}路的邻居们也是这样想的。",
    ),
    names=("王丽", "张伟", "李娜", "刘洋", "陈静"),
    places=("长安", "解放", "人民", "中山"),
    opinions=(
        "{place}路的[方案|计划|草案]在我看来[太仓促了|考虑不周|过于草率]。",
        "我[部分|基本|有点]同意这个草案，但[细节|数字|时间表]让我[担心|不安]。",
        "[说实话|坦白讲|我认为]，市里应该先把这笔钱[用在|投到|花在]{place}路的学校上。",
        "我不[明白|理解]为什么没有人[征求|听取|询问]{place}路[居民|街坊|家庭]的意见。",
    ),
    reasons=(
        "我们这里的[公交车|电车|班车][晚上|六点以后|夜里]每{n}分钟才来一班。",
        "{place}路的图书馆对[上班族|打工的人|职工]来说[已经|本来就]关得[太早了|过早|很早]。",
        "{place}公园附近没有[车道|自行车道|安全通道]，[骑车的人|孩子们|外卖骑手]只能上人行道。",
        "[预算表|预算附件|财务表]里给[顾问|研究|专家]{n}千元，维修却[一分没有|分文未留|是零]。",
    ),
    requests=(
        "能否在[表决|开会|决定]前[公布|公开|发布][完整的|详细的|全部]费用预算？",
        "请在{place}路[社区中心|文化站|学校礼堂][召开|举行|组织]一次[听证会|座谈会|居民会]。",
        "[希望|想|盼望]能看到覆盖[整个|全]区的[交通|出行]研究。",
        "[也许|或许|可能]先[试行|试点|测试]{n}个月能让[大家|居民|怀疑的人][信服|放心]。",
    ),
    closings=("谢谢阅读。", "此致敬礼。", "希望这次能得到答复。"),
)

POOLS: dict[str, LangPool] = {"uk": UK, "ru": RU, "zh": ZH, "vi": VI, "fr": FR, "en": EN}
