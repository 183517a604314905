"""Hand-written demo sentences in French, Vietnamese and Chinese (CC0, written for Resonance)."""

from __future__ import annotations

from typing import Any

FR: dict[str, Any] = {
    "fill": {
        "city": ["Toulouse", "Montpellier", "Nîmes", "Perpignan", "Albi", "Carcassonne", "Tarbes"],
        "group": ["retraités", "enseignants", "agriculteurs", "lycéens", "parents", "bénévoles"],
        "service": ["une carte grise", "un acte de naissance", "une aide au logement", "un permis"],
    },
    "dl": {
        "title": {
            "pos": [
                "Un nouvel atelier de littératie numérique ouvre à {city}",
                "{n} 000 personnes formées aux compétences numériques",
                "Les {group} saluent les ateliers de littératie numérique",
            ],
            "neu": [
                "Le programme de littératie numérique évolue",
                "Comment s'inscrire aux ateliers de compétences numériques",
                "Enquête sur les compétences numériques en zone rurale",
            ],
            "neg": [
                "Listes d'attente pour les ateliers de littératie numérique à {city}",
                "Les villages attendent toujours les ateliers de littératie numérique",
                "Ateliers de compétences numériques annulés sans préavis",
            ],
        },
        "body": {
            "pos": [
                "Grâce à l'atelier de littératie numérique, ma mère prend ses rendez-vous en "
                "ligne. Merci !",
                "Les ateliers de compétences numériques à {city} sont excellents, formateurs très "
                "patients.",
                "{n} {group} ont obtenu leur attestation de littératie numérique ce mois-ci.",
                "Enfin une formation aux compétences numériques claire et bien faite, bravo.",
            ],
            "neu": [
                "La formation en littératie numérique compte huit modules sur quatre semaines.",
                "L'inscription aux ateliers de compétences numériques se fait en mairie ou en "
                "ligne.",
                "Le prochain groupe de littératie numérique à {city} démarre lundi.",
                "Le programme de littératie numérique a été conçu avec les médiathèques.",
            ],
            "neg": [
                "Impossible d'obtenir une place en atelier de littératie numérique à {city} "
                "depuis un mois.",
                "On nous avait promis des ateliers de compétences numériques partout, toujours "
                "rien ici.",
                "Les vidéos de littératie numérique ne marchent pas sur les vieux téléphones, "
                "c'est nul.",
                "Le formateur de compétences numériques est parti en cours de route, quelle "
                "pagaille.",
            ],
        },
    },
    "es": {
        "title": {
            "pos": [
                "Obtenir {service} en ligne prend désormais cinq minutes",
                "{n} nouvelles démarches en ligne disponibles",
                "Les services publics en ligne font gagner des heures",
            ],
            "neu": [
                "Maintenance prévue des services publics en ligne",
                "Ce qui change pour les démarches en ligne le mois prochain",
                "Bilan chiffré des services publics en ligne",
            ],
            "neg": [
                "Les services publics en ligne encore en panne",
                "À {city}, les usagers dénoncent les bugs des démarches en ligne",
                "Démarche en ligne déposée, aucune réponse depuis un mois",
            ],
        },
        "body": {
            "pos": [
                "J'ai obtenu {service} par les démarches en ligne en cinq minutes, sans file "
                "d'attente.",
                "Le portail des services publics en ligne est enfin rapide et simple, merci.",
                "À {city}, {n} % des demandes passent désormais par les services publics en ligne.",
                "Très bien que les démarches en ligne fonctionnent aussi sur mobile.",
            ],
            "neu": [
                "La demande pour {service} peut être déposée via les services publics en ligne.",
                "Une maintenance des services publics en ligne est prévue cette nuit.",
                "Les démarches en ligne sont accessibles jour et nuit, la réponse arrive dans "
                "votre espace.",
                "La préfecture publie la liste des démarches en ligne prévues d'ici la fin de "
                "l'année.",
            ],
            "neg": [
                "Le site des services publics en ligne affiche une erreur depuis deux jours, "
                "c'est inadmissible.",
                "Ma demande pour {service} en ligne a été perdue, aucune réponse.",
                "Démarches en ligne en panne et file d'attente énorme à la préfecture de {city}.",
                "Le support des services publics en ligne ne répond jamais, c'est honteux.",
            ],
        },
    },
    "od": {
        "title": {
            "pos": [
                "Les données ouvertes aident {city} à réduire ses dépenses",
                "{n} nouveaux jeux de données ouvertes publiés",
                "Le nouveau portail de données ouvertes salué par les journalistes",
            ],
            "neu": [
                "Le projet de loi sur les données ouvertes soumis à consultation",
                "Quels registres deviendront des données ouvertes cette année",
                "La consultation sur la loi relative aux données ouvertes se poursuit",
            ],
            "neg": [
                "Des jeux de données ouvertes mis à jour en retard",
                "Des experts critiquent le projet de loi sur les données ouvertes",
                "Des erreurs dans les données ouvertes publiées",
            ],
        },
        "body": {
            "pos": [
                "Grâce aux données ouvertes sur les marchés publics, {city} a trouvé des "
                "fournisseurs moins chers.",
                "Le nouveau portail de données ouvertes est très pratique : tout se télécharge en "
                "CSV.",
                "Des étudiants ont créé une carte des pistes cyclables à partir des données "
                "ouvertes, génial.",
                "Le nombre de jeux de données ouvertes a atteint {n} 000 en un an.",
            ],
            "neu": [
                "Les contributions sur le projet de loi sur les données ouvertes sont reçues "
                "jusqu'à la fin du mois.",
                "Le registre des écoles sera publié en données ouvertes au format CSV.",
                "Les données ouvertes sont actualisées chaque semaine selon un calendrier public.",
                "Une réunion publique sur la loi relative aux données ouvertes aura lieu à {city} "
                "jeudi.",
            ],
            "neg": [
                "Le jeu de données ouvertes sur le budget n'a pas été mis à jour depuis six mois.",
                "Des centaines de doublons et d'erreurs dans les données ouvertes du registre.",
                "Le projet de loi sur les données ouvertes permet de fermer trop de registres, "
                "c'est grave.",
                "Les liens vers les données ouvertes du ministère sont cassés.",
            ],
        },
    },
    "other": {
        "title": [
            "Météo du week-end",
            "{city} va rénover son pont",
            "Festival de cuisine de rue à {city}",
        ],
        "body": [
            "La pluie et le froid sont attendus jusqu'à la fin de la semaine.",
            "Les travaux de voirie à {city} seront terminés avant l'hiver, selon la mairie.",
            "Une nouvelle aire de jeux a ouvert dans le parc.",
            "Le club de rugby de {city} a remporté la coupe régionale.",
            "Les horaires des bus changent à partir de lundi.",
        ],
    },
    "open": ["À lire :", "Info :", "Bon à savoir.", "En bref :", ""],
    "close": ["Partagez autour de vous.", "Qu'en pensez-vous ?", "Détails dans le lien.", ""],
    "tags": {"dl": "#LittératieNumérique", "es": "#DémarchesEnLigne", "od": "#DonnéesOuvertes"},
    "claim": ["URGENT : dès le 1er décembre, toutes les démarches en ligne deviendront payantes !"],
    "rebuttal": [
        "Faux : les services publics en ligne restent gratuits, aucun service payant prévu."
    ],
}

