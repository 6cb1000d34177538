"""Value vocabularies of the four layouts: countries, prefectures, levels, sectors.

Every spelling here is the one `feeds/README.md` and the samples use, so a generated
feed reads like one an agency sends.
"""

from __future__ import annotations

from dataclasses import dataclass

FEEDS = ("maff-agri", "meti-mfg", "mhlw-hellowork", "jasso-graduates")


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2 (meti)
    ja: str  # maff, mhlw
    en: str  # jasso, UN style
    lang_ja: str  # native language in Japanese (maff, mhlw)
    lang_en: str  # native language in English (jasso)
    lang_code: str  # ISO 639-1 (meti)
    weight: float  # share of Japan's foreign workforce, roughly
    affinity: tuple[float, float, float, float]  # how likely each feed (FEEDS order) holds them
    group: str  # "worker", "professional" or "nikkei": drives visa and levels


# Weighted like Japan's foreign workforce around 2018 (MHLW): Viet Nam and China
# largest, then the Philippines; Brazil and Peru mostly Nikkei long-term residents.
COUNTRIES = (
    Country("VN", "ベトナム", "Viet Nam", "ベトナム語", "Vietnamese", "vi", 30, (4, 2, 2, 3), "worker"),
    Country("CN", "中国", "China", "中国語", "Chinese", "zh", 25, (2, 3, 2, 4), "professional"),
    Country("PH", "フィリピン", "Philippines", "タガログ語", "Tagalog", "tl", 11, (3, 1, 4, 1), "worker"),
    Country("ID", "インドネシア", "Indonesia", "インドネシア語", "Indonesian", "id", 6, (4, 1, 1, 2), "worker"),
    Country("NP", "ネパール", "Nepal", "ネパール語", "Nepali", "ne", 5.5, (2, 1, 3, 4), "worker"),
    Country("KR", "韓国", "Korea, Republic of", "韓国語", "Korean", "ko", 4, (1, 3, 2, 3), "professional"),
    Country("TW", "台湾", "Taiwan", "中国語", "Chinese", "zh", 3, (1, 3, 2, 3), "professional"),
    Country("TH", "タイ", "Thailand", "タイ語", "Thai", "th", 2.5, (3, 2, 1, 2), "worker"),
    Country("MM", "ミャンマー", "Myanmar", "ミャンマー語", "Burmese", "my", 2.5, (4, 1, 2, 2), "worker"),
    Country("BR", "ブラジル", "Brazil", "ポルトガル語", "Portuguese", "pt", 2.3, (1, 2, 5, 1), "nikkei"),
    Country("KH", "カンボジア", "Cambodia", "クメール語", "Khmer", "km", 1.5, (4, 1, 1, 1), "worker"),
    Country("LK", "スリランカ", "Sri Lanka", "シンハラ語", "Sinhala", "si", 1.2, (1, 2, 2, 3), "professional"),
    Country("MN", "モンゴル", "Mongolia", "モンゴル語", "Mongolian", "mn", 1, (1, 2, 2, 3), "professional"),
    Country("IN", "インド", "India", "ヒンディー語", "Hindi", "hi", 1, (1, 4, 1, 2), "professional"),
    Country("PE", "ペルー", "Peru", "スペイン語", "Spanish", "es", 0.8, (1, 1, 5, 1), "nikkei"),
    Country("US", "アメリカ合衆国", "United States of America", "英語", "English", "en", 0.8, (1, 3, 2, 2),
            "professional"),
    Country("FR", "フランス", "France", "フランス語", "French", "fr", 0.4, (1, 3, 2, 2), "professional"),
)  # fmt: skip

COUNTRY_BY_CODE = {c.code: c for c in COUNTRIES}

# Experience abroad (meti `experience[].country`): markets Japanese exporters target.
EXPERIENCE_COUNTRIES = ("TH", "VN", "CN", "SG", "MY", "US", "DE", "ID", "PH", "TW", "HK", "AU", "FR", "KR")


@dataclass(frozen=True, slots=True)
class Prefecture:
    code: int  # JIS X 0401
    kanji: str
    romaji: str
    weight: float  # foreign workers, thousands (2018, rounded)


