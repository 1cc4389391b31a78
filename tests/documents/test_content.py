import pytest
from django.core.exceptions import ValidationError

from workflows.documents.content import (
    build_content,
    chinese_number,
    clean_data,
    heading,
    heading_label,
    paragraph,
    table,
)


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五")])
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text


def test_heading_labels_per_level():
    assert [heading_label(level, 2) for level in (1, 2, 3, 4)] == ["二、", "（二）", "2.", "（2）"]


def test_headings_are_numbered_and_lower_levels_restart_under_a_new_parent():
    content = build_content({"title": "标题", "body": [
        heading(1, "甲"), heading(2, "子"), heading(2, "丑"), heading(3, "壹"), heading(4, "a"),
        heading(1, "乙"), heading(2, "寅"), heading(3, "贰"), paragraph("正文")]})
    labels = [block.label + block.text for block in content.blocks]
    assert labels == ["一、甲", "（一）子", "（二）丑", "1.壹", "（1）a", "二、乙", "（一）寅", "1.贰", "正文"]


def test_a_line_break_in_a_paragraph_starts_a_new_paragraph():
    content = build_content({"title": "标题", "body": ["第一段\r\n第二段\n\n第三段"]})
    assert [block.text for block in content.blocks] == ["第一段", "第二段", "第三段"]


def test_tables_have_headers_padded_rows_and_widths_that_add_up():
    rows = [["1"], ["2", "示范区恒安化工贸易有限公司"]]
    content = build_content({"title": "标题", "body": [table(["序号", "单位名称"], rows)]})
    block = content.blocks[0]
    assert block.table is not None and block.table.rows[0] == ["1", ""]
    assert sum(block.table.widths) == pytest.approx(100, abs=0.1)
    assert block.table.widths[1] > block.table.widths[0]


def test_bad_data_is_refused():
    for data in ({"title": ""}, {"title": "标题", "body": [heading(5, "太深")]},
                 {"title": "标题", "body": [table([], [])]},
                 {"title": "标题", "body": [table(["一列"], [["1", "2"]])]}):
        with pytest.raises(ValidationError):
            build_content(data)


def test_the_addressee_ends_with_one_full_width_colon_and_cc_with_a_full_stop():
    content = build_content({"title": "标题", "addressee": "各有关单位:", "cc": ["甲单位", "", "乙单位"]})
    assert content.addressee == "各有关单位：" and content.cc_text == "甲单位，乙单位。"


def test_clean_data_strips_control_characters_everywhere_and_keeps_it_json_ready():
    import datetime

    assert clean_data({"a\x00": ["b\x07", {"c": "d\x1b"}], "n": 3, "ok": True, "none": None}) == {
        "a": ["b", {"c": "d"}], "n": 3, "ok": True, "none": None}
    assert clean_data({"day": datetime.date(2026, 6, 20)}) == {"day": "2026-06-20"}