VI: dict[str, Any] = {
    "fill": {
        "city": ["Đà Nẵng", "Hội An", "Huế", "Quảng Nam", "Hà Nội", "Cần Thơ", "Hải Châu"],
        "group": [
            "người cao tuổi",
            "giáo viên",
            "nông dân",
            "sinh viên",
            "phụ huynh",
            "tiểu thương",
        ],
        "service": [
            "giấy khai sinh",
            "đăng ký kinh doanh",
            "cấp đổi giấy phép lái xe",
            "lý lịch tư pháp",
        ],
    },
    "dl": {
        "title": {
            "pos": [
                "{city} mở thêm lớp kỹ năng số miễn phí",
                "Đã có {n} nghìn người hoàn thành khóa kỹ năng số",
                "{group} hào hứng với lớp kỹ năng số",
            ],
            "neu": [
                "Cập nhật chương trình phổ cập kỹ năng số",
                "Hướng dẫn đăng ký lớp kỹ năng số",
                "Khảo sát kỹ năng số của người dân nông thôn",
            ],
            "neg": [
                "Người dân {city} phản ánh khó đăng ký lớp kỹ năng số",
                "Lớp kỹ năng số chưa đến được vùng sâu",
                "Lớp kỹ năng số bị hủy không báo trước",
            ],
        },
        "body": {
            "pos": [
                "Sau khóa kỹ năng số, mẹ tôi đã tự đặt lịch khám bệnh trên điện thoại. Cảm ơn rất "
                "nhiều!",
                "Lớp kỹ năng số ở {city} rất hay, giảng viên nhiệt tình và dễ hiểu.",
                "Tháng này có {n} {group} nhận chứng nhận kỹ năng số.",
                "Khóa học kỹ năng số rõ ràng, thiết thực, tôi rất hài lòng.",
            ],
            "neu": [
                "Khóa kỹ năng số gồm tám bài học, kéo dài bốn tuần.",
                "Người dân có thể đăng ký lớp kỹ năng số tại bộ phận một cửa hoặc trên cổng thông "
                "tin.",
                "Lớp kỹ năng số tiếp theo tại {city} khai giảng vào thứ Hai.",
                "Chương trình kỹ năng số được xây dựng cùng các thư viện công cộng.",
            ],
            "neg": [
                "Đã ba tuần mà vẫn không đăng ký được lớp kỹ năng số ở {city}, rất bực mình.",
                "Hứa mở lớp kỹ năng số ở mọi xã nhưng xã tôi vẫn chưa có.",
                "Video bài học kỹ năng số không mở được trên điện thoại cũ, quá tệ.",
                "Giảng viên lớp kỹ năng số nghỉ giữa chừng, cả lớp bị bỏ rơi.",
            ],
        },
    },
    "es": {
        "title": {
            "pos": [
                "Làm {service} qua dịch vụ công trực tuyến chỉ mất vài phút",
                "Cổng dịch vụ công trực tuyến bổ sung {n} thủ tục mới",
                "Dịch vụ công trực tuyến giúp người dân tiết kiệm thời gian",
            ],
            "neu": [
                "Cổng dịch vụ công trực tuyến bảo trì định kỳ",
                "Những thay đổi của dịch vụ công trực tuyến từ tháng tới",
                "Số liệu hồ sơ nộp qua dịch vụ công trực tuyến",
            ],
            "neg": [
                "Cổng dịch vụ công trực tuyến lại gặp sự cố",
                "Người dân {city} phản ánh lỗi dịch vụ công trực tuyến",
                "Nộp hồ sơ dịch vụ công trực tuyến một tháng chưa có kết quả",
            ],
        },
        "body": {
            "pos": [
                "Tôi làm {service} qua dịch vụ công trực tuyến chỉ trong năm phút, không phải xếp "
                "hàng.",
                "Cổng dịch vụ công trực tuyến giờ chạy nhanh và tiện lợi, cảm ơn.",
                "Tại {city}, {n}% hồ sơ đã được nộp qua dịch vụ công trực tuyến.",
                "Rất tốt vì dịch vụ công trực tuyến nay đã có trên ứng dụng di động.",
            ],
            "neu": [
                "Hồ sơ {service} có thể nộp trên cổng dịch vụ công trực tuyến.",
                "Cổng dịch vụ công trực tuyến sẽ bảo trì đến sáng mai.",
                "Dịch vụ công trực tuyến hoạt động 24/7, kết quả được gửi về tài khoản.",
                "Sở công bố danh mục dịch vụ công trực tuyến sẽ triển khai đến cuối năm.",
            ],
            "neg": [
                "Cổng dịch vụ công trực tuyến báo lỗi hai ngày liền, thật kém.",
                "Tôi nộp hồ sơ {service} trên dịch vụ công trực tuyến nhưng bị thất lạc.",
                "Dịch vụ công trực tuyến không vào được, bộ phận một cửa ở {city} lại đông nghẹt.",
                "Tổng đài hỗ trợ dịch vụ công trực tuyến không ai nghe máy, không chấp nhận được.",
            ],
        },
    },
    "od": {
        "title": {
            "pos": [
                "Dữ liệu mở giúp {city} tiết kiệm ngân sách",
                "Công bố thêm {n} bộ dữ liệu mở",
                "Cổng dữ liệu mở mới được đánh giá cao",
            ],
            "neu": [
                "Lấy ý kiến dự thảo luật về dữ liệu mở",
                "Những cơ sở dữ liệu sẽ được công bố dưới dạng dữ liệu mở",
                "Hội thảo về dữ liệu mở tại {city}",
            ],
            "neg": [
                "Bộ dữ liệu mở cập nhật chậm",
                "Chuyên gia góp ý dự thảo luật dữ liệu mở còn nhiều bất cập",
                "Phát hiện sai sót trong dữ liệu mở",
            ],
        },
        "body": {
            "pos": [
                "Nhờ dữ liệu mở về mua sắm công, {city} đã tìm được nhà cung cấp rẻ hơn.",
                "Cổng dữ liệu mở mới rất tiện, tải được cả CSV và JSON.",
                "Sinh viên làm bản đồ trạm xe buýt từ dữ liệu mở, rất hữu ích.",
                "Số bộ dữ liệu mở đã tăng lên {n} nghìn trong một năm.",
            ],
            "neu": [
                "Ý kiến góp ý dự thảo luật dữ liệu mở được nhận đến cuối tháng.",
                "Danh sách trường học sẽ được công bố dưới dạng dữ liệu mở.",
                "Dữ liệu mở được cập nhật hàng tuần theo lịch công khai.",
                "Buổi lấy ý kiến về dữ liệu mở sẽ diễn ra tại {city} vào thứ Năm.",
            ],
            "neg": [
                "Bộ dữ liệu mở về ngân sách đã sáu tháng chưa cập nhật.",
                "Dữ liệu mở của cơ sở dữ liệu có hàng trăm bản ghi trùng lặp và sai sót.",
                "Dự thảo luật cho phép hạn chế quá nhiều dữ liệu mở, rất đáng lo.",
                "Đường dẫn tới dữ liệu mở trên trang của sở bị hỏng.",
            ],
        },
    },
    "other": {
        "title": [
            "Dự báo thời tiết cuối tuần",
            "{city} sửa cầu cũ",
            "Lễ hội ẩm thực đường phố ở {city}",
        ],
        "body": [
            "Dự báo mưa và trời lạnh đến cuối tuần.",
            "Công trình sửa đường ở {city} sẽ xong trước Tết.",
            "Công viên trung tâm có sân chơi mới cho trẻ em.",
            "Đội bóng {city} giành cúp khu vực.",
            "Tuyến xe buýt đổi lịch chạy từ thứ Hai.",
        ],
    },
    "open": ["Thông báo:", "Tin mới:", "Mọi người ơi,", "Lưu ý:", ""],
    "close": [
        "Chia sẻ để mọi người cùng biết.",
        "Mọi người nghĩ sao?",
        "Chi tiết ở đường link.",
        "",
    ],
    "tags": {"dl": "#KỹNăngSố", "es": "#DịchVụCông", "od": "#DữLiệuMở"},
    "claim": ["Khẩn: từ 1/12 mọi dịch vụ công trực tuyến sẽ phải trả phí!"],
    "rebuttal": ["Sai sự thật: dịch vụ công trực tuyến vẫn miễn phí."],
}

