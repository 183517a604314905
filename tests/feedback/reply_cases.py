"""A labelled set of replies in six languages: answers, and replies that answer nothing."""

from __future__ import annotations

from dataclasses import dataclass

REFERENCE = "RSN-ABCD-EFGH"


@dataclass(frozen=True)
class Case:
    language: str
    body: str
    vacuous: bool
    uses_template: bool
    name: str


@dataclass(frozen=True)
class Language:
    question: str
    template: str  # placeholders filled
    good: tuple[str, ...]  # specific answers written without the template
    good_with_template: tuple[str, ...]  # text added after the template
    generic: tuple[str, ...]  # polite replies that say nothing
    trivial_addition: str  # a sign-off added to the bare template
    far_too_short: str  # on topic, but a line for a long letter


SET: dict[str, Language] = {
    "en": Language(
        question=(
            "The roof of school number 5 in Bucha has been leaking since October. Water drips "
            "into two classrooms on the second floor and the children have been moved to the "
            "gym. We wrote to the district office twice and nobody came. When will the roof be "
            "repaired, and who is responsible for the classrooms until then? Winter is coming "
            "and the heating does not work in the gym either."
        ),
        template=(
            f"Dear citizen, thank you for your message {REFERENCE}. We have received it and "
            "forwarded it to the responsible department. We will contact you as soon as possible."
        ),
        good=(
            "A repair crew will inspect the roof of school 5 on 12 November and replace the "
            "damaged section by the end of the month. Until then the two classrooms stay closed, "
            "and the district heating service will repair the gym heating this week.",
            "School 5's roof is included in the 2024 capital repair plan. Work begins on Monday; "
            "the children will study in the library of school 3 until the classrooms are dry.",
            "The heating in the gym was fixed yesterday, and the roofers from Bucha city council "
            "will start replacing the roof covering next Tuesday; it takes about ten days.",
        ),
        good_with_template=(
            " The district education office has approved 480,000 UAH for the roof of school 5; "
            "the contractor starts on 18 November and the gym heating is repaired on Friday.",
        ),
        generic=(
            "Thank you for your message. We have received your request and will consider it.",
            "Thank you for contacting us. Your feedback is important to us and has been "
            "forwarded to the relevant team for review.",
        ),
        trivial_addition=" Best regards.",
        far_too_short="We will repair the roof soon.",
    ),
    "fr": Language(
        question=(
            "Le toit de l'école numéro 5 à Boutcha fuit depuis octobre. L'eau coule dans deux "
            "salles de classe au premier étage et les enfants ont été déplacés dans le gymnase. "
            "Nous avons écrit deux fois à la mairie et personne n'est venu. Quand le toit "
            "sera-t-il réparé, et qui s'occupe des salles de classe d'ici là ? L'hiver arrive et "
            "le chauffage du gymnase ne fonctionne pas non plus."
        ),
        template=(
            f"Madame, Monsieur, merci pour votre message {REFERENCE}. Nous l'avons bien reçu et "
            "l'avons transmis au service responsable. Nous vous contacterons dès que possible."
        ),
        good=(
            "Une équipe de réparation inspectera le toit de l'école 5 le 12 novembre et "
            "remplacera la partie endommagée avant la fin du mois. D'ici là, les deux salles "
            "restent fermées et le service de chauffage réparera le gymnase cette semaine.",
            "Le toit de l'école 5 figure dans le plan de rénovation 2024. Les travaux commencent "
            "lundi ; les enfants étudieront dans la bibliothèque de l'école 3 jusqu'à ce que les "
            "salles soient sèches.",
            "Le chauffage du gymnase a été réparé hier, et les couvreurs de la commune "
            "commenceront à remplacer la couverture mardi prochain ; cela prendra environ dix "
            "jours.",
        ),
        good_with_template=(
            " La mairie a voté 480 000 euros pour le toit de l'école 5 ; l'entreprise commence "
            "le 18 novembre et le chauffage du gymnase sera réparé vendredi.",
        ),
        generic=(
            "Merci pour votre message. Nous avons bien reçu votre demande et nous allons "
            "l'examiner.",
            "Merci de nous avoir contactés. Votre avis compte pour nous et a été transmis à "
            "l'équipe compétente pour examen.",
        ),
        trivial_addition=" Cordialement.",
        far_too_short="Nous allons réparer le toit bientôt.",
    ),
    "uk": Language(
        question=(
            "Дах школи номер 5 у Бучі протікає з жовтня. Вода капає у два класи на другому "
            "поверсі, і дітей перевели до спортзалу. Ми двічі писали до районної адміністрації, "
            "але ніхто не прийшов. Коли відремонтують дах і хто відповідає за класи до того "
            "часу? Наближається зима, а опалення у спортзалі теж не працює."
        ),
        template=(
            f"Шановний громадянине, дякуємо за ваше звернення {REFERENCE}. Ми його отримали та "
            "передали відповідальній службі. Ми зв'яжемося з вами найближчим часом."
        ),
        good=(
            "Ремонтна бригада огляне дах школи 5 12 листопада і замінить пошкоджену частину до "
            "кінця місяця. До того часу обидва класи залишаються закритими, а теплова служба "
            "відремонтує опалення у спортзалі цього тижня.",
            "Дах школи 5 включено до плану капітального ремонту на 2024 рік. Роботи почнуться в "
            "понеділок; діти навчатимуться в бібліотеці школи 3, доки класи не висохнуть.",
            "Опалення у спортзалі полагодили вчора, а покрівельники міської ради почнуть заміну "
            "покриття наступного вівторка; це займе близько десяти днів.",
        ),
        good_with_template=(
            " Міська рада виділила 480 тисяч гривень на дах школи 5; підрядник починає роботи "
            "18 листопада, а опалення спортзалу полагодять у п'ятницю.",
        ),
        generic=(
            "Дякуємо за ваше звернення. Ми отримали ваш запит і розглянемо його.",
            "Дякуємо, що звернулися до нас. Ваш відгук важливий для нас і переданий відповідній "
            "команді для розгляду.",
        ),
        trivial_addition=" З повагою.",
        far_too_short="Ми скоро відремонтуємо дах.",
    ),
    "ru": Language(
        question=(
            "Крыша школы номер 5 в Буче протекает с октября. Вода капает в два класса на втором "
            "этаже, и детей перевели в спортзал. Мы дважды писали в районную администрацию, но "
            "никто не пришёл. Когда отремонтируют крышу и кто отвечает за классы до тех пор? "
            "Приближается зима, а отопление в спортзале тоже не работает."
        ),
        template=(
            f"Уважаемый гражданин, благодарим за ваше обращение {REFERENCE}. Мы его получили и "
            "передали в ответственную службу. Мы свяжемся с вами в ближайшее время."
        ),
        good=(
            "Ремонтная бригада осмотрит крышу школы 5 12 ноября и заменит повреждённую часть до "
            "конца месяца. До тех пор оба класса остаются закрытыми, а тепловая служба "
            "отремонтирует отопление в спортзале на этой неделе.",
            "Крыша школы 5 включена в план капитального ремонта на 2024 год. Работы начнутся в "
            "понедельник; дети будут учиться в библиотеке школы 3, пока классы не высохнут.",
            "Отопление в спортзале починили вчера, а кровельщики городского совета начнут замену "
            "покрытия в следующий вторник; это займёт около десяти дней.",
        ),
        good_with_template=(
            " Городской совет выделил 480 тысяч гривен на крышу школы 5; подрядчик начинает "
            "работы 18 ноября, а отопление спортзала починят в пятницу.",
        ),
        generic=(
            "Благодарим за ваше обращение. Мы получили ваш запрос и рассмотрим его.",
            "Спасибо, что обратились к нам. Ваш отзыв важен для нас и передан соответствующей "
            "команде для рассмотрения.",
        ),
        trivial_addition=" С уважением.",
        far_too_short="Мы скоро отремонтируем крышу.",
    ),
    "vi": Language(
        question=(
            "Mái nhà của trường số 5 ở Bucha bị dột từ tháng mười. Nước nhỏ xuống hai phòng học "
            "ở tầng hai và các em học sinh đã phải chuyển xuống phòng thể dục. Chúng tôi đã viết "
            "thư cho ủy ban quận hai lần nhưng không ai đến. Khi nào mái nhà sẽ được sửa, và ai "
            "chịu trách nhiệm về các phòng học cho đến lúc đó? Mùa đông sắp đến và hệ thống sưởi "
            "trong phòng thể dục cũng không hoạt động."
        ),
        template=(
            f"Kính gửi công dân, cảm ơn bạn đã gửi tin nhắn {REFERENCE}. Chúng tôi đã nhận được "
            "và chuyển đến bộ phận phụ trách. Chúng tôi sẽ liên hệ với bạn sớm nhất có thể."
        ),
        good=(
            "Đội sửa chữa sẽ kiểm tra mái nhà của trường số 5 vào ngày 12 tháng 11 và thay phần "
            "bị hỏng trước cuối tháng. Trong thời gian đó hai phòng học vẫn đóng cửa, và công ty "
            "sưởi sẽ sửa hệ thống sưởi của phòng thể dục trong tuần này.",
            "Mái nhà trường số 5 đã được đưa vào kế hoạch sửa chữa năm 2024. Công việc bắt đầu "
            "vào thứ hai; học sinh sẽ học tại thư viện của trường số 3 cho đến khi các phòng học "
            "khô ráo.",
            "Hệ thống sưởi trong phòng thể dục đã được sửa hôm qua, và thợ lợp của ủy ban thành "
            "phố sẽ bắt đầu thay mái vào thứ ba tuần sau; việc này mất khoảng mười ngày.",
        ),
        good_with_template=(
            " Ủy ban thành phố đã cấp 480 triệu đồng để sửa mái trường số 5; nhà thầu bắt đầu "
            "thi công ngày 18 tháng 11 và hệ thống sưởi phòng thể dục sẽ được sửa vào thứ sáu.",
        ),
        generic=(
            "Cảm ơn bạn đã gửi tin nhắn. Chúng tôi đã nhận được yêu cầu của bạn và sẽ xem xét.",
            "Cảm ơn bạn đã liên hệ với chúng tôi. Ý kiến của bạn rất quan trọng và đã được "
            "chuyển đến bộ phận liên quan để xem xét.",
        ),
        trivial_addition=" Trân trọng.",
        far_too_short="Chúng tôi sẽ sớm sửa mái nhà.",
    ),
    "zh": Language(
        question=(
            "布查第五中学的屋顶从十月份开始漏水。二楼的两间教室一直在滴水，孩子们已经被转移到体育馆"
            "上课。我们已经两次写信给区政府，但是没有人来处理。屋顶什么时候能修好？在此之前谁负责这些"
            "教室？冬天快到了，体育馆的暖气也坏了。"
        ),
        template=(
            f"尊敬的市民，感谢您的来信 {REFERENCE}。"
            "我们已收到并转交相关部门处理。我们会尽快与您联系。"
        ),
        good=(
            "维修队将于11月12日检查第五中学的屋顶，并在月底前更换损坏部分。在此期间两间教室继续关闭，"
            "供暖公司本周内修好体育馆的暖气。",
            "第五中学屋顶已列入2024年大修计划。周一开工；在教室干燥之前，学生们将在第三中学的图书馆"
            "上课。",
            "体育馆的暖气昨天已经修好，市政府的屋面工人下周二开始更换屋面，大约需要十天。",
        ),
        good_with_template=(
            "区教育局已批准48万元用于修缮第五中学屋顶，施工队11月18日进场，体育馆暖气周五修好。",
        ),
        generic=(
            "感谢您的来信。我们已收到您的反馈，会认真研究。",
            "谢谢您联系我们。您的意见对我们很重要，已转交相关团队审阅。",
        ),
        trivial_addition="此致敬礼。",
        far_too_short="屋顶很快会修。",
    ),
}


def cases() -> list[Case]:
    """Every labelled reply: (language, body, vacuous?, written from the template?, name)."""
    found: list[Case] = []
    for lang, spec in SET.items():
        for i, body in enumerate(spec.good):
            found.append(Case(lang, body, False, False, f"{lang}-good-{i}"))
        for i, added in enumerate(spec.good_with_template):
            found.append(Case(lang, spec.template + added, False, True, f"{lang}-template+{i}"))
        found.append(Case(lang, spec.template, True, True, f"{lang}-bare-template"))
        found.append(
            Case(lang, spec.template + spec.trivial_addition, True, True, f"{lang}-sign-off")
        )
        for i, body in enumerate(spec.generic):
            found.append(Case(lang, body, True, False, f"{lang}-generic-{i}"))
        found.append(Case(lang, spec.far_too_short, True, False, f"{lang}-too-short"))
    return found
