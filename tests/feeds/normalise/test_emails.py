import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentbridge.feeds.errors import NormaliseError
from talentbridge.feeds.normalise.emails import _SIMPLE, _fast_ok, email


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("an.nguyen@example.com", "an.nguyen@example.com"),
        ("NGUYEN.TUAN909@ICLOUD.COM", "nguyen.tuan909@icloud.com"),
        (" xu88@gmail.com ", "xu88@gmail.com"),
        ("ｘｕ８８＠ｇｍａｉｌ．ｃｏｍ", "xu88@gmail.com"),
        ("zhou31@docomo.ne.jp", "zhou31@docomo.ne.jp"),
        ("do.phuong933@icloud.com", "do.phuong933@icloud.com"),
        ("first+tag@sub.example.co.jp", "first+tag@sub.example.co.jp"),
        ("mailto:xu88@gmail.com", "xu88@gmail.com"),
        ("a@b.c", "a@b.c"),  # a one-letter top-level label: email_validator decides
        ("用户@例子.广告", "用户@例子.广告"),  # internationalised: email_validator decides
    ],
)
def test_email(value, expected):
    assert email(value) == expected


@pytest.mark.parametrize("value", [None, "", " ", "\u3000"])
def test_email_empty(value):
    assert email(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("xu88gmail.com", "'xu88gmail.com' is not a valid e-mail address"),
        ("a..b@example.com", "two periods in a row"),
        ("a@b.test", "special-use or reserved name"),
        ("a@localhost", "is not a valid e-mail address"),
        ("a b@example.com", "is not a valid e-mail address"),
        ("@example.com", "is not a valid e-mail address"),
        (12, "is not an e-mail address"),
    ],
)
def test_email_errors(value, message):
    with pytest.raises(NormaliseError, match=message):
        email(value)


@settings(max_examples=100, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(st.from_regex(_SIMPLE, fullmatch=True))
def test_fast_path_accepts_nothing_email_validator_refuses(address):
    if not _fast_ok(address):
        return
    try:
        result = validate_email(address, check_deliverability=False)
    except EmailNotValidError as error:  # pragma: no cover - the failure this test looks for
        pytest.fail(f"fast path accepted {address!r}, email_validator says {error}")
    assert result.normalized.lower() == address