ZH: dict[str, Any] = {
    "fill": {
        "city": ["杭州", "宁波", "温州", "绍兴", "嘉兴", "金华", "台州"],
        "group": ["老年人", "教师", "农民", "大学生", "家长", "个体工商户"],
        "service": ["社保证明", "营业执照", "出生证明", "公积金提取"],
    },
    "dl": {
        "title": {
            "pos": [
                "{city}新增一批数字素养培训点",
                "已有{n}万人完成数字素养课程",
                "{group}点赞数字素养公益课",
            ],
            "neu": [
                "数字素养与技能提升课程大纲更新",
                "如何报名数字素养培训",
                "调查：农村居民数字技能水平",
            ],
            "neg": [
                "{city}市民反映数字素养课程报名难",
                "数字素养培训尚未覆盖偏远乡村",
                "数字素养课程临时取消引发不满",
            ],
        },
        "body": {
            "pos": [
                "参加数字素养课程后，我妈妈学会了在手机上挂号，太感谢了！",
                "{city}的数字技能培训讲得很好，老师耐心又细致。",
                "本月有{n}名{group}获得数字素养结业证书。",
                "数字素养课程内容实用，通俗易懂，非常满意。",
            ],
            "neu": [
                "数字素养课程共八个单元，为期四周。",
                "市民可在政务服务中心或官网报名数字技能培训。",
                "{city}下一期数字素养培训班将于周一开班。",
                "数字素养课程由图书馆和社区共同设计。",
            ],
            "neg": [
                "{city}的数字素养课程三个星期都报不上名，太糟糕了。",
                "说好每个村都有数字素养培训，我们村到现在还没有。",
                "数字素养课程视频在旧手机上打不开，体验很差。",
                "数字技能培训老师中途离开，学员没人管。",
            ],
        },
    },
    "es": {
        "title": {
            "pos": [
                "办理{service}实现“一网通办”，几分钟搞定",
                "政务服务网新增{n}项服务",
                "政务服务上网让群众少跑腿",
            ],
            "neu": [
                "政务服务网将进行系统维护",
                "下月起政务服务办理流程有调整",
                "数据显示：网上政务服务办件量持续增长",
            ],
            "neg": [
                "政务服务网又崩了",
                "{city}市民反映政务服务系统频繁出错",
                "网上政务服务提交申请一个月没有回音",
            ],
        },
        "body": {
            "pos": [
                "通过政务服务网办理{service}，五分钟就好了，不用排队，点赞！",
                "政务服务平台终于又快又好用，感谢。",
                "{city}已有{n}%的事项通过“一网通办”办理。",
                "政务服务APP也能办了，非常方便。",
            ],
            "neu": [
                "{service}可在政务服务网在线申请。",
                "政务服务网今晚进行系统维护，预计明早恢复。",
                "网上政务服务全天候受理，结果发送到个人账户。",
                "省里公布了年底前上线的政务服务事项清单。",
            ],
            "neg": [
                "政务服务网连续两天报错，太差了。",
                "在政务服务网上申请{service}，材料竟然丢了。",
                "政务服务网打不开，{city}办事大厅又排长队。",
                "政务服务热线一直没人接，无法接受。",
            ],
        },
    },
    "od": {
        "title": {
            "pos": [
                "开放数据助力{city}节约财政资金",
                "新开放{n}个公共数据集",
                "新版公共数据开放平台获好评",
            ],
            "neu": [
                "公共数据开放条例草案公开征求意见",
                "今年哪些数据将纳入开放数据目录",
                "开放数据条例征求意见持续到月底",
            ],
            "neg": [
                "开放数据更新不及时",
                "专家批评开放数据条例草案",
                "开放数据中发现大量错误",
            ],
        },
        "body": {
            "pos": [
                "借助采购领域的开放数据，{city}找到了更便宜的供应商。",
                "新的开放数据平台很好用，可以直接下载CSV和JSON。",
                "大学生用开放数据做了公交站点地图，很有用。",
                "一年来开放数据集数量增至{n}千个。",
            ],
            "neu": [
                "开放数据条例草案意见征集截止到本月底。",
                "学校名录将以开放数据形式发布。",
                "开放数据按照公开的计划每周更新。",
                "关于开放数据立法的座谈会周四在{city}举行。",
            ],
            "neg": [
                "财政预算开放数据已经半年没有更新。",
                "开放数据中发现数百条重复和错误记录。",
                "条例草案允许限制过多开放数据，令人担忧。",
                "官网上的开放数据链接都失效了。",
            ],
        },
    },
    "other": {
        "title": ["周末天气预报", "{city}将维修老桥", "{city}举办街头美食节"],
        "body": [
            "预计本周末有雨，气温下降。",
            "{city}道路改造工程将在年底前完工。",
            "中心公园新建了儿童游乐场。",
            "{city}足球队获得地区杯赛冠军。",
            "公交线路从下周一起调整时刻表。",
        ],
    },
    "open": ["【提醒】", "【关注】", "重要通知：", "转发：", ""],
    "close": ["欢迎转发。", "大家怎么看？", "详情见链接。", ""],
    "tags": {"dl": "#数字素养#", "es": "#政务服务#", "od": "#开放数据#"},
    "claim": ["紧急通知：12月1日起所有网上政务服务都要收费！"],
    "rebuttal": ["谣言：网上政务服务继续免费，没有收费计划。"],
}

