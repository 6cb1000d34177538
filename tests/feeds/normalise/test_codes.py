import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentbridge.feeds.errors import NormaliseError
from talentbridge.feeds.normalise.codes import (
    EDUCATION_LEVELS,
    VISA_STATUSES,
    WORK_ELIGIBLE,
    consent,
    education_level,
    experience_objects,
    purposes,
    sex,
    visa_status,
    years,
)

EMPTY = [None, "", " ", "\u3000"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("男", "M"),
        ("女", "F"),
        ("男性", "M"),
        ("女性", "F"),
        ("M", "M"),
        ("F", "F"),
        ("m", "M"),
        ("f", "F"),
        ("male", "M"),
        ("Male", "M"),
        ("FEMALE", "F"),
        ("Ｍ", "M"),
        ("Ｆｅｍａｌｅ", "F"),
    ],
)
def test_sex(value, expected):
    assert sex(value) == expected


@pytest.mark.parametrize("value", EMPTY)
def test_sex_empty(value):
    assert sex(value) is None


@pytest.mark.parametrize("value", ["X", "不明", "other"])
def test_sex_unknown(value):
    with pytest.raises(NormaliseError, match=f"'{value}' is not a sex we record"):
        sex(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("同意", True),
        ("○", True),
        ("〇", True),
        ("Y", True),
        ("y", True),
        ("yes", True),
        ("true", True),
        ("True", True),
        (True, True),
        (1, True),
        ("不同意", False),
        ("×", False),
        ("N", False),
        ("no", False),
        ("false", False),
        ("False", False),
        (False, False),
        (0, False),
    ],
)
def test_consent(value, expected):
    assert consent(value) is expected


@pytest.mark.parametrize("value", EMPTY)
def test_consent_empty(value):
    assert consent(value) is None


@pytest.mark.parametrize("value", ["たぶん", "maybe", "△"])
def test_consent_unknown(value):
    with pytest.raises(NormaliseError, match=f"'{value}' is not a consent answer"):
        consent(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["job_matching", "advisory"], ["job_matching", "advisory"]),
        (["advisory"], ["advisory"]),
        (["job_matching", "job_matching"], ["job_matching"]),
        ("job_matching;advisory", ["job_matching", "advisory"]),
        (["Job_Matching"], ["job_matching"]),
        ([], []),
        (None, []),
        ("", []),
    ],
)
def test_purposes(value, expected):
    assert purposes(value) == expected


def test_purposes_unknown():
    with pytest.raises(NormaliseError, match="'marketing' is not a purpose of use we know"):
        purposes(["job_matching", "marketing"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("高度専門職1号イ", "highly_skilled_professional"),
        ("高度専門職1号ロ", "highly_skilled_professional"),
        ("高度専門職1号ハ", "highly_skilled_professional"),
        ("高度専門職2号", "highly_skilled_professional"),
        ("高度専門職１号ロ", "highly_skilled_professional"),
        ("技術・人文知識・国際業務", "engineer_humanities_international"),
        ("技術･人文知識･国際業務", "engineer_humanities_international"),
        ("技術人文知識国際業務", "engineer_humanities_international"),
        ("特定技能1号", "specified_skilled_worker_1"),
        ("特定技能１号", "specified_skilled_worker_1"),
        ("特定技能 1号", "specified_skilled_worker_1"),
        ("特定技能2号", "specified_skilled_worker_2"),
        ("留学", "student"),
        ("永住者", "permanent_resident"),
        ("特別永住者", "permanent_resident"),
        ("定住者", "long_term_resident"),
        ("日本人の配偶者等", "spouse_of_japanese"),
        ("技能実習1号", "technical_intern"),
        ("技能実習2号", "technical_intern"),
        ("技能実習3号", "technical_intern"),
        ("技能実習2号ロ", "technical_intern"),
        ("経営・管理", "other"),
        ("家族滞在", "other"),
        ("特定活動", "other"),
        ("永住者の配偶者等", "other"),
        ("企業内転勤", "other"),
        ("Designated Activities", "other"),
        ("Permanent Resident", "permanent_resident"),
        ("Specified Skilled Worker (i)", "specified_skilled_worker_1"),
        *((code, code) for code in VISA_STATUSES),
        ("ENGINEER_HUMANITIES_INTERNATIONAL", "engineer_humanities_international"),
    ],
)
def test_visa_status(value, expected):
    assert visa_status(value) == expected


