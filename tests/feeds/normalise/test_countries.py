import gettext
from collections import Counter

import pycountry
import pytest

from talentbridge.feeds.errors import NormaliseError
from talentbridge.feeds.normalise.countries import (
    country_name_en,
    country_name_ja,
    country_to_alpha2,
)

JA = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Japanese, as agencies write them
        ("ベトナム", "VN"),
        ("フィリピン", "PH"),
        ("インドネシア", "ID"),
        ("中国", "CN"),
        ("台湾", "TW"),
        ("韓国", "KR"),
        ("タイ", "TH"),
        ("ミャンマー", "MM"),
        ("ネパール", "NP"),
        ("カンボジア", "KH"),
        ("インド", "IN"),
        ("スリランカ", "LK"),
        ("モンゴル", "MN"),
        ("ブラジル", "BR"),
        ("ペルー", "PE"),
        ("アメリカ合衆国", "US"),
        ("米国", "US"),
        ("アメリカ", "US"),
        ("フランス", "FR"),
        ("英国", "GB"),
        ("イギリス", "GB"),
        ("ドイツ", "DE"),
        ("マレーシア", "MY"),
        ("シンガポール", "SG"),
        ("香港", "HK"),
        ("オーストラリア", "AU"),
        ("大韓民国", "KR"),
        ("北朝鮮", "KP"),
        ("タイ王国", "TH"),
        ("ベトナム国籍", "VN"),
        ("コンゴ共和国", "CG"),
        ("ドミニカ共和国", "DO"),
        ("ドミニカ", "DM"),
        ("ｱﾒﾘｶ", "US"),
        # English short and UN-style names
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
        ("Korea, Republic of", "KR"),
        ("South Korea", "KR"),
        ("Korea", "KR"),
        ("China", "CN"),
        ("Taiwan", "TW"),
        ("Taiwan, Province of China", "TW"),
        ("Philippines", "PH"),
        ("United States of America", "US"),
        ("United States", "US"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("United Kingdom", "GB"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("lao people's democratic republic", "LA"),
        ("THAILAND", "TH"),
        ("Ｖｉｅｔ Ｎａｍ", "VN"),
        # codes in any case
        ("VN", "VN"),
        ("vn", "VN"),
        ("VNM", "VN"),
        ("vnm", "VN"),
        ("jp", "JP"),
    ],
)
def test_country_to_alpha2(value, expected):
    assert country_to_alpha2(value) == expected


@pytest.mark.parametrize("value", [None, "", " ", "\u3000"])
def test_country_empty(value):
    assert country_to_alpha2(value) is None


@pytest.mark.parametrize("value", ["ＸＸ国", "Atlantis", "EU", "XX", "サンマルタン"])
def test_country_unknown(value):
    with pytest.raises(NormaliseError, match=f"'{value}' is not a country name we know"):
        country_to_alpha2(value)


@pytest.mark.parametrize(
    ("alpha2", "ja", "en"),
    [
        ("TW", "台湾", "Taiwan"),
        ("KR", "韓国", "South Korea"),
        ("CN", "中国", "China"),
        ("US", "アメリカ合衆国", "United States"),
        ("VN", "ベトナム", "Vietnam"),
        ("GB", "イギリス", "United Kingdom"),
        ("vn", "ベトナム", "Vietnam"),
    ],
)
def test_country_names(alpha2, ja, en):
    assert country_name_ja(alpha2) == ja
    assert country_name_en(alpha2) == en


def test_country_name_of_an_unknown_code():
    with pytest.raises(NormaliseError, match="'XX' is not an ISO 3166-1 alpha-2 country code"):
        country_name_ja("XX")
    with pytest.raises(NormaliseError, match="'XX'"):
        country_name_en("XX")


ALL = sorted(c.alpha_2 for c in pycountry.countries)
JA_NAMES = {c.alpha_2: JA.gettext(c.name) for c in pycountry.countries}
UNIQUE_JA = [code for code in ALL if Counter(JA_NAMES.values())[JA_NAMES[code]] == 1]


@pytest.mark.parametrize("alpha2", UNIQUE_JA)
def test_pycountry_ja_name_round_trips(alpha2):
    assert country_to_alpha2(JA_NAMES[alpha2]) == alpha2


@pytest.mark.parametrize("alpha2", ALL)
def test_display_names_round_trip(alpha2):
    country = pycountry.countries.get(alpha_2=alpha2)
    assert country_to_alpha2(country_name_ja(alpha2)) == alpha2
    assert country_to_alpha2(country_name_en(alpha2)) == alpha2
    assert country_to_alpha2(country.name) == alpha2
    assert country_to_alpha2(country.alpha_3.lower()) == alpha2
