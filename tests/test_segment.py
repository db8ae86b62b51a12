"""Unit tests for auditor.segment: heading forms, run-in titles, hierarchy, false headings,
sequence tolerance, inline items, hints, and size/depth bounds."""

from __future__ import annotations

import time

import pytest

from auditor.model import Line
from auditor.normalize import normalize
from auditor.segment import FALLBACK_LEN, TITLE_MAX, cn_number, match_heading, segment


def _lines(text: str) -> tuple[Line, ...]:
    return tuple(Line(i + 1, t, normalize(t)) for i, t in enumerate(text.split("\n")))


def _seg(text: str, hints=None):
    return segment(_lines(text), hints or {})


def _flat(root):
    return [(s.level, s.style, s.number, s.marker, s.title, s.line) for s in root.walk() if s.level]


# -- numbers --------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw,value", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20),
                                       ("二十一", 21), ("九十九", 99), ("一百", 100), ("3", 3)])
def test_cn_number_reads_chinese_and_arabic_numerals(raw, value):
    assert cn_number(raw) == value


# -- each heading form on its own line -------------------------------------------------------------

@pytest.mark.parametrize("line,style,number,marker,title", [
    ("第一部分 工作成效", "part", 1, "第一部分", "工作成效"),
    ("第二章、存在问题", "part", 2, "第二章、", "存在问题"),
    ("一、主要举措及成效", "cn", 1, "一、", "主要举措及成效"),
    ("（一）强化政治引领", "paren_cn", 1, "（一）", "强化政治引领"),
    ("(一)强化政治引领", "paren_cn", 1, "(一)", "强化政治引领"),
    ("(一）混合括号", "paren_cn", 1, "(一）", "混合括号"),
    ("1.完善制度", "arabic", 1, "1.", "完善制度"),
    ("1、完善制度", "arabic", 1, "1、", "完善制度"),
    ("1．完善制度", "arabic", 1, "1．", "完善制度"),
    ("１．全角数字", "arabic", 1, "１．", "全角数字"),
    ("（1）规范执法", "paren_arabic", 1, "（1）", "规范执法"),
    ("(1)规范执法", "paren_arabic", 1, "(1)", "规范执法"),
    ("①加强培训", "circled", 1, "①", "加强培训"),
    ("一是深入学习贯彻习近平法治思想。严格落实领导干部学法制度。", "ordinal", 1, "一是",
     "深入学习贯彻习近平法治思想"),
    ("第一，坚持党的领导。各级党委…", "ordinal", 1, "第一，", "坚持党的领导"),
])
def test_heading_form_is_recognised(line, style, number, marker, title):
    root = _seg(line)
    assert len(root.children) == 1
    sec = root.children[0]
    assert (sec.style, sec.number, sec.marker, sec.title) == (style, number, marker, title)
    assert sec.level == 1
    assert sec.line == 1


@pytest.mark.parametrize("line,style,number", [
    ("十二、其他", "cn", 12), ("二十一、其他", "cn", 21), ("⑤加强培训", "circled", 5),
    ("㉑加强培训", "circled", 21), ("（12）规范", "paren_arabic", 12), ("第十部分 附则", "part", 10),
])
def test_marker_number_is_read(line, style, number):
    m = match_heading(normalize(line))
    assert m is not None and (m.style, m.number) == (style, number)


def test_leading_spaces_and_ideographic_spaces_are_skipped():
    root = _seg("\u3000\u3000二、存在问题\n  三、下一步工作计划")
    assert [(s.marker, s.title) for s in root.children] == [("二、", "存在问题"), ("三、", "下一步工作计划")]


def test_title_strips_trailing_punctuation():
    root = _seg("一、存在的问题：\n二、下一步打算。")
    assert [s.title for s in root.children] == ["存在的问题", "下一步打算"]


# -- run-in headings ----------------------------------------------------------------------------

def test_run_in_heading_title_ends_at_full_stop_and_body_follows():
    text = "（二）构建机制，助力科学决策。完善街道依法决策机制，全面强化决策规范化建设。"
    sec = _seg(text).children[0]
    assert sec.title == "构建机制，助力科学决策"
    assert text[sec.title_span[0]:sec.title_span[1]] == "构建机制，助力科学决策"


def test_run_in_heading_with_half_width_brackets_quotes_from_text():
    text = "(二)构建机制,助力科学决策。完善街道依法决策机制"
    sec = _seg(text).children[0]
    assert sec.marker == "(二)"
    assert sec.title == "构建机制,助力科学决策"


def test_run_in_title_ignores_terminators_inside_quotes_and_book_titles():
    text = "（一）落实《条例：实施细则》要求。全年开展活动十次，覆盖全部社区，群众满意度持续提升并得到上级肯定。"
    assert _seg(text).children[0].title == "落实《条例：实施细则》要求"