@pytest.mark.parametrize("value", EMPTY)
def test_visa_status_empty(value):
    assert visa_status(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("観光ビザ", "'観光ビザ' is not a status of residence we know"),
        ("特定技能", "does not say which 特定技能 \\(1号 or 2号\\)"),
        ("specified_skilled_worker_3", "is not a status of residence we know"),
    ],
)
def test_visa_status_unknown(value, message):
    with pytest.raises(NormaliseError, match=message):
        visa_status(value)


def test_work_eligibility_covers_every_status():
    assert set(WORK_ELIGIBLE) == set(VISA_STATUSES)
    assert WORK_ELIGIBLE["student"] is False
    assert WORK_ELIGIBLE["permanent_resident"] is True
    assert WORK_ELIGIBLE["other"] is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("大学院卒", "master"),
        ("大学卒", "bachelor"),
        ("短大・専門卒", "vocational"),
        ("短大･専門卒", "vocational"),
        ("高校卒", "high_school"),
        ("中学卒", "lower_secondary"),
        ("Bachelor", "bachelor"),
        ("Master", "master"),
        ("Doctor", "doctor"),
        ("Specialized Training College", "vocational"),
        ("PhD", "doctor"),
        ("high school", "high_school"),
        *((level, level) for level in EDUCATION_LEVELS),
    ],
)
def test_education_level(value, expected):
    assert education_level(value) == expected


@pytest.mark.parametrize("value", EMPTY)
def test_education_level_empty(value):
    assert education_level(value) is None


def test_education_level_unknown():
    with pytest.raises(NormaliseError, match="'幼稚園卒' is not an education level we know"):
        education_level("幼稚園卒")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", 3.0),
        ("3年", 3.0),
        ("１０年", 10.0),
        ("１１", 11.0),
        ("０", 0.0),
        (3.5, 3.5),
        ("3.5", 3.5),
        (3, 3.0),
        (0.0, 0.0),
        ("3年6ヶ月", 3.5),
        ("6ヶ月", 0.5),
        ("10年以上", 10.0),
        ("2 years", 2.0),
        (70, 70.0),
    ],
)
def test_years(value, expected):
    assert years(value) == expected


@pytest.mark.parametrize("value", EMPTY)
def test_years_empty(value):
    assert years(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "it is negative"),
        (-1, "between 0 and 70"),
        ("71", "between 0 and 70"),
        (70.5, "between 0 and 70"),
        ("three", "expected a number"),
        (True, "is not a number of years"),
    ],
)
def test_years_errors(value, message):
    with pytest.raises(NormaliseError, match=message):
        years(value)


@settings(max_examples=200)
@given(st.decimals(min_value=0, max_value=70, places=1))
def test_years_reads_what_it_is_given(number):
    assert years(str(number)) == float(number)
    assert years(f"{number}年") == float(number)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            [{"country": "TH", "years": 3.5, "role": "export sales", "employer_type": "trading company"}],
            [{"country": "TH", "years": 3.5, "role": "export sales", "employer_type": "trading company"}],
        ),
        (
            [{"country": "タイ", "years": "2年", "role": " engineer "}],
            [{"country": "TH", "years": 2.0, "role": "engineer", "employer_type": None}],
        ),
        ([{"country": None, "years": None}, None], []),
        ([], []),
        (None, []),
    ],
)
def test_experience_objects(value, expected):
    assert experience_objects(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([{"country": "Atlantis"}], "'Atlantis' is not a country name we know"),
        ([{"years": -2}], "between 0 and 70"),
        (["3 years in Thailand"], "is not an experience entry"),
        ("TH 3", "is not a list of experience entries"),
    ],
)
def test_experience_objects_errors(value, message):
    with pytest.raises(NormaliseError, match=message):
        experience_objects(value)
