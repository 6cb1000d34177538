"""Text cleaning shared by every normaliser: character width, whitespace, lists.

Agency files mix full-width and half-width forms freely (`０９０－１２３４`, `ｸﾞｴﾝ`).
`normalise_width` folds them to one form: full-width ASCII letters, digits and
punctuation become ASCII, half-width katakana becomes full-width (with its voiced
marks joined: `ｸﾞ` -> `グ`), the ideographic space U+3000 becomes a space, and
zero-width characters are dropped. Unlike NFKC it leaves everything else alone
(`①`, `㈱`, compatibility kanji in names).

Also here: `as_text` (any cell -> one cleaned line or None, the first step of every
normaliser), `strip_diacritics`, and `quote`, how a value appears in a data
steward's message.
"""

import math
import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from jaconv.conv_table import H2Z_K, Z2H_A, Z2H_D

from talentbridge.feeds.errors import N_, Message, NormaliseError, message

_HALF_VOICED = {0xFF9E: "\u3099", 0xFF9F: "\u309a"}  # ﾞ ﾟ -> combining marks, joined by NFC
_INVISIBLE = {0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None}
_WIDTH = str.maketrans({**Z2H_A, **Z2H_D, **H2Z_K, **_HALF_VOICED, **_INVISIBLE})
_LEFTOVER_MARKS = str.maketrans({"\u3099": "\u309b", "\u309a": "\u309c"})


def normalise_width(text: str) -> str:
    """Full-width ASCII -> ASCII, half-width katakana -> full-width, zero-width characters
    dropped; nothing else changes."""
    if text.isascii():
        return text
    text = text.translate(_WIDTH)
    if "\u3099" in text or "\u309a" in text:
        # ｶﾞ became カ + U+3099; NFC joins them into ガ. A mark with nothing to join
        # (after ン, say) is written as the spacing mark ゛ rather than left dangling.
        text = unicodedata.normalize("NFC", text).translate(_LEFTOVER_MARKS)
    return text


# Latin letters that carry no combining mark to drop: NFKD leaves them whole.
_UNDECOMPOSABLE = str.maketrans(
    {
        "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ı": "i", "ħ": "h", "Ħ": "H",
        "ŧ": "t", "Ŧ": "T", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "AE",
        "œ": "oe", "Œ": "OE", "ß": "ss",
    }
)  # fmt: skip


@lru_cache(maxsize=8192)
def strip_diacritics(text: str) -> str:
    """'Nguyễn Văn Đức' -> 'Nguyen Van Duc', 'Tôkyô' -> 'Tokyo'; case kept.

    NFKD, then the combining marks are dropped; letters with a stroke (đ, ø, ł) are
    mapped by hand because they do not decompose. Non-Latin text passes unchanged
    (kana voicing marks survive: NFC joins them back)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or not _is_latin_mark(ch))
    return unicodedata.normalize("NFC", stripped)


def _is_latin_mark(mark: str) -> bool:
    """Combining marks used on Latin letters (U+0300..U+036F and U+1AB0..U+1DFF)."""
    code = ord(mark)
    return 0x0300 <= code <= 0x036F or 0x1AB0 <= code <= 0x1AFF or 0x1DC0 <= code <= 0x1DFF


def collapse_spaces(text: str) -> str:
    """Strip, and turn every run of whitespace (U+3000, tabs, newlines too) into one space."""
    return " ".join(text.split())


def number_to_text(value: int | float) -> str:
    """3 -> '3', 3.0 -> '3', 3.5 -> '3.5' (xlsx cells hold numbers where text was meant)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_text(value: Any) -> str | None:
    """The cell as one cleaned line of text, or None when it is empty.

    Takes what the readers give: str, int, float, bool, date, datetime, None.
    Lists and objects are not text and raise NormaliseError."""
    if value is None:
        return None
    if isinstance(value, str):
        text = collapse_spaces(normalise_width(value))
        return text or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return number_to_text(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise NormaliseError(N_("{value} is not text (it is {kind})"), value=quote(value), kind=_kind(value))


def clean_text(value: Any) -> str | None:
    """Registry "text": width-normalised, stripped, whitespace collapsed; empty -> None."""
    return as_text(value)


_DEFAULT_SEP = ";"
_LIST_SEPARATORS = re.compile(r"[;；]")


def split_list(value: Any, *, sep: str = _DEFAULT_SEP) -> list[str]:
    """Registry "split_list": `HACCP;フォークリフト` -> ['HACCP', 'フォークリフト'].

    Items are cleaned like "text"; empty items are dropped. A JSON list gives its
    cleaned items. With the default `;` the full-width `；` also separates."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items = [as_text(item) for item in value]
        return [item for item in items if item]
    text = as_text(value)
    if text is None:
        return []
    parts = _LIST_SEPARATORS.split(text) if sep == _DEFAULT_SEP else text.split(sep)
    return [part for part in (collapse_spaces(p) for p in parts) if part]


def quote(value: Any, *, limit: int = 60) -> str:
    """The value as a data steward will see it in a message: `'平成31年2月30日'`."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def _kind(value: Any) -> Message:
    if isinstance(value, dict):
        return message(N_("a group of fields"))
    if isinstance(value, list | tuple):
        return message(N_("a list"))
    return message(N_("a {type}"), type=type(value).__name__)