PREFECTURES = tuple(
    Prefecture(i + 1, kanji, romaji, weight)
    for i, (kanji, romaji, weight) in enumerate(
        [
            ("北海道", "Hokkaido", 21), ("青森県", "Aomori", 3), ("岩手県", "Iwate", 4),
            ("宮城県", "Miyagi", 9), ("秋田県", "Akita", 2), ("山形県", "Yamagata", 4),
            ("福島県", "Fukushima", 8), ("茨城県", "Ibaraki", 32), ("栃木県", "Tochigi", 20),
            ("群馬県", "Gunma", 32), ("埼玉県", "Saitama", 65), ("千葉県", "Chiba", 53),
            ("東京都", "Tokyo", 438), ("神奈川県", "Kanagawa", 79), ("新潟県", "Niigata", 8),
            ("富山県", "Toyama", 10), ("石川県", "Ishikawa", 9), ("福井県", "Fukui", 8),
            ("山梨県", "Yamanashi", 7), ("長野県", "Nagano", 17), ("岐阜県", "Gifu", 28),
            ("静岡県", "Shizuoka", 55), ("愛知県", "Aichi", 151), ("三重県", "Mie", 26),
            ("滋賀県", "Shiga", 16), ("京都府", "Kyoto", 17), ("大阪府", "Osaka", 90),
            ("兵庫県", "Hyogo", 36), ("奈良県", "Nara", 4), ("和歌山県", "Wakayama", 2),
            ("鳥取県", "Tottori", 3), ("島根県", "Shimane", 4), ("岡山県", "Okayama", 17),
            ("広島県", "Hiroshima", 30), ("山口県", "Yamaguchi", 7), ("徳島県", "Tokushima", 4),
            ("香川県", "Kagawa", 8), ("愛媛県", "Ehime", 9), ("高知県", "Kochi", 3),
            ("福岡県", "Fukuoka", 46), ("佐賀県", "Saga", 4), ("長崎県", "Nagasaki", 5),
            ("熊本県", "Kumamoto", 11), ("大分県", "Oita", 6), ("宮崎県", "Miyazaki", 4),
            ("鹿児島県", "Kagoshima", 7), ("沖縄県", "Okinawa", 9),
        ]
    )
)  # fmt: skip

# Residence status: meti code -> maff Japanese (None: not in maff's list).
VISA_MAFF = {
    "specified_skilled_worker_1": "特定技能1号",
    "specified_skilled_worker_2": "特定技能2号",
    "engineer_humanities_international": "技術・人文知識・国際業務",
    "highly_skilled_professional": "高度専門職1号ロ",
    "student": "留学",
    "permanent_resident": "永住者",
    "long_term_resident": "定住者",
    "technical_intern": "技能実習2号",
    "spouse_of_japanese": None,
    "other": None,
}
# What maff writes when the person's status is not on its list: mostly the SSW route.
MAFF_VISA_FALLBACK = (("特定技能1号", 6), ("技能実習2号", 3), ("特定技能2号", 1))

JLPT = ("N1", "N2", "N3", "N4", "N5")
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")

# Japanese levels as the mhlw scale says them, from a JLPT grade.
JLPT_TO_MHLW = {"N1": "ビジネス", "N2": "ビジネス", "N3": "日常会話", "N4": "片言", "N5": "片言"}
CEFR_TO_MHLW = {"C2": "ネイティブ", "C1": "ビジネス", "B2": "ビジネス", "B1": "日常会話", "A2": "片言", "A1": "片言"}
CEFR_TO_MAFF = {
    "C2": "ビジネス",
    "C1": "ビジネス",
    "B2": "ビジネス",
    "B1": "日常会話",
    "A2": "日常会話",
    "A1": "日常会話",
}

MAFF_FIELDS = (("飲食料品製造業", 35), ("農業", 30), ("外食業", 20), ("漁業", 10), ("林業", 5))
MAFF_QUALIFICATIONS = (
    "HACCP", "フォークリフト", "食品衛生責任者", "危険物取扱者", "大型特殊", "日本語教育能力",
    "調理師", "玉掛け", "小型船舶操縦士", "有機JAS",
)  # fmt: skip

