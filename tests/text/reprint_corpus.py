"""A reprint corpus in six languages: our own news, its translations and edited reprints.

Every paragraph below was written for this corpus (fictional events, no copied text). Story
``k`` is the same news in all six languages, so translations give the cross-lingual pairs;
stories come in pairs on one subject (two school stories, two transport stories, ...) so
that topic alone does not make a duplicate. :func:`build_corpus` adds seeded reprints with the
edits newsrooms and aggregators make.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from opencc import OpenCC

from resonance.text.normalize import decode_bytes

LANGS = ("uk", "ru", "zh", "vi", "fr", "en")

STORIES: dict[str, list[str]] = {
    "en": [
        "The city council approved the repair of fourteen school buildings this summer. The work "
        "includes new windows, heating systems and accessible entrances for children with "
        "disabilities. Contractors were chosen through an open online tender. The council expects "
        "all schools to reopen on the first of September.",
        "The education ministry will publish the new primary school curriculum in May. Teachers "
        "will have three months to prepare, and training courses start in June. The curriculum "
        "adds lessons on media literacy and personal finance. Parents can read the draft on the "
        "ministry website and send comments.",
        "Repairs of the bridge over the river begin on Monday and will last six weeks. Cars will "
        "be diverted through the industrial zone, while buses keep their usual stops. The road "
        "service asks drivers to plan an extra twenty minutes. Pedestrians can still cross on the "
        "eastern footpath.",
        "The regional administration opened a new bus route that connects five villages with the "
        "district hospital. Buses run every two hours from six in the morning. Pensioners and "
        "students travel at half price. The route was requested by residents during last year's "
        "public hearings.",
        "District clinics will offer vaccinations on Saturdays throughout March. No appointment "
        "is needed: residents can come with an identity document between nine and three. Doctors "
        "recommend the seasonal flu vaccine for people over sixty. The vaccines are free of "
        "charge.",
        "A new hospital wing with forty beds opened in the northern district. It houses a "
        "rehabilitation unit and a modern operating theatre. The construction was funded by the "
        "regional budget and an international loan. Twenty new nurses have already been hired.",
        "The ministry invites citizens to comment on the draft law on public consultations until "
        "the fifteenth of May. Comments can be sent through an online form or by post. Every "
        "proposal will receive a written answer within thirty days. A summary of all comments "
        "will be published in June.",
        "Pensions will be increased by eleven percent from the first of March. The increase "
        "applies automatically, and pensioners do not need to submit any documents. The average "
        "pension will rise by about four hundred units. The social fund has reserved the money "
        "in this year's budget.",
        "Water supply in the northern district will be interrupted on Thursday from nine in the "
        "morning to five in the afternoon. Workers will replace an old main pipe under the central "
        "street. Water tanks will stand near the school and the market. The utility apologises "
        "for the inconvenience.",
        "Farmers can now apply for grants to build greenhouses. A grant covers up to half of the "
        "cost and is paid after the greenhouse is built. Applications are accepted online until "
        "the end of April. Priority is given to young farmers and family farms.",
    ],
    "uk": [
        "Міська рада затвердила ремонт чотирнадцяти шкільних будівель цього літа. Роботи "
        "передбачають нові вікна, системи опалення та доступні входи для дітей з інвалідністю. "
        "Підрядників обрали через відкритий онлайн-тендер. У раді очікують, що всі школи "
        "відкриються першого вересня.",
        "Міністерство освіти оприлюднить нову програму для початкової школи в травні. Учителі "
        "матимуть три місяці на підготовку, а навчальні курси стартують у червні. Програма "
        "додає уроки медіаграмотності та особистих фінансів. Батьки можуть прочитати проєкт на "
        "сайті міністерства й надіслати коментарі.",
        "Ремонт мосту через річку почнеться в понеділок і триватиме шість тижнів. Автомобілі "
        "спрямують через промислову зону, а автобуси зберігають звичні зупинки. Дорожня служба "
        "просить водіїв закладати додаткові двадцять хвилин. Пішоходи й надалі можуть "
        "переходити східним тротуаром.",
        "Обласна адміністрація відкрила новий автобусний маршрут, що з'єднує п'ять сіл із "
        "районною лікарнею. Автобуси курсують кожні дві години з шостої ранку. Пенсіонери та "
        "студенти їздять за пів ціни. Маршрут попросили мешканці під час торішніх громадських "
        "слухань.",
        "Районні поліклініки протягом березня робитимуть щеплення по суботах. Записуватися не "
        "потрібно: мешканці можуть прийти з документом, що посвідчує особу, з дев'ятої до "
        "п'ятнадцятої. Лікарі радять сезонну вакцину від грипу людям, старшим за шістдесят. "
        "Вакцини безоплатні.",
        "У північному районі відкрили нове крило лікарні на сорок ліжок. У ньому розташовані "
        "реабілітаційне відділення та сучасна операційна. Будівництво фінансували з обласного "
        "бюджету та коштом міжнародної позики. Уже найнято двадцять нових медсестер.",
        "Міністерство запрошує громадян висловити зауваження до законопроєкту про публічні "
        "консультації до п'ятнадцятого травня. Коментарі можна надіслати через онлайн-форму або "
        "поштою. На кожну пропозицію надійде письмова відповідь протягом тридцяти днів. Підсумок "
        "усіх коментарів опублікують у червні.",
        "З першого березня пенсії зростуть на одинадцять відсотків. Підвищення нараховується "
        "автоматично, тож пенсіонерам не треба подавати жодних документів. Середня пенсія "
        "збільшиться приблизно на чотириста одиниць. Соціальний фонд зарезервував кошти в "
        "цьогорічному бюджеті.",
        "У четвер у північному районі не буде води з дев'ятої ранку до п'ятої вечора. Робітники "
        "замінять стару магістральну трубу під центральною вулицею. Цистерни з водою стоятимуть "
        "біля школи та ринку. Водоканал перепрошує за незручності.",
        "Фермери тепер можуть подати заявку на грант для будівництва теплиць. Грант покриває до "
        "половини вартості й виплачується після того, як теплицю збудовано. Заявки приймають "
        "онлайн до кінця квітня. Перевагу надають молодим фермерам і сімейним господарствам.",
    ],
    "ru": [
        "Городской совет утвердил ремонт четырнадцати школьных зданий этим летом. Работы "
        "включают новые окна, системы отопления и доступные входы для детей с инвалидностью. "
        "Подрядчиков выбрали через открытый онлайн-тендер. В совете ожидают, что все школы "
        "откроются первого сентября.",
        "Министерство образования опубликует новую программу для начальной школы в мае. У "
        "учителей будет три месяца на подготовку, а учебные курсы начнутся в июне. Программа "
        "добавляет уроки медиаграмотности и личных финансов. Родители могут прочитать проект на "
        "сайте министерства и отправить комментарии.",
        "Ремонт моста через реку начнётся в понедельник и продлится шесть недель. Автомобили "
        "направят через промышленную зону, а автобусы сохранят привычные остановки. Дорожная "
        "служба просит водителей закладывать дополнительные двадцать минут. Пешеходы по-прежнему "
        "могут переходить по восточному тротуару.",
        "Областная администрация открыла новый автобусный маршрут, который связывает пять сёл с "
        "районной больницей. Автобусы ходят каждые два часа с шести утра. Пенсионеры и студенты "
        "ездят за полцены. Маршрут попросили жители во время прошлогодних общественных слушаний.",
        "Районные поликлиники в течение марта будут делать прививки по субботам. Записываться не "
        "нужно: жители могут прийти с удостоверением личности с девяти до пятнадцати часов. "
        "Врачи рекомендуют сезонную вакцину от гриппа людям старше шестидесяти лет. Вакцины "
        "бесплатные.",
        "В северном районе открыли новое крыло больницы на сорок коек. В нём размещены "
        "реабилитационное отделение и современная операционная. Строительство финансировали из "
        "областного бюджета и за счёт международного займа. Уже нанято двадцать новых медсестёр.",
        "Министерство приглашает граждан высказать замечания к законопроекту о публичных "
        "консультациях до пятнадцатого мая. Комментарии можно отправить через онлайн-форму или "
        "по почте. На каждое предложение придёт письменный ответ в течение тридцати дней. Итоги "
        "всех комментариев опубликуют в июне.",
        "С первого марта пенсии вырастут на одиннадцать процентов. Повышение начисляется "
        "автоматически, поэтому пенсионерам не нужно подавать никаких документов. Средняя пенсия "
        "увеличится примерно на четыреста единиц. Социальный фонд зарезервировал средства в "
        "бюджете этого года.",
        "В четверг в северном районе не будет воды с девяти утра до пяти вечера. Рабочие заменят "
        "старую магистральную трубу под центральной улицей. Цистерны с водой будут стоять возле "
        "школы и рынка. Водоканал приносит извинения за неудобства.",
        "Фермеры теперь могут подать заявку на грант для строительства теплиц. Грант покрывает "
        "до половины стоимости и выплачивается после того, как теплица построена. Заявки "
        "принимают онлайн до конца апреля. Преимущество получают молодые фермеры и семейные "
        "хозяйства.",
    ],
    "zh": [
        "市议会批准在今年夏天维修十四栋学校建筑。工程包括更换新窗户和供暖系统，并为残障儿童修建无障碍"
        "入口。承包商通过公开的网上招标选定。议会预计所有学校将于九月一日重新开学。",
        "教育部将于五月公布新的小学课程。教师将有三个月的准备时间，培训课程从六月开始。新课程增加了"
        "媒体素养和个人理财课。家长可以在教育部网站上阅读草案并提交意见。",
        "河上大桥的维修工程将于周一开始，为期六周。汽车将绕行工业区，公交车保持原有站点。道路部门提醒"
        "司机预留额外二十分钟。行人仍可通过东侧人行道过桥。",
        "州政府开通了一条新的公交线路，连接五个村庄和区医院。公交车从早上六点开始每两小时一班。退休"
        "人员和学生半价乘车。这条线路是居民在去年的公开听证会上提出的。",
        "三月份每逢周六，各区诊所将提供疫苗接种服务。无需预约，居民可在九点至十五点之间携带身份证件"
        "前往。医生建议六十岁以上人群接种季节性流感疫苗。疫苗免费。",
        "北区一座拥有四十张病床的医院新楼正式启用。新楼设有康复科和现代化手术室。工程资金来自州预算"
        "和一笔国际贷款。医院已新招聘二十名护士。",
        "该部邀请公民在五月十五日之前对公众咨询法草案提出意见。意见可以通过网上表格或邮寄方式提交。"
        "每条建议都将在三十天内得到书面答复。所有意见的汇总将于六月公布。",
        "从三月一日起，养老金将上调百分之十一。上调自动执行，退休人员无需提交任何材料。平均养老金将"
        "增加约四百个单位。社会基金已在今年的预算中预留了资金。",
        "周四上午九点至下午五点，北区将暂停供水。工人将更换中心街道下方的一条旧主水管。学校和市场"
        "附近将设置供水车。自来水公司对带来的不便表示歉意。",
        "农民现在可以申请建设温室的补助金。补助金最多可覆盖一半费用，在温室建成后发放。申请截止到"
        "四月底，需在网上提交。青年农民和家庭农场优先。",
    ],
    "vi": [
        "Hội đồng thành phố đã phê duyệt việc sửa chữa mười bốn tòa nhà trường học trong mùa hè "
        "này. Công việc bao gồm thay cửa sổ mới, hệ thống sưởi và lối vào cho trẻ em khuyết tật. "
        "Các nhà thầu được chọn qua đấu thầu trực tuyến công khai. Hội đồng dự kiến tất cả các "
        "trường sẽ mở cửa trở lại vào ngày một tháng chín.",
        "Bộ Giáo dục sẽ công bố chương trình mới cho bậc tiểu học vào tháng năm. Giáo viên sẽ có "
        "ba tháng để chuẩn bị và các khóa tập huấn bắt đầu vào tháng sáu. Chương trình bổ sung "
        "các bài học về kỹ năng truyền thông và tài chính cá nhân. Phụ huynh có thể đọc dự thảo "
        "trên trang web của bộ và gửi góp ý.",
        "Việc sửa chữa cây cầu qua sông sẽ bắt đầu vào thứ hai và kéo dài sáu tuần. Ô tô sẽ được "
        "phân luồng qua khu công nghiệp, còn xe buýt vẫn giữ các điểm dừng quen thuộc. Cơ quan "
        "đường bộ đề nghị tài xế dự tính thêm hai mươi phút. Người đi bộ vẫn có thể qua cầu bằng "
        "lối đi phía đông.",
        "Chính quyền tỉnh đã mở một tuyến xe buýt mới nối năm ngôi làng với bệnh viện huyện. Xe "
        "chạy hai giờ một chuyến từ sáu giờ sáng. Người hưu trí và sinh viên được giảm nửa giá "
        "vé. Tuyến xe này do người dân đề xuất trong các buổi điều trần công khai năm ngoái.",
        "Các phòng khám quận sẽ tiêm vắc xin vào các ngày thứ bảy trong suốt tháng ba. Không cần "
        "đặt lịch hẹn: người dân có thể mang giấy tờ tùy thân đến từ chín giờ đến mười lăm giờ. "
        "Bác sĩ khuyến nghị người trên sáu mươi tuổi tiêm vắc xin cúm mùa. Vắc xin được tiêm "
        "miễn phí.",
        "Một khu nhà mới của bệnh viện với bốn mươi giường đã được khánh thành tại quận phía bắc. "
        "Khu nhà có khoa phục hồi chức năng và phòng mổ hiện đại. Công trình được xây dựng bằng "
        "ngân sách tỉnh và một khoản vay quốc tế. Bệnh viện đã tuyển thêm hai mươi y tá mới.",
        "Bộ mời người dân góp ý cho dự thảo luật về tham vấn công chúng đến hết ngày mười lăm "
        "tháng năm. Ý kiến có thể gửi qua biểu mẫu trực tuyến hoặc qua đường bưu điện. Mỗi đề "
        "xuất sẽ nhận được câu trả lời bằng văn bản trong vòng ba mươi ngày. Bản tổng hợp tất cả "
        "ý kiến sẽ được công bố vào tháng sáu.",
        "Lương hưu sẽ tăng mười một phần trăm từ ngày một tháng ba. Việc điều chỉnh được thực "
        "hiện tự động, người hưu trí không cần nộp bất kỳ giấy tờ nào. Lương hưu bình quân sẽ "
        "tăng khoảng bốn trăm đơn vị. Quỹ xã hội đã dự trù kinh phí trong ngân sách năm nay.",
        "Nguồn nước tại quận phía bắc sẽ bị gián đoạn vào thứ năm từ chín giờ sáng đến năm giờ "
        "chiều. Công nhân sẽ thay một đường ống chính cũ dưới con phố trung tâm. Các bồn chứa "
        "nước sẽ được đặt gần trường học và chợ. Công ty cấp nước xin lỗi vì sự bất tiện này.",
        "Nông dân hiện có thể nộp đơn xin tài trợ để xây nhà kính. Khoản tài trợ chi trả tối đa "
        "một nửa chi phí và được giải ngân sau khi nhà kính hoàn thành. Hồ sơ được nhận trực "
        "tuyến đến cuối tháng tư. Nông dân trẻ và trang trại gia đình được ưu tiên.",
    ],
    "fr": [
        "Le conseil municipal a approuvé la rénovation de quatorze bâtiments scolaires cet été. "
        "Les travaux comprennent de nouvelles fenêtres, le chauffage et des entrées accessibles "
        "aux enfants handicapés. Les entreprises ont été choisies par un appel d'offres ouvert en "
        "ligne. Le conseil prévoit la réouverture de toutes les écoles le premier septembre.",
        "Le ministère de l'Éducation publiera en mai le nouveau programme de l'école primaire. "
        "Les enseignants auront trois mois pour se préparer et les formations commencent en juin. "
        "Le programme ajoute des cours d'éducation aux médias et de finances personnelles. Les "
        "parents peuvent lire le projet sur le site du ministère et envoyer leurs remarques.",
        "Les travaux sur le pont qui enjambe la rivière commencent lundi et dureront six "
        "semaines. Les voitures seront déviées par la zone industrielle, tandis que les bus "
        "gardent leurs arrêts habituels. Le service des routes demande aux conducteurs de prévoir "
        "vingt minutes de plus. Les piétons peuvent toujours traverser par le trottoir est.",
        "L'administration régionale a ouvert une nouvelle ligne de bus qui relie cinq villages à "
        "l'hôpital du district. Les bus passent toutes les deux heures à partir de six heures du "
        "matin. Les retraités et les étudiants voyagent à moitié prix. La ligne avait été "
        "demandée par les habitants lors des audiences publiques de l'an dernier.",
        "Les centres de santé du district vaccineront le samedi pendant tout le mois de mars. "
        "Aucun rendez-vous n'est nécessaire : il suffit de venir avec une pièce d'identité entre "
        "neuf heures et quinze heures. Les médecins recommandent le vaccin contre la grippe "
        "saisonnière aux plus de soixante ans. Les vaccins sont gratuits.",
        "Une nouvelle aile d'hôpital de quarante lits a ouvert dans le quartier nord. Elle "
        "accueille un service de rééducation et un bloc opératoire moderne. La construction a été "
        "financée par le budget régional et un prêt international. Vingt nouvelles infirmières "
        "ont déjà été recrutées.",
        "Le ministère invite les citoyens à commenter le projet de loi sur les consultations "
        "publiques jusqu'au quinze mai. Les commentaires peuvent être envoyés par un formulaire "
        "en ligne ou par courrier. Chaque proposition recevra une réponse écrite sous trente "
        "jours. Une synthèse de tous les commentaires sera publiée en juin.",
        "Les pensions augmenteront de onze pour cent à partir du premier mars. La hausse est "
        "automatique et les retraités n'ont aucun document à fournir. La pension moyenne "
        "augmentera d'environ quatre cents unités. Le fonds social a réservé l'argent dans le "
        "budget de cette année.",
        "L'eau sera coupée jeudi dans le quartier nord de neuf heures du matin à cinq heures de "
        "l'après-midi. Les ouvriers remplaceront une ancienne conduite principale sous la rue "
        "centrale. Des citernes d'eau seront installées près de l'école et du marché. Le service "
        "des eaux s'excuse pour la gêne occasionnée.",
        "Les agriculteurs peuvent désormais demander une subvention pour construire des serres. "
        "La subvention couvre jusqu'à la moitié du coût et est versée une fois la serre "
        "construite. Les demandes sont acceptées en ligne jusqu'à la fin avril. La priorité va "
        "aux jeunes agriculteurs et aux exploitations familiales.",
    ],
}

BOILERPLATE: dict[str, list[str]] = {
    "uk": [
        "Читайте також: Як отримати довідку онлайн",
        "Підписуйтесь на наш Telegram-канал, щоб першими дізнаватися новини.",
        "Фото: прес-служба",
    ],
    "ru": [
        "Читайте также: Как получить справку онлайн",
        "Подписывайтесь на наш канал в Telegram, чтобы первыми узнавать новости.",
        "Фото: пресс-служба",
    ],
    "zh": [
        "相关阅读：如何在网上办理证明",
        "欢迎关注我们的公众号，第一时间获取最新消息。",
        "图片来源：新闻办公室",
    ],
    "vi": [
        "Đọc thêm: Cách xin giấy xác nhận trực tuyến",
        "Hãy theo dõi kênh của chúng tôi để nhận tin mới nhất.",
        "Ảnh: Phòng báo chí",
    ],
    "fr": [
        "À lire aussi : comment obtenir une attestation en ligne",
        "Abonnez-vous à notre chaîne pour ne rien manquer.",
        "Photo : service de presse",
    ],
    "en": [
        "Read also: How to get a certificate online",
        "Subscribe to our channel to get the news first.",
        "Photo: press office",
    ],
}

HEADLINES: dict[str, list[str]] = {
    "uk": ["ТЕРМІНОВО", "Головне за день", "Новини громади"],
    "ru": ["СРОЧНО", "Главное за день", "Новости региона"],
    "zh": ["快讯", "今日要闻", "本地新闻"],
    "vi": ["TIN NÓNG", "Tin chính trong ngày", "Tin địa phương"],
    "fr": ["URGENT", "L'essentiel du jour", "Actualité locale"],
    "en": ["BREAKING", "Top story of the day", "Local news"],
}

COMMENTS: dict[str, list[str]] = {
    "uk": [
        "Нарешті хоч якісь гарні новини для нашого міста!",
        "Цікаво, чи дотримають цього разу обіцянок.",
    ],
    "ru": [
        "Наконец-то хоть какие-то хорошие новости для нашего города!",
        "Интересно, сдержат ли обещания в этот раз.",
    ],
    "zh": ["终于有好消息了！", "不知道这次能不能说到做到。"],
    "vi": [
        "Cuối cùng cũng có tin vui cho thành phố chúng ta!",
        "Không biết lần này có giữ lời hứa không.",
    ],
    "fr": [
        "Enfin une bonne nouvelle pour notre ville !",
        "Reste à voir si les promesses seront tenues cette fois.",
    ],
    "en": [
        "Finally some good news for our town!",
        "Let's see whether they keep their promises this time.",
    ],
}

ENCODINGS: dict[str, list[str]] = {
    "uk": ["cp1251", "koi8-u"],
    "ru": ["cp1251", "koi8-r"],
    "zh": ["gb18030", "big5"],
    "vi": ["utf-16"],
    "fr": ["cp1252", "iso8859-15"],
    "en": ["cp1252"],
}


@dataclass(frozen=True)
class Item:
    """One news item: ``story`` is shared by an original, its reprints and its translations."""

    item_id: str
    lang: str
    story: int
    text: str
    is_original: bool


def sentences(text: str, lang: str) -> list[str]:
    """Split a paragraph of this corpus into its sentences (they end with . or 。)."""
    mark = "。" if lang == "zh" else ". "
    parts = [p for p in text.split(mark) if p]
    return [p if p.endswith((".", "。")) else p + mark.strip() for p in parts]


def _retitle(text: str, lang: str, rng: random.Random) -> str:
    words = text.split()[: rng.randint(4, 7)] if lang != "zh" else [text[: rng.randint(6, 10)]]
    title = rng.choice([rng.choice(HEADLINES[lang]), " ".join(words)])
    return f"{title}\n\n{text}"


def _add_boilerplate(text: str, lang: str, rng: random.Random) -> str:
    extra = rng.sample(BOILERPLATE[lang], k=rng.randint(1, 2))
    return text + "\n\n" + "\n".join(extra)


def _trim(text: str, lang: str, rng: random.Random) -> str:
    parts = sentences(text, lang)
    return ("" if lang == "zh" else " ").join(parts[:-1]) if len(parts) > 3 else text


def _reencode(text: str, lang: str, rng: random.Random) -> str:
    encoding = rng.choice(ENCODINGS[lang])
    if encoding == "big5":
        text = _s2t().convert(text)
    data = text.encode(encoding, errors="replace")
    return decode_bytes(data, rng.choice([encoding, None]))


def _wrap_html(text: str, lang: str, rng: random.Random) -> str:
    body = "".join(f"<p>{s.replace(' ', '&nbsp;', 1)}</p>\n" for s in text.split("\n") if s)
    return f'<div class="article"><h1></h1>{body}<script>track()</script></div>'


def _punctuate(text: str, lang: str, rng: random.Random) -> str:
    text = text.replace(", ", " ,  ").replace(". ", ".\n").replace(":", " :")
    return text.replace("'", "’").replace("-", " – ") if rng.random() < 0.5 else text


def _excerpt(text: str, lang: str, rng: random.Random) -> str:
    joiner = "" if lang == "zh" else " "
    return joiner.join(sentences(text, lang)[:2]) + "\n" + BOILERPLATE[lang][0]


def _comment(text: str, lang: str, rng: random.Random) -> str:
    return f"{rng.choice(COMMENTS[lang])}\n{text}"


def _traditional(text: str, lang: str, rng: random.Random) -> str:
    return _s2t().convert(text) if lang == "zh" else text


EDITS = (
    _retitle,
    _add_boilerplate,
    _trim,
    _reencode,
    _wrap_html,
    _punctuate,
    _traditional,
    _excerpt,
    _comment,
)


def _s2t() -> OpenCC:
    return OpenCC("s2twp")


def build_corpus(reprints_per_story: int = 3, seed: int = 20260101) -> list[Item]:
    """Originals in six languages plus ``reprints_per_story`` edited reprints of each."""
    rng = random.Random(seed)
    items: list[Item] = []
    for lang in LANGS:
        for story, text in enumerate(STORIES[lang]):
            items.append(Item(f"{lang}-{story}", lang, story, text, True))
            for copy in range(reprints_per_story):
                edited = text
                for edit in rng.sample(EDITS, k=rng.randint(2, 4)):
                    edited = edit(edited, lang, rng)
                items.append(Item(f"{lang}-{story}-r{copy}", lang, story, edited, False))
    return items


def true_pairs(items: list[Item]) -> set[frozenset[str]]:
    """Pairs of same-language items that tell the same story."""
    return {
        frozenset((a.item_id, b.item_id))
        for i, a in enumerate(items)
        for b in items[i + 1 :]
        if a.lang == b.lang and a.story == b.story
    }


def pair_scores(
    predicted: set[frozenset[str]], expected: set[frozenset[str]]
) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1."""
    hits = len(predicted & expected)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(expected) if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
