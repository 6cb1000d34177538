"""Messages for data stewards: English by default, any language through a catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentbridge.feeds import service
from talentbridge.feeds.errors import Message, NormaliseError, message
from talentbridge.feeds.normalise import NORMALISERS
from talentbridge.feeds.prepare import Unreadable, prepare_chunk
from talentbridge.web import templating


def test_a_message_renders_english_and_through_a_translation() -> None:
    inner = message("{day}th", day=30)
    outer = message("{value} has no {day}", value="'{not a place}'", day=inner)
    assert str(outer) == "'{not a place}' has no 30th"  # values are never read as templates
    catalog = {"{day}th": "{day}日", "{value} has no {day}": "{value}に{day}はありません"}
    assert outer.render(lambda text: catalog.get(text, text)) == "'{not a place}'に30日はありません"
    assert Message.from_json(outer.to_json()) == outer


def test_a_normalise_error_keeps_its_message() -> None:
    with pytest.raises(NormaliseError) as caught:
        NORMALISERS["date"]("平成31年2月30日")
    assert str(caught.value) == "'平成31年2月30日' is not a date (February has no 30th)"
    japanese = caught.value.message.render(templating.translations("ja").gettext)
    assert japanese == "'平成31年2月30日' は日付ではありません（2月に30日はありません）"


@pytest.mark.parametrize("name", ["maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv"])
def test_every_reason_a_generated_file_gives_reads_in_japanese(generated: Path, name: str) -> None:
    """The generator spoils some rows of every kind; each reason has a Japanese rendering
    with no English template left in it."""
    path = generated / name
    layout = service.detect_layout(path)
    japanese = templating.translations("ja").gettext
    reasons: list[Message] = [
        item.reason
        for chunk in layout.chunks(path, size=500)
        for item in prepare_chunk(layout, chunk, "sqlite")[1]
        if isinstance(item, Unreadable)
    ]
    assert reasons
    untranslated = []
    for reason in reasons:
        templates = [reason.template]
        stack = [value for _, value in reason.values]
        while stack:
            value = stack.pop()
            if isinstance(value, Message):
                templates.append(value.template)
                stack.extend(inner for _, inner in value.values)
        untranslated += [
            template for template in templates if japanese(template) == template and template != "{column}: {reason}"
        ]
        assert reason.render(japanese)  # every place is filled
    assert untranslated == []