METI_SKILLS = (
    "CAD", "quality control", "ISO 9001", "supply chain", "export documentation", "halal certification",
    "data analysis", "food safety", "Python", "customs clearance", "trade finance", "negotiation",
    "interpretation", "translation", "digital marketing", "e-commerce", "GLOBALG.A.P.",
    "cold chain logistics", "HACCP", "forklift", "procurement",
)  # fmt: skip
METI_INDUSTRIES = (
    "automotive parts", "food processing machinery", "logistics", "electronics", "agricultural machinery",
    "sake and beverages", "chemicals", "textiles", "seafood processing", "precision machinery", "cosmetics",
)  # fmt: skip
METI_ROLES = ("export sales", "procurement", "engineer", "marketing", "quality assurance", "interpreter")
METI_EMPLOYERS = ("trading company", "manufacturer", "retailer", "logistics company")
METI_FIELDS = (
    "mechanical engineering", "Food Science", "Information Science", "Chemistry", "International Business",
    "Economics", "Japanese Studies", "Marketing", "Agricultural Economics", "Electrical Engineering",
)  # fmt: skip
METI_VISA_EXPIRY_YEARS = (2019, 2020, 2021, 2022, 2023)

MHLW_OCCUPATIONS = (
    "貿易事務", "海外営業", "通訳・翻訳", "食品製造", "品質管理", "農業", "物流", "販売・接客",
    "水産加工", "機械オペレーター", "ホテル・宿泊", "調理",
)  # fmt: skip
MHLW_CAREERS = (
    "食品工場で3年勤務", "母国で貿易会社に勤務", "農業法人で技能実習", "ホテルでフロント業務",
    "自動車部品工場で検査業務", "日本語学校卒業後、飲食店で勤務", "水産加工場で5年勤務",
    "IT企業でシステム開発", "縫製工場で技能実習", "母国で日本語教師",
)  # fmt: skip
EDUCATION_MHLW = {
    "doctor": "大学院卒", "master": "大学院卒", "bachelor": "大学卒",
    "vocational": "短大・専門卒", "high_school": "高校卒",
}  # fmt: skip
EDUCATION_JASSO = {
    "doctor": "Doctor", "master": "Master", "bachelor": "Bachelor",
    "vocational": "Specialized Training College", "high_school": "Specialized Training College",
}  # fmt: skip

JASSO_UNIVERSITIES = (
    "University of Tokyo", "Kyoto University", "Osaka University", "Tohoku University", "Kyushu University",
    "Hokkaido University", "Nagoya University", "Hiroshima University", "Kobe University",
    "Waseda University", "Keio University", "Ritsumeikan Asia Pacific University",
    "Tokyo University of Agriculture", "Tokyo University of Marine Science and Technology",
    "Nihon University", "Toyo University", "Kanazawa University", "Okayama University",
    "Chiba University", "Tsukuba University", "Kagoshima University", "Niigata University",
)  # fmt: skip
JASSO_MAJORS = (
    "Mechanical Engineering", "Economics", "Information Science", "Agricultural Economics",
    "Japanese Studies", "Fisheries Science", "International Business", "Food Science", "Marketing",
    "Civil Engineering", "Tourism Management", "Biotechnology",
)  # fmt: skip
JASSO_INDUSTRIES = (
    "food", "agriculture", "trading", "tourism", "IT", "manufacturing", "logistics", "finance",
    "education", "consulting",
)  # fmt: skip

EMAIL_DOMAINS = (
    ("gmail.com", 40), ("yahoo.co.jp", 15), ("icloud.com", 10), ("outlook.com", 7),
    ("docomo.ne.jp", 6), ("ezweb.ne.jp", 4), ("softbank.ne.jp", 4), ("hotmail.com", 4),
)  # fmt: skip
EMAIL_DOMAINS_NATIONAL = {
    "CN": (("qq.com", 15), ("163.com", 8)),
    "KR": (("naver.com", 20), ("daum.net", 5)),
    "TW": (("yahoo.com.tw", 10),),
    "VN": (("yahoo.com.vn", 4),),
    "BR": (("hotmail.com", 10), ("uol.com.br", 4)),
    "FR": (("orange.fr", 8), ("free.fr", 4)),
    "IN": (("rediffmail.com", 5),),
}
# Mailboxes of supervising organisations, shared by the interns they look after.
SHARED_MAILBOX_ORGS = (
    "mekong-kumiai", "asia-kyodo", "hokuriku-jigyo", "chubu-kenshu", "kyushu-kyodo", "tohoku-kanri",
    "kanto-agri", "setouchi-kumiai", "kinki-kenshu", "sanin-kyodo",
)  # fmt: skip