def test_run_in_heading_without_full_stop_falls_back_to_first_comma():
    # yingwu line 13: the author left out the 。 after "推动法治建设"
    text = ("(一)承担首要责任,推动法治建设街道领导层积极贯彻《党政主要责任人履行推进法治建设第一责任人职责规定》,"
            "认真执行推进法治建设的首要责任,将法治建设融入年度工作规划中,并明确责任部门及责任人。")
    sec = _seg(text).children[0]
    assert sec.title == "承担首要责任"


def test_run_in_heading_without_any_punctuation_is_cut_at_fallback_length():
    body = "行政复议主渠道作用充分发挥准确把握新修订的行政复议法的精神实质和实践要求着力提升行政复议队伍专业化职业化水平更好维护人民群众合法权益"
    assert len(body) > TITLE_MAX
    sec = _seg("一、总体\n一是" + body).children[0].children[0]
    assert sec.title == body[:FALLBACK_LEN]


def test_title_is_never_longer_than_the_bound():
    text = "（一）" + "很长的标题文字" * 40
    sec = _seg(text).children[0]
    assert len(sec.title) <= TITLE_MAX


# -- hierarchy ------------------------------------------------------------------------------------

def test_nesting_follows_the_order_styles_appear_in():
    text = "\n".join(["标题", "一、甲", "（一）甲一", "1.甲一一", "（1）细目", "①更细", "2.甲一二",
                      "（二）甲二", "二、乙", "（一）乙一"])
    got = [(s.level, s.marker) for s in _seg(text).walk() if s.level]
    assert got == [(1, "一、"), (2, "（一）"), (3, "1."), (4, "（1）"), (5, "①"), (3, "2."),
                   (2, "（二）"), (1, "二、"), (2, "（一）")]


def test_levels_come_from_depth_not_from_a_fixed_table():
    # a report without （一）: its 1. headings are level 2
    got = [(s.level, s.marker) for s in _seg("一、甲\n1.甲一\n2.甲二\n二、乙").walk() if s.level]
    assert got == [(1, "一、"), (2, "1."), (2, "2."), (1, "二、")]


def test_outer_style_closes_inner_sections_instead_of_nesting():
    root = _seg("（一）先出现的小标题\n一、一级标题\n（一）其下小标题")
    assert [(s.level, s.marker) for s in root.walk() if s.level] == [
        (1, "（一）"), (1, "一、"), (2, "（一）")]


def test_ordinal_headings_are_the_deepest_level_and_close_on_next_heading():
    text = "一、甲\n（一）甲一\n一是第一项。正文。\n二是第二项。正文。\n（二）甲二"
    got = [(s.level, s.style, s.marker) for s in _seg(text).walk() if s.level]
    assert got == [(1, "cn", "一、"), (2, "paren_cn", "（一）"), (3, "ordinal", "一是"),
                   (3, "ordinal", "二是"), (2, "paren_cn", "（二）")]


def test_section_spans_cover_heading_to_next_heading_of_same_or_higher_level():
    root = _seg("标题\n前言\n一、甲\n正文\n（一）甲一\n正文\n二、乙\n正文")
    one, two = root.children
    assert (one.start, one.end, one.line, one.end_line) == (2, 6, 3, 6)
    assert (one.children[0].start, one.children[0].end) == (4, 6)
    assert (two.start, two.end, two.end_line) == (6, 8, 8)
    assert (root.start, root.end, root.line, root.end_line) == (0, 8, 1, 8)


def test_path_holds_marker_and_title_from_the_top():
    sec = _seg("二、存在问题\n（一）执法不规范").children[0].children[0]
    assert sec.path == ("二、存在问题", "（一）执法不规范")


def test_title_line_and_preamble_belong_to_the_root():
    root = _seg("某区2024年法治政府建设情况报告\n2024年，某区坚持…。\n一、主要举措")
    assert root.children[0].start == 2
    assert [s.line for s in root.walk() if s.level] == [3]


def test_empty_input_gives_an_empty_root():
    root = segment(())
    assert (root.level, root.start, root.end, root.line, root.end_line, root.children) == (0, 0, 0, 0, 0, [])


# -- false headings -------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "一、二季度全区经济运行平稳。",
    "一、二、三产业协调发展。",
    "1.5万元用于法治宣传。",
    "2024.1全区召开会议。",
    "3·15消费者权益日开展宣传。",
    "1、2月份开展专项检查。",
    "2024年，全区法治政府建设取得成效。",
    "一、",
    "第一责任人职责落实到位。",
    "统一是基本要求。",
])
def test_false_heading_is_not_a_heading(line):
    assert _seg(line).children == []