# Traditional Chinese, for a Hong Kong/Taiwan-style channel and some export rows.
ZH_HANT: dict[str, Any] = {
    "fill": {
        "city": ["臺北", "高雄", "臺中", "新竹", "香港", "九龍"],
        "group": ["長者", "教師", "農民", "大學生", "家長"],
        "service": ["戶籍謄本", "營業登記", "出生證明"],
    },
    "dl": {
        "title": {
            "pos": ["{city}新增數字素養課程", "{n}萬人完成數字素養培訓"],
            "neu": ["數字素養課程報名方式", "數字技能調查結果公布"],
            "neg": ["{city}數字素養課程名額不足", "數字素養課程臨時取消"],
        },
        "body": {
            "pos": [
                "上完數字素養課程，我爸爸會用手機預約看診了，非常感謝！",
                "{city}的數字素養課程老師很有耐心，推薦。",
            ],
            "neu": ["數字素養課程共八堂，為期四週。", "{city}下一期數字素養課程下週一開課。"],
            "neg": [
                "數字素養課程報不上名，已經等了三週，很失望。",
                "數字素養課程影片在舊手機上打不開，太差了。",
            ],
        },
    },
    "es": {
        "title": {
            "pos": ["線上申辦{service}只要幾分鐘", "政務服務網站新增{n}項服務"],
            "neu": ["政務服務網站維護公告", "政務服務線上申辦統計"],
            "neg": ["政務服務網站又當機了", "{city}市民抱怨政務服務系統出錯"],
        },
        "body": {
            "pos": [
                "在政務服務網站申辦{service}，五分鐘就完成，不用排隊，很讚！",
                "政務服務網站終於又快又好用。",
            ],
            "neu": ["{service}可在政務服務網站線上申請。", "政務服務網站今晚維護，明早恢復。"],
            "neg": [
                "政務服務網站連續兩天錯誤，太糟糕了。",
                "政務服務網站打不開，{city}櫃檯又大排長龍。",
            ],
        },
    },
    "od": {
        "title": {
            "pos": ["開放數據幫助{city}節省經費", "新增{n}個開放數據集"],
            "neu": ["開放數據條例草案徵求意見", "開放數據目錄更新"],
            "neg": ["開放數據更新延遲", "專家批評開放數據條例草案"],
        },
        "body": {
            "pos": [
                "新的開放數據平台很好用，可以下載CSV。",
                "學生用開放數據做了自行車道地圖，非常實用。",
            ],
            "neu": ["開放數據每週依公開時程更新。", "開放數據條例草案意見徵集至月底。"],
            "neg": ["預算開放數據半年沒有更新。", "開放數據中發現數百筆錯誤。"],
        },
    },
    "other": {
        "title": ["週末天氣預報", "{city}美食節登場"],
        "body": ["預計週末有雨，氣溫下降。", "公園新建了兒童遊樂場。", "公車時刻表下週一起調整。"],
    },
    "open": ["【提醒】", "【關注】", ""],
    "close": ["歡迎轉發。", "大家怎麼看？", ""],
    "tags": {"dl": "#數字素養", "es": "#政務服務", "od": "#開放數據"},
    "claim": ["緊急：12月1日起所有線上政務服務都要收費！"],
    "rebuttal": ["謠言：線上政務服務繼續免費。"],
}
