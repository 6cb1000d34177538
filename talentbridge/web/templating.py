"""Jinja2 templates in the reader's language.

English is the source language: templates are written in English inside {% trans %} and
_() and the catalogs under web/locale/<lang>/LC_MESSAGES/messages.po translate them. The
.po files are read as they are at startup (no compile step); a message without a
translation, or marked fuzzy, shows in English.
"""

from __future__ import annotations

import gettext
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context

from talentbridge import deps
from talentbridge.errors import TalentBridgeError

WEB = Path(__file__).resolve().parent
TEMPLATES = WEB / "templates"
STATIC = WEB / "static"
LOCALE_DIR = WEB / "locale"
SOURCE_LOCALE = "en"
# Times are stored in UTC and shown in Japan time, where the agencies and stewards work.
DISPLAY_ZONE = ZoneInfo("Asia/Tokyo")


class CatalogTranslations(gettext.NullTranslations):
    """A babel Catalog read from a .po file, answering like gettext's translations."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self._messages: dict[str, str] = {}
        self._plurals: dict[str, tuple[str, ...]] = {}
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, tuple | list):
                forms = tuple(message.string or ())
                if forms and all(forms):
                    self._plurals[message.id[0]] = forms
            elif message.string:
                self._messages[message.id] = str(message.string)
        self._plural_index = gettext.c2py(catalog.plural_expr)

    def gettext(self, message: str) -> str:
        return self._messages.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._plurals.get(msgid1)
        if forms is None:
            return msgid1 if n == 1 else msgid2
        return forms[min(self._plural_index(n), len(forms) - 1)]

    def __contains__(self, message: str) -> bool:
        return message in self._messages or message in self._plurals


def catalog_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"


def read_catalog(locale: str) -> Catalog:
    with catalog_path(locale).open("rb") as handle:
        return read_po(handle, locale=locale)


@lru_cache
def translations(locale: str) -> gettext.NullTranslations:
    if locale == SOURCE_LOCALE or not catalog_path(locale).exists():
        return gettext.NullTranslations()
    return CatalogTranslations(read_catalog(locale))


def load_translations() -> None:
    """Read every catalog now (at startup), so a broken .po file fails the start, not a page."""
    translations.cache_clear()
    for locale in deps.LOCALES:
        translations(locale)


def translations_for(request: Request) -> gettext.NullTranslations:
    """For messages made in Python: `_ = translations_for(request).gettext`."""
    return translations(deps.resolve_locale(request))


def error_text(request: Request, exc: TalentBridgeError) -> str:
    """An error's message in the reader's language (a `Message` is translated)."""
    return exc.text(translations_for(request).gettext)


# --- template functions and filters ------------------------------------------------------


def _locale_of(context: Context) -> str:
    return str(context.get("locale") or deps.DEFAULT_LOCALE)


@pass_context
def _gettext(context: Context, message: str) -> str:
    return translations(_locale_of(context)).gettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return translations(_locale_of(context)).ngettext(singular, plural, n)


@pass_context
def _datetime(context: Context, value: datetime | None, format: str = "medium") -> str:
    if value is None:
        return ""
    if value.tzinfo is None:  # SQLite gives naive datetimes back; they were stored as UTC
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return format_datetime(value, format=format, tzinfo=DISPLAY_ZONE, locale=_locale_of(context))


@pass_context
def _date(context: Context, value: date | str | None, format: str = "medium") -> str:
    if not value:
        return ""
    if isinstance(value, str):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            return value
    else:
        parsed = value
    return format_date(parsed, format=format, locale=_locale_of(context))


@pass_context
def _number(context: Context, value: float | int | None) -> str:
    return "" if value is None else format_decimal(value, locale=_locale_of(context))


@pass_context
def _country(context: Context, code: str | None) -> str:
    """'VN' -> 'ベトナム' or 'Vietnam'; an unknown code shows as it is."""
    if not code:
        return ""
    return Locale.parse(_locale_of(context)).territories.get(code.upper(), code)


@pass_context
def _language(context: Context, code: str | None) -> str:
    """'vi' -> 'ベトナム語' or 'Vietnamese'."""
    if not code:
        return ""
    return Locale.parse(_locale_of(context)).languages.get(code.lower(), code)


@pass_context
def _prefecture(context: Context, code: str | None) -> str:
    """'15' -> '新潟県' or 'Niigata'."""
    if not code:
        return ""
    from talentbridge.feeds.normalise.prefectures import prefecture_name_en, prefecture_name_ja

    try:
        return prefecture_name_ja(code) if _locale_of(context) == "ja" else prefecture_name_en(code)
    except (KeyError, ValueError):
        return code


@pass_context
def _market(context: Context, code: str | None) -> str:
    """A target market: a country's name, or a group (EU, TPP11) as it is."""
    if code in ("EU", "TPP11"):
        return code
    return _country(context, code)


def _make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # newstyle: {{ _("%(n)s rows", n=3) }} formats and escapes like {% trans %}.
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        datetime=_datetime, date=_date, number=_number, country=_country, language=_language,
        prefecture=_prefecture, market=_market,
    )  # fmt: skip
    return env


def _common_context(request: Request) -> dict[str, Any]:
    locale = deps.resolve_locale(request)
    return {
        "locale": locale,
        "locales": {"ja": "日本語", "en": "English"},
        "current_user": getattr(request.state, "user", None),
        "csrf_token": deps.csrf_token(request),
        "csrf_header": deps.CSRF_HEADER,
    }


templates = Jinja2Templates(env=_make_environment(), context_processors=[_common_context])
