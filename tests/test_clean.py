"""Cleaning: site chrome goes, report text (and injected spam) stays; 繁体 pages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.clean import boilerplate, clean, compile_boilerplate
from auditor.ingest import load

# Line numbers read from the files in corpus/ (blank lines are never in RawText at all).
EXPECTED_DROPPED = {
    # "- 设为首页" … "- 长者版"; the 名称/索引号/文号 block
    "xialu-2024.txt": {1, 2, 3, 4, 6, 7, 8},
    # 扫一扫…, 区长信箱/意见征集/问卷调查/智能问答 (twice), 返回顶部
    "yingwu-jiedao-2024.txt": {46, 48, 50, 52, 54, 56, 58, 60, 62, 64},
    # breadcrumb; 关闭 打印; 上一篇; 下一篇
    "xinglongtai-2024.txt": {1, 76, 77, 78},
    # the metadata table (4 lines incl. its rule line); 扫一扫在手机打开当前页
    "qingshan-2021.txt": {1, 2, 3, 4, 30},
    # breadcrumb; 发布时间; 来源; 浏览人数; 【字号; 背景颜色; 分享到; TOP 打印本页 关闭窗口; 新媒体; ×关闭
    "yuncheng-2024.txt": {1, 3, 4, 5, 6, 7, 8, 45, 46, 47},
}


def cleaned(corpus_dir, name):
    return clean(load(corpus_dir / name))


@pytest.mark.parametrize("name", sorted(EXPECTED_DROPPED))
def test_corpus_chrome_lines_are_dropped_and_nothing_else(corpus_dir, name):
    result = cleaned(corpus_dir, name)
    assert {line.no for line, _ in result.dropped} == EXPECTED_DROPPED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED_DROPPED))
def test_corpus_kept_and_dropped_lines_partition_the_raw_lines(corpus_dir, name):
    result = cleaned(corpus_dir, name)
    kept = [line.no for line in result.lines]
    dropped = [line.no for line, _ in result.dropped]
    assert sorted(kept + dropped) == [line.no for line in result.raw.lines]


def test_injected_spam_in_a_defaced_page_is_kept(corpus_dir):
    kept = {line.no: line.text for line in cleaned(corpus_dir, "yingwu-jiedao-2024.txt").lines}
    assert kept[1] == "环球国际"
    assert "环球国际" in kept[39] and "环球国际" in kept[41]
    assert kept[43] == "20252月10"


def test_signature_lines_after_the_body_are_kept(corpus_dir):
    kept = [line.text for line in cleaned(corpus_dir, "yuncheng-2024.txt").lines]
    assert kept[-2:] == ["云浮市云城区人民政府", "2025年1月9日"]


def test_page_metadata_lines_are_dropped_with_their_own_id(corpus_dir):
    ids = {line.no: rule for line, rule in cleaned(corpus_dir, "xialu-2024.txt").dropped}
    assert ids[6] == ids[7] == ids[8] == "page.metadata"
    ids = {line.no: rule for line, rule in cleaned(corpus_dir, "qingshan-2021.txt").dropped}
    assert {ids[n] for n in (1, 2, 3, 4)} == {"page.metadata"}


def test_dropped_lines_carry_the_id_of_their_kind(corpus_dir):
    ids = {line.no: rule for line, rule in cleaned(corpus_dir, "xinglongtai-2024.txt").dropped}
    assert ids == {1: "chrome.breadcrumb", 76: "chrome.print-close", 77: "chrome.prev-next",
                   78: "chrome.prev-next"}


def test_cleaning_keeps_the_unfolded_text_and_the_same_length_norm(corpus_dir):
    result = cleaned(corpus_dir, "yuncheng-2024.txt")
    raw = {line.no: line for line in result.raw.lines}
    for line in result.lines:
        assert line == raw[line.no]
    assert result.traditional is False


# ---------------------------------------------------------------------------------------------
# Never drop report text

BODY = "2024年，全区坚持以习近平法治思想为指导，全面推进法治政府建设，各项工作取得积极成效。"


def lines_of(text: str):
    return load(data=text.encode(), name="r.txt")


@pytest.mark.parametrize("line", [
    "打印 本报告全文共三部分",
    "设为首页 环球国际",
    "关闭窗口后请继续阅读",
    "当前位置：首页 > 工作报告",     # in the middle of the body: breadcrumbs are head-only
    "来源：区统计局",                 # metadata fields never match inside the body
])
def test_line_with_more_than_chrome_in_the_body_is_kept(line):
    result = clean(lines_of(f"{BODY}\n{line}\n{BODY}\n"))
    assert [l.text for l in result.lines] == [BODY, line, BODY]


def test_chrome_only_line_in_the_body_is_dropped():
    result = clean(lines_of(f"{BODY}\n【打印】【关闭】\n{BODY}\n"))
    assert [(l.text, rule) for l, rule in result.dropped] == [("【打印】【关闭】", "chrome.print-close")]


def test_long_metadata_value_is_not_taken_for_a_field():
    long_line = "来源：" + BODY * 3
    result = clean(lines_of(f"{long_line}\n{BODY}\n"))
    assert result.dropped == ()


def test_text_without_a_body_line_still_drops_chrome():
    result = clean(lines_of("设为首页\n工作报告\n返回顶部\n"))
    assert [l.text for l in result.lines] == ["工作报告"]


def test_footer_lines_after_the_body_are_dropped():
    footer = "主办：某区人民政府办公室 承办：某区大数据中心 网站标识码：4201070001 鄂ICP备05003311号"
    result = clean(lines_of(f"{BODY}\n{footer}\n鄂公网安备 42010702000123号\n"))
    assert [rule for _, rule in result.dropped] == ["chrome.footer", "chrome.footer"]


# ---------------------------------------------------------------------------------------------
# 繁体

TRADITIONAL_PAGE = """<html><head><meta charset="utf-8"><title>法治政府建設年度報告</title></head>
<body>
<div>當前位置：首頁 &gt; 政務公開 &gt; 工作報告</div>
<h1>某區2024年法治政府建設情況報告</h1>
<p>2024年，本區堅持以習近平法治思想為指導，全面推進法治政府建設，各項工作取得積極成效。</p>
<p>一、主要舉措及成效</p>
<p>（一）堅持黨的領導，履行推進法治建設第一責任人職責，嚴格執行重大行政決策程序規定。</p>
<div>設為首頁 加入收藏</div>
</body></html>
"""


def test_traditional_page_gets_simplified_norm_and_original_text():
    result = clean(load(data=TRADITIONAL_PAGE.encode(), name="page.html"))
    assert result.traditional is True
    heading = next(l for l in result.lines if l.text == "一、主要舉措及成效")
    assert heading.norm == "一、主要举措及成效"
    for line in result.lines:
        assert len(line.norm) == len(line.text)


def test_traditional_chrome_is_recognised_after_simplification():
    result = clean(load(data=TRADITIONAL_PAGE.encode(), name="page.html"))
    assert sorted(rule for _, rule in result.dropped) == ["chrome.breadcrumb", "chrome.site-tools"]


def test_simplified_text_is_not_marked_traditional():
    assert clean(lines_of(f"{BODY}\n")).traditional is False


# ---------------------------------------------------------------------------------------------
# The data file


def test_boilerplate_entries_have_unique_ids_descriptions_and_a_matcher():
    import yaml
    from importlib import resources

    data = yaml.safe_load(
        resources.files("auditor").joinpath("data/boilerplate.yaml").read_text("utf-8"))
    ids = [entry["id"] for entry in data["entries"]]
    assert len(ids) == len(set(ids))
    for entry in data["entries"]:
        assert entry["description"].strip(), entry["id"]
        assert entry.get("patterns") or entry.get("tokens") or entry.get("fields"), entry["id"]
    assert len(boilerplate().entries) == len(ids)


def test_boilerplate_rejects_an_unknown_position():
    with pytest.raises(ValueError, match="where"):
        compile_boilerplate({"entries": [{"id": "x", "description": "x", "where": "middle",
                                          "tokens": ["x"]}]})


@pytest.mark.parametrize("text,expected", [(BODY, False), (TRADITIONAL_PAGE, True), ("國會發關", False),
                                           ("國會發關實", True), ("区" * 50, False)])
def test_traditional_detection_needs_five_marker_characters(text, expected):
    from auditor.normalize import looks_traditional

    assert looks_traditional(text) is expected


# -- fast paths: the same result as the general code ------------------------------------------------


def test_body_is_bounded_by_lines_that_are_not_chrome_anywhere():
    # a tail-only footer at the top is still chrome when the body's first line is looked for
    footer = "主办：某区人民政府办公室 承办：某区大数据中心 网站标识码：4201070001 鄂ICP备05003311号"
    result = clean(lines_of(f"{footer}\n{BODY}\n设为首页\n{BODY}\n{footer}\n"))
    assert [(l.text, rule) for l, rule in result.dropped] == [("设为首页", "chrome.site-tools"),
                                                             (footer, "chrome.footer")]


_FOOTER_PIECES = ["icp备", "ICP证", "İcp备", "ıcp备", "公网安备", "网站标识码", "版权所有", "copyright", "COPYRIGHT",
                  "ſ", "©", "i", "c", "p", "公", "网", "版", "某区", " ", "2024", "\n"]


@given(st.lists(st.sampled_from(_FOOTER_PIECES), max_size=8).map("".join), st.integers(0, 230))
@settings(max_examples=400, deadline=None)
def test_footer_lookahead_changes_nothing_that_matches(text, pad):
    # the footer pattern's (?=[icp公网版©]) only skips positions where no keyword starts
    import re

    footer = next(p for e in boilerplate().entries if e.id == "chrome.footer" for p in e.patterns
                  if "(?=[icp公网版©])" in p.pattern)
    plain = re.compile(footer.pattern.replace("(?=[icp公网版©])", ""), footer.flags)
    for line in (text, "x" * pad + text, text + "y" * pad):
        assert bool(footer.fullmatch(line)) == bool(plain.fullmatch(line)), line


def _fresh_boilerplate(combine_after):
    """The package's boilerplate compiled anew, its views combining their whole-line patterns
    into one regex after ``combine_after`` lines."""
    from auditor import clean as clean_mod

    with open(clean_mod._BOILERPLATE_PATH, encoding="utf-8") as fh:
        bp = compile_boilerplate(clean_mod._parsed_yaml(fh.read()))
    for view in bp.views.values():
        if view.any_pattern is not None:
            view.any_pattern.after = combine_after
    return bp


_WHOLE_LINES = ["当前位置：首页 > 政务公开", "首页 > 报告", "上一篇：某某报告", "主办：某区人民政府",
                "Copyright © 2024 某区", "鄂ICP备05003311号", "索 引 号：123 | 发布日期：2024-01-02",
                "来源：" + BODY * 3, "---|---|---|", "| --- | --- |", "设为首页", BODY, "", "首页",
                "主办单位：某区 版权所有"]


@pytest.mark.parametrize("line", _WHOLE_LINES)
def test_whole_line_patterns_read_the_same_one_by_one_and_combined(line):
    from auditor.clean import _whole_line

    one_by_one, combined = _fresh_boilerplate(10 ** 9), _fresh_boilerplate(0)
    for where in one_by_one.views:
        assert combined.views[where].any_pattern is None or combined.views[where].any_pattern.get()
        assert _whole_line(combined.views[where], line) == _whole_line(one_by_one.views[where], line)
    assert one_by_one.views[None].any_pattern.regex is None       # never compiled


def test_combined_patterns_are_compiled_only_after_enough_lines():
    from auditor.clean import _COMBINE_AFTER, _whole_line

    bp = _fresh_boilerplate(_COMBINE_AFTER)
    view = bp.views[None]
    for _ in range(_COMBINE_AFTER):
        _whole_line(view, BODY)
    assert view.any_pattern.regex is None
    _whole_line(view, BODY)
    assert view.any_pattern.regex is not None


def _hits_as_specified(lines, bp):
    """clean._hits as the module docstring states it, without its shortcuts: a line is chrome
    when an entry matches it anywhere on the page and an entry allowed at its place does."""
    from auditor.clean import classify

    anywhere = [classify(line.norm, None, bp) for line in lines]
    body = [i for i, line in enumerate(lines) if len(line.norm) >= bp.body_min_chars
            and anywhere[i] is None]
    if not body:
        return [None if anywhere[i] is None else classify(line.norm, "head", bp)
                or classify(line.norm, "tail", bp) for i, line in enumerate(lines)]
    first, last = body[0], body[-1]
    where = ["head" if i < first else "tail" if i > last else "body" for i in range(len(lines))]
    return [None if anywhere[i] is None else classify(line.norm, where[i], bp)
            for i, line in enumerate(lines)]


_PAGE_LINES = [BODY, "设为首页", "当前位置：首页 > 报告", "索 引 号：123 | 发布日期：2024-01-02",
               "主办：某区人民政府 网站标识码：4201070001", "鄂ICP备05003311号", "上一篇：某某报告", "返回顶部",
               "打印 关闭", "---|---|", "网站地图 联系我们", "走进某区", "首页", "工作报告", "来源：某区司法局",
               "二维码", "Copyright © 2024", "分享到：微信 微博"]


@given(st.lists(st.sampled_from(_PAGE_LINES), min_size=1, max_size=14))
@settings(max_examples=300, deadline=None)
def test_hits_are_what_the_docstring_specifies(texts):
    from auditor.clean import _hits

    bp = boilerplate()
    lines = lines_of("\n".join(texts)).lines
    assert _hits(lines, bp) == _hits_as_specified(lines, bp)


@pytest.mark.parametrize("name", sorted(EXPECTED_DROPPED))
def test_corpus_hits_are_what_the_docstring_specifies(corpus_dir, name):
    from auditor.clean import _hits

    lines = load(corpus_dir / name).lines
    assert _hits(lines, boilerplate()) == _hits_as_specified(lines, boilerplate())
