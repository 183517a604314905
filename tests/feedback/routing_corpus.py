"""A synthetic multilingual routing set: citizen messages in six languages, each with its unit.

Built from per-language topic vocabularies (roads, schools, health, water), shared complaint
phrases that carry no topic, inflected word forms, and a share of messages that also mention a
second topic; the region is random, so only the text tells the unit. Deterministic per seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

TOPICS = ("roads", "schools", "health", "water")

VOCAB: dict[str, dict[str, list[str]]] = {
    "en": {
        "roads": [
            "pothole",
            "potholes",
            "road repair",
            "asphalt",
            "bridge",
            "traffic lights",
            "the road",
            "pavement",
            "bus stop",
            "street lighting",
        ],
        "schools": [
            "school",
            "teacher",
            "teachers",
            "classroom",
            "kindergarten",
            "pupils",
            "school bus",
            "textbooks",
            "exams",
            "the headmaster",
        ],
        "health": [
            "hospital",
            "doctor",
            "clinic",
            "ambulance",
            "nurse",
            "medicines",
            "vaccination",
            "pharmacy",
            "appointment with a doctor",
            "surgery",
        ],
        "water": [
            "water supply",
            "tap water",
            "pipe burst",
            "sewage",
            "no water",
            "water meter",
            "drinking water",
            "water pressure",
            "the sewer",
            "water bill",
        ],
    },
    "uk": {
        "roads": [
            "яма",
            "ями на дорозі",
            "ремонт дороги",
            "асфальт",
            "міст",
            "світлофор",
            "дорогу",
            "тротуар",
            "зупинка",
            "освітлення вулиці",
        ],
        "schools": [
            "школа",
            "школі",
            "вчитель",
            "вчителів",
            "клас",
            "дитсадок",
            "учні",
            "шкільний автобус",
            "підручники",
            "директор школи",
        ],
        "health": [
            "лікарня",
            "лікарні",
            "лікар",
            "амбулаторія",
            "швидка",
            "медсестра",
            "ліки",
            "щеплення",
            "аптека",
            "запис до лікаря",
        ],
        "water": [
            "водопостачання",
            "вода з крана",
            "прорвало трубу",
            "каналізація",
            "немає води",
            "лічильник води",
            "питна вода",
            "тиск води",
            "рахунок за воду",
        ],
    },
    "ru": {
        "roads": [
            "яма",
            "ямы на дороге",
            "ремонт дороги",
            "асфальт",
            "мост",
            "светофор",
            "дорогу",
            "тротуар",
            "остановка",
            "освещение улицы",
        ],
        "schools": [
            "школа",
            "школе",
            "учитель",
            "учителей",
            "класс",
            "детский сад",
            "ученики",
            "школьный автобус",
            "учебники",
            "директор школы",
        ],
        "health": [
            "больница",
            "больнице",
            "врач",
            "поликлиника",
            "скорая",
            "медсестра",
            "лекарства",
            "прививка",
            "аптека",
            "запись к врачу",
        ],
        "water": [
            "водоснабжение",
            "вода из крана",
            "прорвало трубу",
            "канализация",
            "нет воды",
            "счётчик воды",
            "питьевая вода",
            "давление воды",
            "счёт за воду",
        ],
    },
    "fr": {
        "roads": [
            "nid-de-poule",
            "nids-de-poule",
            "réparation de la route",
            "asphalte",
            "pont",
            "feux de circulation",
            "la chaussée",
            "trottoir",
            "arrêt de bus",
            "éclairage",
        ],
        "schools": [
            "école",
            "enseignant",
            "enseignants",
            "classe",
            "crèche",
            "élèves",
            "bus scolaire",
            "manuels",
            "examens",
            "le directeur de l'école",
        ],
        "health": [
            "hôpital",
            "médecin",
            "clinique",
            "ambulance",
            "infirmière",
            "médicaments",
            "vaccination",
            "pharmacie",
            "rendez-vous chez le médecin",
            "urgences",
        ],
        "water": [
            "eau potable",
            "eau du robinet",
            "fuite de canalisation",
            "égouts",
            "pas d'eau",
            "compteur d'eau",
            "pression de l'eau",
            "facture d'eau",
        ],
    },
    "vi": {
        "roads": [
            "ổ gà",
            "sửa đường",
            "nhựa đường",
            "cây cầu",
            "đèn giao thông",
            "con đường",
            "vỉa hè",
            "trạm xe buýt",
            "đèn đường",
        ],
        "schools": [
            "trường học",
            "giáo viên",
            "lớp học",
            "mẫu giáo",
            "học sinh",
            "xe buýt trường",
            "sách giáo khoa",
            "kỳ thi",
            "hiệu trưởng",
        ],
        "health": [
            "bệnh viện",
            "bác sĩ",
            "phòng khám",
            "xe cứu thương",
            "y tá",
            "thuốc",
            "tiêm chủng",
            "nhà thuốc",
            "lịch khám bệnh",
        ],
        "water": [
            "nước sạch",
            "nước máy",
            "vỡ ống nước",
            "cống thoát nước",
            "mất nước",
            "đồng hồ nước",
            "áp lực nước",
            "hóa đơn tiền nước",
        ],
    },
    "zh": {
        "roads": ["坑洼", "修路", "沥青", "桥梁", "红绿灯", "道路", "人行道", "公交站", "路灯"],
        "schools": ["学校", "老师", "教室", "幼儿园", "学生", "校车", "课本", "考试", "校长"],
        "health": ["医院", "医生", "诊所", "救护车", "护士", "药品", "疫苗接种", "药店", "挂号"],
        "water": ["供水", "自来水", "水管爆裂", "下水道", "停水", "水表", "饮用水", "水压", "水费"],
    },
}

FRAMES: dict[str, list[str]] = {
    "en": [
        "Please help: {a} in our area. {f}",
        "{f} The problem is the {a}, and also {b}.",
        "Hello, about {a}. {f}",
        "{a}! {f} Nobody answers our calls.",
        "I am writing because of {a}. {f}",
    ],
    "uk": [
        "Допоможіть, будь ласка: {a} у нашому районі. {f}",
        "{f} Проблема — {a}, а також {b}.",
        "Добрий день, щодо {a}. {f}",
        "{a}! {f} Ніхто не відповідає.",
        "Пишу через {a}. {f}",
    ],
    "ru": [
        "Помогите, пожалуйста: {a} в нашем районе. {f}",
        "{f} Проблема — {a}, а также {b}.",
        "Здравствуйте, насчёт {a}. {f}",
        "{a}! {f} Никто не отвечает.",
        "Пишу из-за {a}. {f}",
    ],
    "fr": [
        "Aidez-nous : {a} dans notre quartier. {f}",
        "{f} Le problème, c'est {a}, et {b}.",
        "Bonjour, au sujet de {a}. {f}",
        "{a} ! {f} Personne ne répond.",
        "Je vous écris à cause de {a}. {f}",
    ],
    "vi": [
        "Xin giúp đỡ: {a} ở khu vực chúng tôi. {f}",
        "{f} Vấn đề là {a}, và cả {b}.",
        "Xin chào, về {a}. {f}",
        "{a}! {f} Không ai trả lời.",
        "Tôi viết thư vì {a}. {f}",
    ],
    "zh": [
        "请帮忙：我们这里的{a}问题。{f}",
        "{f}问题是{a}，还有{b}。",
        "你好，关于{a}。{f}",
        "{a}！{f}没有人回复。",
        "我写信是因为{a}。{f}",
    ],
}

FILLERS: dict[str, list[str]] = {
    "en": [
        "It has been like this for months.",
        "This is unacceptable.",
        "Thank you.",
        "We complained already.",
        "",
        "My neighbours agree.",
    ],
    "uk": [
        "Так уже кілька місяців.",
        "Це неприпустимо.",
        "Дякую.",
        "Ми вже скаржилися.",
        "",
        "Сусіди погоджуються.",
    ],
    "ru": [
        "Так уже несколько месяцев.",
        "Это недопустимо.",
        "Спасибо.",
        "Мы уже жаловались.",
        "",
        "Соседи согласны.",
    ],
    "fr": [
        "C'est ainsi depuis des mois.",
        "C'est inacceptable.",
        "Merci.",
        "Nous nous sommes déjà plaints.",
        "",
        "Mes voisins sont d'accord.",
    ],
    "vi": [
        "Tình trạng này đã kéo dài nhiều tháng.",
        "Điều này không thể chấp nhận.",
        "Cảm ơn.",
        "Chúng tôi đã phản ánh rồi.",
        "",
        "Hàng xóm cũng đồng ý.",
    ],
    "zh": [
        "已经好几个月了。",
        "这是不能接受的。",
        "谢谢。",
        "我们已经投诉过了。",
        "",
        "邻居们也同意。",
    ],
}
REGIONS = ("Kyiv", "Lviv", "Odesa", "Kharkiv")


@dataclass(frozen=True)
class Message:
    text: str
    language: str
    region: str
    topic: str


def routing_corpus(n: int = 720, *, seed: int = 8, second_topic: float = 0.2) -> list[Message]:
    """`n` messages spread evenly over languages and topics, shuffled."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        lang = list(VOCAB)[i % len(VOCAB)]
        topic = TOPICS[(i // len(VOCAB)) % len(TOPICS)]
        words = VOCAB[lang][topic]
        a = rng.choice(words)
        other = rng.choice([t for t in TOPICS if t != topic])
        b = rng.choice(VOCAB[lang][other] if rng.random() < second_topic else words)
        frame = rng.choice(FRAMES[lang])
        text = frame.format(a=a, b=b, f=rng.choice(FILLERS[lang])).strip()
        out.append(Message(text, lang, rng.choice(REGIONS), topic))
    rng.shuffle(out)
    return out