def test_number_inside_a_paragraph_is_never_a_heading():
    root = _seg("全年完成以下工作：一、加强学习；二、完善制度；（三）强化监督；4.开展培训。")
    assert root.children == []


def test_restart_going_backwards_inside_a_list_is_text():
    root = _seg("（一）甲\n（二）乙\n（三）丙\n（二）误植的编号行")
    assert [s.number for s in root.children] == [1, 2, 3]


def test_new_level_starting_far_into_a_sequence_is_text():
    root = _seg("一、甲\n7.这是一行被硬换行切开的正文")
    assert root.children[0].children == []


# -- tolerance --------------------------------------------------------------------------------------

def test_skipped_numbers_are_kept():
    root = _seg("一、甲\n三、丙\n四、丁")
    assert [s.number for s in root.children] == [1, 3, 4]


def test_repeated_numbers_are_kept():
    root = _seg("一、甲\n（一）子一\n（二）子二\n（二）子二重复\n二、乙")
    assert [s.number for s in root.children[0].children] == [1, 2, 2]


def test_restart_at_one_is_kept_as_a_new_list():
    root = _seg("一、甲\n二、乙\n附件\n一、附件内容")
    assert [s.number for s in root.children] == [1, 2, 1]


def test_list_numbered_across_parents_continues():
    root = _seg("（一）甲\n1.a\n2.b\n（二）乙\n3.c\n4.d")
    assert [[c.number for c in s.children] for s in root.children] == [[1, 2], [3, 4]]


def test_new_level_may_skip_its_first_number():
    root = _seg("一、甲\n（二）缺了（一）的小标题")
    assert root.children[0].children[0].number == 2


# -- inline items --------------------------------------------------------------------------------------

def test_inline_enumeration_becomes_items_of_its_section_not_headings():
    text = ("二、存在的问题和下一步打算\n"
            "2024年,全区…主要表现在:一是法治化营商环境建设存在提升空间。个别部门…统筹;二是执法规范化建设仍存薄弱环节。"
            "…需规范;三是矛盾纠纷排查化解工作存在短板。部分领域…\n(一)推动学习")
    root = _seg(text)
    sec = root.children[0]
    assert [c.marker for c in sec.children] == ["(一)"]
    assert [(it.number, it.marker, it.index) for it in sec.items] == [(1, "一是", 1), (2, "二是", 1), (3, "三是", 1)]
    line = _lines(text)[1].text
    assert all(line[it.offset:it.offset + 2] == it.marker for it in sec.items)


def test_items_in_the_body_of_a_run_in_heading_belong_to_that_heading():
    text = "一、甲\n(一)规范执法,提升行政效能。一是依法全面履行政府职能。二是规范市场秩序。"
    sec = _seg(text).children[0].children[0]
    assert [it.number for it in sec.items] == [1, 2]
    assert sec.children == []


def test_line_initial_ordinal_that_continues_inline_is_a_paragraph_of_items():
    sec = _seg("二、存在问题\n一是学法不够。二是执法不严。三是宣传不足。").children[0]
    assert sec.children == []
    assert [it.number for it in sec.items] == [1, 2, 3]


def test_inline_ordinal_after_a_non_boundary_is_not_an_item():
    sec = _seg("一、甲\n原因之一是学习不够，统一是前提，其中二是误读。").children[0]
    assert sec.items == []


def test_items_must_follow_in_sequence():
    sec = _seg("一、甲\n工作中，三是孤立出现的词。另一方面，一是开头，二是其次。").children[0]
    assert [it.number for it in sec.items] == [1, 2]


# -- hints -------------------------------------------------------------------------------------------

def test_hinted_line_without_number_becomes_heading_at_its_level():
    text = "某区2024年法治政府建设情况报告\n工作成效\n（一）甲\n存在的问题\n（一）乙"
    root = _seg(text, {1: 1, 2: 1, 4: 1})
    assert [(s.level, s.marker, s.title, s.line) for s in root.walk() if s.level] == [
        (1, "", "工作成效", 2), (2, "（一）", "甲", 3), (1, "", "存在的问题", 4), (2, "（一）", "乙", 5)]
    assert root.children[0].number is None


def test_hinted_heading_takes_the_style_of_the_heading_it_replaces():
    root = _seg("一、主要举措\n（一）甲\n存在的问题\n（一）乙\n三、下步安排", {3: 1})
    assert [(s.level, s.style, s.title) for s in root.children] == [
        (1, "cn", "主要举措"), (1, "cn", "存在的问题"), (1, "cn", "下步安排")]
    assert [c.title for c in root.children[1].children] == ["乙"]


def test_hint_is_ignored_on_the_report_title_and_on_numbered_lines():
    root = _seg("某区2024年法治政府建设情况报告\n一、甲\n（一）子", {1: 1, 2: 1, 3: 2})
    assert [(s.level, s.marker) for s in root.walk() if s.level] == [(1, "一、"), (2, "（一）")]


def test_hint_ranks_are_relative():
    # an html page whose headings are h3/h4
    root = _seg("成效\n举措一\n问题", {1: 3, 2: 4, 3: 3})
    assert [(s.level, s.title) for s in root.walk() if s.level] == [(1, "成效"), (2, "举措一"), (1, "问题")]


# -- bounds -------------------------------------------------------------------------------------------

def test_100k_lines_segment_in_linear_time():
    block = ["一、甲", "（一）乙", "1.丙", "一是丁。正文，二是其次。", "普通正文，包含1.5万元和一、二季度。"]
    lines = _lines("\n".join(block * 20_000))
    assert len(lines) == 100_000
    t0 = time.perf_counter()
    root = segment(lines)
    elapsed = time.perf_counter() - t0
    assert len(root.children) == 20_000
    assert elapsed < 10, elapsed


def test_deep_hint_nesting_is_bounded_and_does_not_recurse():
    n = 20_000
    lines = _lines("\n".join(f"标题{i}" for i in range(n)))
    t0 = time.perf_counter()
    root = segment(lines, {i + 1: i + 1 for i in range(n)})
    elapsed = time.perf_counter() - t0
    depth = max(s.level for s in root.walk())
    assert depth <= 16
    assert elapsed < 10, elapsed
    root.to_dict()   # recursion in to_dict is safe because depth is bounded


def test_20000_alternating_styles_stay_shallow():
    styles = ["一、甲", "（一）乙", "1.丙", "（1）丁", "①戊", "一是己。"]
    lines = _lines("\n".join(styles[i % len(styles)] for i in range(20_000)))
    root = segment(lines)
    assert max(s.level for s in root.walk()) == len(styles)


# -- fast paths: the same result as the general code ------------------------------------------------


@pytest.mark.parametrize("text", ["一是加强学习；二是完善制度。", "之一是关键", "，一二三是", "第一，加强。第二、完善",
                                  "但是第三，", "一是", "。十二是：", "是是是", "第十一，第十二，"])
def test_inline_items_are_those_the_item_regex_finds(text):
    from auditor.segment import _ITEM, _inline_items

    for start in range(len(text) + 1):
        expected = [(m.span(), m.groups()) for m in _ITEM.finditer(text, start)]
        assert [(m.span(), m.groups()) for m in _inline_items(text, start)] == expected


@pytest.mark.parametrize("text", ["（一）标题，", "（一）关于《某（试行）》的“说明”。正文", "一、" + "长" * 70,
                                  "（二）" + "长" * 30 + "，" + "长" * 40, "一、标题：  ", "  # 二、问题",
                                  "\t三、下一步", "#######四、x", "1.5万元", "①做好工作"])
def test_heading_fast_paths_match_the_general_rules(text):
    h = match_heading(text)
    if text.lstrip(" \t#")[:1] in ("（", "一", "二", "三", "四", "1", "①") and not text.startswith("#######") \
            and text != "1.5万元":
        assert h is not None
        assert h.title_span[0] <= h.title_span[1] <= len(text)
    else:
        assert h is None


# -- parts opened by their paragraphs' first words (no heading at all) ------------------------------

_NO_HEADINGS = ("菱湖镇2024年法治政府建设情况报告\n"
                "一年来，菱湖镇稳步推进依法行政，主要做法和成效如下：审查合同19份；调处纠纷71起。\n"
                "同时，我镇法治建设还存在一些不足：一是执法人员偏少；二是普法形式单一。\n"
                "下一步，我镇将一是增配执法人员2名；二是建设法治文化长廊1处。\n"
                "菱湖镇人民政府\n2025年2月9日")


def test_paragraph_openings_are_the_parts_of_a_report_without_headings():
    root = _seg(_NO_HEADINGS)
    parts = root.children
    assert [(s.line, s.title, s.opening) for s in parts] == [
        (2, "一年来，菱湖镇稳步推进依法行政，主要做法和成效如下", True),
        (3, "同时，我镇法治建设还存在一些不足", True),
        (4, "下一步，我镇将", True)]
    # the items of a paragraph belong to its part, the first one included
    assert [len(s.items) for s in parts] == [0, 2, 2]


def test_paragraph_openings_need_two_kinds_and_no_numbered_part():
    one_kind = _NO_HEADINGS.replace("同时，我镇法治建设还存在一些不足：", "此外，").replace("下一步，我镇将", "另外，")
    assert _seg(one_kind).children == []
    numbered = _NO_HEADINGS.replace("下一步，我镇将", "二、下一步工作安排\n")
    assert not any(s.opening for s in _seg(numbered).walk())
