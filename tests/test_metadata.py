"""Unit tests for auditor.metadata. Texts are built in the test with a tiny local reader (the
cleaner is simulated by dropping the page-field lines from ``clean.lines``, as the real one does)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.metadata import extract, profile_of_name, parse_date
from auditor.model import CleanText, Line, RawText
from auditor.normalize import normalize

REPORT_BODY = ["2024年，全区坚持以习近平法治思想为指导，深入推进法治政府建设。现将有关情况报告如下：",
               "一、主要举措及成效", "全年开展活动十次。"]


def _clean(text: str, *, drop=(), title_hint=None, meta_hints=None, traditional=False) -> CleanText:
    lines = tuple(Line(i + 1, t, normalize(t, traditional)) for i, t in enumerate(text.split("\n")))
    raw = RawText(source="t.txt", file_format="text", encoding="utf-8", lines=lines, sha256="0",
                  size=len(text.encode()), title_hint=title_hint, meta_hints=meta_hints or {})
    kept = tuple(line for line in lines if not any(d in line.text for d in drop))
    dropped = tuple((line, "test") for line in lines if line not in kept)
    return CleanText(raw=raw, lines=kept, dropped=dropped, traditional=traditional)


def _report(*head: str, tail=()) -> str:
    return "\n".join([*head, *REPORT_BODY, *tail])


# -- title ----------------------------------------------------------------------------------------

def test_title_is_the_reports_own_title_line_not_the_page_field():
    md = extract(_clean(_report("名 称: 下陆区2024年法治政府建设工作报告",
                                "索 引 号: 000014349/2025-17645 发布日期: 2025-02-28",
                                "下陆区2024年法治政府建设工作报告")))
    assert (md.title.value, md.title.line, md.title.confidence) == ("下陆区2024年法治政府建设工作报告", 3, "high")


def test_title_split_over_two_lines_is_joined():
    md = extract(_clean(_report("环球国际", "", "关于2024年度鹦鹉街道法治政府建设", "", "情况的报告", "")))
    assert md.title.value == "关于2024年度鹦鹉街道法治政府建设情况的报告"
    assert md.title.line == 3
    assert "合并" in md.title.source


def test_breadcrumb_is_not_a_title():
    md = extract(_clean(_report("当前位置: 首页 > 基础信息公开 > 工作报告", "云城区2024年法治政府建设年度报告")))
    assert md.title.value == "云城区2024年法治政府建设年度报告"


@pytest.mark.parametrize("chrome", ["石湾区人民政府网\u3000今天是：", "青石镇人民政府 今日：", "当前位置："])
def test_a_site_line_ending_in_an_empty_clock_is_not_the_body(chrome):
    """A site header whose clock lost its date ends in a colon like a sentence of the body; it is
    page chrome above the title, and the title under it is still read."""
    md = extract(_clean(_report(chrome, "石湾区2024年法治政府建设情况报告")))
    assert md.title is not None and md.title.value == "石湾区2024年法治政府建设情况报告"


def test_a_body_sentence_ending_in_a_colon_still_starts_the_body():
    md = extract(_clean(_report("各单位要对照下列要求开展工作：", "石湾区2024年法治政府建设情况报告")))
    assert md.title is None


def test_title_falls_back_to_the_title_field():
    md = extract(_clean(_report("标 题 | 青山区人民政府2021年度法治政府建设情况报告 | 文 号 | 无 |"),
                        drop=("标 题",)))
    assert md.title.value == "青山区人民政府2021年度法治政府建设情况报告"
    assert md.title.source == "标题字段"


def test_title_falls_back_to_the_title_hint():
    md = extract(_clean("\n".join(REPORT_BODY), title_hint="某县2023年法治政府建设年度报告"))
    assert (md.title.value, md.title.line, md.title.confidence) == ("某县2023年法治政府建设年度报告", None, "medium")


# -- year -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("title,year", [
    ("青山区人民政府2021年度法治政府建设情况报告", 2021),
    ("关于2024年度鹦鹉街道法治政府建设情况的报告", 2024),
    ("兴隆台区关于2024年法治政府建设情况的报告", 2024),
])
def test_year_comes_from_the_title(title, year):
    md = extract(_clean(_report(title)))
    assert (md.year.value, md.year.confidence) == (year, "high")


def test_year_comes_from_the_first_paragraph_when_the_title_has_none():
    md = extract(_clean(_report("某区法治政府建设工作报告")))
    assert (md.year.value, md.year.line, md.year.confidence) == (2024, 2, "medium")


# -- issuer and level ---------------------------------------------------------------------------------

@pytest.mark.parametrize("title,issuer", [
    ("青山区人民政府2021年度法治政府建设情况报告", "青山区人民政府"),
    ("下陆区2024年法治政府建设工作报告", "下陆区"),
    ("关于2024年度鹦鹉街道法治政府建设情况的报告", "鹦鹉街道"),
    ("兴隆台区关于2024年法治政府建设情况的报告", "兴隆台区"),
    ("某市司法局2024年度法治政府建设工作报告", "某市司法局"),
])
def test_issuer_comes_from_the_title(title, issuer):
    md = extract(_clean(_report(title)))
    assert (md.issuer.value, md.issuer.confidence) == (issuer, "high")


def test_issuer_is_not_the_sites_publisher():
    md = extract(_clean(_report("发布机构 | 青山区司法局 | 有 效 性 | 有效 |",
                                "青山区人民政府2021年度法治政府建设情况报告")))
    assert md.issuer.value == "青山区人民政府"
    assert md.profile.value == "government"


def test_issuer_falls_back_to_the_signature():
    md = extract(_clean(_report("法治政府建设年度报告", tail=("", "某县交通运输局", "", "2025年3月1日"))))
    assert (md.issuer.value, md.issuer.confidence, md.issuer.source) == ("某县交通运输局", "medium", "落款单位")
    assert md.profile.value == "department"


@pytest.mark.parametrize("name,level", [
    ("青山区人民政府", "government"),
    ("云浮市云城区人民政府", "government"),
    ("下陆区", "government"),
    ("镇江市人民政府", "government"),
    ("中共某区委员会", "government"),
    ("某区司法局", "department"),
    ("某市发展和改革委员会", "department"),
    ("某区人民政府办公室", "department"),
    ("某市政务服务中心", "department"),
    ("鹦鹉街道", "township"),
    ("某街道办事处", "township"),
    ("中共某某委某街道工作委员会", "township"),
    ("某镇", "township"),
    ("某镇人民政府", "township"),
    ("某乡人民政府", "township"),
])
def test_level_is_inferred_from_the_name(name, level):
    assert profile_of_name(name)[0] == level


def test_level_names_its_source():
    md = extract(_clean(_report("关于2024年度鹦鹉街道法治政府建设情况的报告")))
    assert md.profile.value == "township"
    assert "鹦鹉街道" in md.profile.source and "街道" in md.profile.source


# -- dates ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("field,value,source", [
    ("发布日期: 2025-02-28", date(2025, 2, 28), "发布日期字段"),
    ("发布时间: 2025-01-09 14:52", date(2025, 1, 9), "发布时间字段"),
    ("日期：2025/02/28", date(2025, 2, 28), "日期字段"),
    ("发布日期：２０２５－０２－２８", date(2025, 2, 28), "发布日期字段"),
    ("索 引 号 | 733569413/2022-04584 | 发布日期 | 2022-01-24 |", date(2022, 1, 24), "发布日期字段"),
])
def test_published_from_a_page_field_is_high_confidence(field, value, source):
    md = extract(_clean(_report(field, "某区2024年法治政府建设工作报告"), drop=(field,)))
    assert (md.published.value, md.published.line, md.published.confidence) == (value, 1, "high")
    assert md.published.source == source


def test_publish_field_wins_over_the_signature_date():
    md = extract(_clean(_report("发布日期: 2025-02-28", "某区2024年法治政府建设工作报告",
                                tail=("某区人民政府", "2025年1月9日"))))
    assert md.published.value == date(2025, 2, 28)
    assert md.signature_date.value == date(2025, 1, 9)


def test_published_from_meta_hints():
    md = extract(_clean(_report("某区2024年法治政府建设工作报告"), meta_hints={"PubDate": "2025-03-05 10:00"}))
    assert (md.published.value, md.published.line, md.published.confidence) == (date(2025, 3, 5), None, "high")


def test_signature_date_stands_in_for_published_with_medium_confidence():
    md = extract(_clean(_report("云城区2024年法治政府建设年度报告", tail=("", "  云浮市云城区人民政府", "", "  2025年1月9日", ""))))
    assert md.signature_body.value == "云浮市云城区人民政府"
    assert (md.signature_date.value, md.signature_date.confidence) == (date(2025, 1, 9), "high")
    assert (md.published.value, md.published.confidence) == (date(2025, 1, 9), "medium")
    assert "落款" in md.published.source


def test_garbled_signature_date_is_read_with_low_confidence():
    md = extract(_clean(_report("关于2024年度鹦鹉街道法治政府建设情况的报告",
                                tail=("中共某网站 委鹦鹉街道工作委员会", "", "某网站 鹦鹉街道办事处", "", "20252月10"))))
    assert (md.signature_date.value, md.signature_date.confidence) == (date(2025, 2, 10), "low")
    assert "格式有误" in md.signature_date.source
    assert (md.published.value, md.published.confidence) == (date(2025, 2, 10), "low")
    assert "格式有误" in md.published.source
    assert md.signature_body.value == "中共某网站 委鹦鹉街道工作委员会；某网站 鹦鹉街道办事处"


def test_signature_date_in_chinese_numerals():
    md = extract(_clean(_report("某县2024年法治政府建设情况报告", tail=("某县人民政府", "二〇二五年一月九日"))))
    assert md.signature_date.value == date(2025, 1, 9)


def test_signature_followed_by_leftover_chrome_is_still_found():
    tail = ("某区人民政府", "2025年3月1日", "区长信箱", "意见征集", "问卷调查")
    md = extract(_clean(_report("某区2024年法治政府建设情况报告", tail=tail)))
    assert md.signature_body.value == "某区人民政府"
    assert md.signature_date.value == date(2025, 3, 1)


def test_date_inside_the_last_paragraph_is_not_a_signature():
    md = extract(_clean(_report("某区2024年法治政府建设情况报告", tail=("全区于2025年1月9日召开总结会议，部署下一步工作。",))))
    assert md.signature_date is None
    assert md.published is None


def test_date_only_in_a_url_is_low_confidence():
    md = extract(_clean(_report("来源网址: http://www.example.gov.cn/zwgk/202503/t20250331_123.html",
                                "某区2024年法治政府建设情况报告")))
    assert (md.published.value, md.published.confidence) == (date(2025, 3, 31), "low")
    assert "网址" in md.published.source


@pytest.mark.parametrize("text,value,garbled", [
    ("2025-02-28", date(2025, 2, 28), False),
    ("2025/02/28", date(2025, 2, 28), False),
    ("2025.02.28", date(2025, 2, 28), False),
    ("2025年2月28日", date(2025, 2, 28), False),
    ("2025 年 2 月 28 日", date(2025, 2, 28), False),
    ("二〇二五年二月二十八日", date(2025, 2, 28), False),
    ("20252月10", date(2025, 2, 10), True),
])
def test_parse_date_forms(text, value, garbled):
    got = parse_date(text)
    assert got is not None and got[:2] == (value, garbled)


@pytest.mark.parametrize("text", ["2025-02-30", "2025年13月1日", "000014349/2025-17645", "1.5万元"])
def test_parse_date_rejects_non_dates(text):
    assert parse_date(text) is None


# -- 索引号 and 文号 ------------------------------------------------------------------------------------

def test_index_number_and_empty_doc_number():
    md = extract(_clean(_report("索 引 号: 000014349/2025-17645 发布日期: 2025-02-28 发布机构: 下陆区司法局",
                                "文 号: 文件分类: 所属机构:", "下陆区2024年法治政府建设工作报告")))
    assert (md.index_no.value, md.index_no.line) == ("000014349/2025-17645", 1)
    assert md.doc_no is None


def test_doc_number_none_when_written_as_wu():
    md = extract(_clean(_report("标 题 | 青山区人民政府2021年度法治政府建设情况报告 | 文 号 | 无 |",
                                "青山区人民政府2021年度法治政府建设情况报告")))
    assert md.doc_no is None


def test_doc_number_is_read():
    md = extract(_clean(_report("文号：某政发〔2025〕3号", "某区2024年法治政府建设情况报告")))
    assert md.doc_no.value == "某政发〔2025〕3号"


def test_fields_dropped_by_the_cleaner_are_still_read_from_raw_lines():
    head = "索 引 号: 000014349/2025-17645 发布日期: 2025-02-28"
    clean = _clean(_report(head, "下陆区2024年法治政府建设工作报告"), drop=(head,))
    assert all(head != line.text for line in clean.lines)
    md = extract(clean)
    assert md.published.value == date(2025, 2, 28)
    assert md.index_no.value == "000014349/2025-17645"


# -- odd input ------------------------------------------------------------------------------------------

def test_traditional_flag_is_passed_through_and_matching_uses_simplified():
    md = extract(_clean(_report("青山區人民政府2021年度法治政府建設情況報告"), traditional=True))
    assert md.traditional is True
    assert md.title.value == "青山區人民政府2021年度法治政府建設情況報告"
    assert md.issuer.value == "青山區人民政府"
    assert md.profile.value == "government"


def test_empty_input_gives_empty_metadata():
    md = extract(_clean(""))
    assert md.title is None and md.year is None and md.published is None and md.profile is None


# -- fast paths: the same result as the general code ------------------------------------------------


@pytest.mark.parametrize("line,expected", [
    ("工作总结如下。", None), ("报告共3页", None), ("2025年1月9日", date(2025, 1, 9)),
    ("某区人民政府 2025年1月9日 ", date(2025, 1, 9)), ("20252月10", date(2025, 2, 10)),
    ("二〇二五年一月九日", date(2025, 1, 9)), ("日期：2025-02-28", None),
    ("2025年1月9日印发。", None)])
def test_signature_date_must_end_its_line(line, expected):
    # lines that do not end in a digit or 日 are skipped without looking for a date in them
    from auditor.metadata import _signature

    lines = [Line(1, "某区2024年法治政府建设情况报告", "某区2024年法治政府建设情况报告"),
             Line(2, line, normalize(line))]
    _, signature_date = _signature(lines)
    assert (signature_date.value if signature_date else None) == expected


@pytest.mark.parametrize("text", ["来源：区司法局", "  索 引 号：1", "X来源：x", "成文 日期：2025-01-01",
                                  "a |文号：1 | 来源|b", "来源|文号：x", "说明：来源：x", "|发布时间：1", ""])
def test_field_keys_are_found_where_the_full_key_regex_finds_them(text):
    from auditor.metadata import _KEY_RE, _is_field_line, _key_matches

    expected = [(m.span(), m.group(1)) for m in _KEY_RE.finditer(text)]
    assert [(m.span(), m.group(1)) for m in _key_matches(text)] == expected
    first = _KEY_RE.search(text)
    assert _is_field_line(text) == (first is not None and not text[:first.start()].strip())


# -- fast paths: the same result as the general code ------------------------------------------------

_TITLE_PIECES = ["关于", "2024", "年度", "鹦鹉", "街道", " ", "\u3000", "\t", "a", "B", "法治", "报告", "（", "）"]


@given(st.lists(st.sampled_from(_TITLE_PIECES), max_size=12).map("".join))
@settings(max_examples=300, deadline=None)
def test_collapse_without_spaces_between_cjk_is_the_stripped_text(text):
    from auditor.metadata import _SPACE_BETWEEN_CJK, _collapse

    norm = normalize(text)
    drop = {i for m in _SPACE_BETWEEN_CJK.finditer(norm) for i in range(m.start(), m.end())}
    keep = [i for i in range(len(norm)) if i not in drop]
    expected = "".join(text[i] for i in keep).strip(), "".join(norm[i] for i in keep).strip()
    assert _collapse(text, norm) == expected


@pytest.mark.parametrize("after,date_found,body_found", [(13, True, True), (14, True, False),
                                                          (15, False, False)])
def test_signature_looks_at_the_last_fifteen_non_empty_lines(after, date_found, body_found):
    # the date is the 14th, 15th or 16th non-empty line from the end, the signing body the
    # line above it; blank lines do not count
    from auditor.metadata import _signature

    texts = ["正文。"] * 3 + ["北京市某区人民政府", "2024年12月31日"]
    for _ in range(after):
        texts += ["  ", "正文。"]
    lines = [Line(i + 1, t, t) for i, t in enumerate(texts)]
    body, signed = _signature(lines)
    assert (signed is not None and signed.value == date(2024, 12, 31)) is date_found
    assert (body is not None and body.value == "北京市某区人民政府") is body_found


@given(st.text(alphabet="某区政府〔［（2024）］〕019 号", max_size=20))
@settings(max_examples=300, deadline=None)
def test_a_document_number_line_has_hao_in_it(text):
    from auditor.metadata import _DOC_NO_LINE

    assert _DOC_NO_LINE.match(text) is None or "号" in text


# -- issuer misreads (issue 19) ---------------------------------------------------------------------

def test_issuer_stops_at_guanyu_after_the_issuing_body():
    md = extract(_clean(_report("清水县人民政府关于清水县2024年法治政府建设情况的报告")))
    assert md.issuer.value == "清水县人民政府"


def test_issuer_keeps_the_district_name_the_title_drops():
    lines = ["区司法局2024年法治政府建设年度报告", "2024年，在区委、区政府的坚强领导下，我局深入推进法治政府建设。",
             "一、主要举措和成效", "（一）加强组织领导。", "", "青山区司法局", "2025年1月20日"]
    md = extract(_clean("\n".join(lines)))
    assert md.issuer.value == "青山区司法局"
    assert md.profile.value == "department"


def test_issuer_from_a_title_with_its_full_name_is_unchanged():
    lines = ["青山区司法局2024年法治政府建设年度报告", "2024年，我局深入推进法治政府建设。", "", "青山区人民政府",
             "2025年1月20日"]
    assert extract(_clean("\n".join(lines))).issuer.value == "青山区司法局"


# -- issue 17: the publication date in every strip layout, never a clock, a 成文 or a 落款 date ---
# (strips written for these tests in the style of real 政府信息公开 pages)

SIG = ("某区人民政府", "2025年2月10日")


def _pub(*head: str, tail=SIG, drop=()):
    return extract(_clean(_report(*head, tail=tail), drop=drop)).published


@pytest.mark.parametrize("head", [
    ("发布日期", "2025-03-18", "信息来源", "某区司法局", "某区2024年法治政府建设情况报告"),
    ("发 布 日 期", "", "2025-03-18", "某区2024年法治政府建设情况报告"),
    ("[ 发布日期 ]", "2025-03-18", "某区2024年法治政府建设情况报告"),
])
def test_key_and_value_on_separate_lines_without_a_colon(head):
    pub = _pub(*head)
    assert (pub.value, pub.confidence, pub.source) == (date(2025, 3, 18), "high", "发布日期字段")


def test_stacked_strip_with_bullets_and_empty_keys():
    md = extract(_clean(_report("• 索引号:", "", "  113302/2025-00041", "• 主题分类:", "", "• 发文日期:", "",
                                "  2025年03月06日 16:40", "• 有效性:", "", "• 发布日期:", "", "  2025年03月07日 09:12",
                                "某区2024年法治政府建设情况报告")))
    assert (md.published.value, md.published.source) == (date(2025, 3, 7), "发布日期字段")
    assert md.title.value == "某区2024年法治政府建设情况报告"      # the bulleted keys are not the text
    assert md.index_no.value == "113302/2025-00041"


def test_strip_as_a_table_with_a_header_row_of_keys():
    pub = _pub("索引号 | 发布机构 | 发布日期 |", "---|---|---|", "113302/2025-00041 | 某区司法局 | 2025-03-02 |",
               "某区2024年法治政府建设情况报告")
    assert (pub.value, pub.line, pub.confidence) == (date(2025, 3, 2), 3, "high")


@pytest.mark.parametrize("strip,value,key", [
    ("文章来源：区司法局　更新时间：2025/03/21 10:05:44", date(2025, 3, 21), "更新时间"),
    ("发表时间：2025-03-22　作者：区司法局", date(2025, 3, 22), "发表时间"),
    ("信息来源：区司法局　点击数：96　更新日期：2025.03.19　【字体：大 中 小】", date(2025, 3, 19), "更新日期"),
    ("发布时间：2025年3月20日 星期四　来源：区司法局　浏览次数：88", date(2025, 3, 20), "发布时间"),
    ("发布日期：二〇二五年三月十七日", date(2025, 3, 17), "发布日期"),
])
def test_other_keys_of_the_posting_date(strip, value, key):
    pub = _pub("某区2024年法治政府建设情况报告", strip)
    assert (pub.value, pub.confidence, pub.source) == (value, "high", f"{key}字段")


def test_publication_key_wins_over_update_time_and_chengwen():
    pub = _pub("成文日期：2025-02-08　发布日期：2025-02-12　更新时间：2025-04-02", "某区2024年法治政府建设情况报告")
    assert (pub.value, pub.source) == (date(2025, 2, 12), "发布日期字段")


@pytest.mark.parametrize("byline,value", [
    ("2025-03-20 09:18　来源：某区司法局", date(2025, 3, 20)),
    ("某区人民政府 2025年03月19日", date(2025, 3, 19)),
    ("2025-03-18 16:02", date(2025, 3, 18)),
    ("2025/03/17　　某区司法局　　阅读：153", date(2025, 3, 17)),
])
def test_unlabelled_byline_under_the_title(byline, value):
    pub = _pub("某区2024年法治政府建设情况报告", byline)
    assert (pub.value, pub.confidence) == (value, "high")
    assert "未写" in pub.source


@pytest.mark.parametrize("head", [
    ("今天是：2025年3月5日 星期三 农历二月初六", "某区2024年法治政府建设情况报告"),
    ("某区人民政府 2025年3月5日星期三", "某区2024年法治政府建设情况报告"),
    ("日期：2025年3月5日 星期三", "某区2024年法治政府建设情况报告"),
    ("某区2024年法治政府建设情况报告", "（2025年3月5日）"),                 # the document's own date
    ("某区2024年法治政府建设情况报告", "2025年3月5日"),
    ("有效期：2025-03-05至2030-03-04", "某区2024年法治政府建设情况报告"),
    ("索引号：113302/2025-03-05", "某区2024年法治政府建设情况报告"),
])
def test_a_site_clock_a_document_date_or_a_validity_is_not_the_publication_date(head):
    pub = _pub(*head)
    assert (pub.value, pub.confidence) == (date(2025, 2, 10), "medium")     # the 落款 stands in
    assert "落款" in pub.source


def test_chengwen_date_alone_is_not_a_publication_date():
    pub = _pub("成文日期：2025-02-08", "某区2024年法治政府建设情况报告", tail=())
    assert (pub.value, pub.confidence) == (date(2025, 2, 8), "medium")
    assert "成文日期" in pub.source and "成文不等于发布" in pub.source


def test_bare_time_key_counts_in_the_strip_not_in_the_text():
    assert _pub("某区2024年法治政府建设情况报告", "时间：2025-03-20　来源：区司法局", tail=()).value == date(2025, 3, 20)
    assert _pub("某区2024年法治政府建设情况报告", tail=("时间：2025年5月10日　地点：区政府三楼会议室",)) is None


# -- title blocks and 落款 -----------------------------------------------------------------------------

def test_subtitle_joins_the_title_and_never_replaces_it():
    md = extract(_clean(_report("某区人民政府关于2024年度法治政府建设情况的报告",
                                "——区人大常委会第五次会议审议法治政府建设工作报告")))
    assert md.title.value.startswith("某区人民政府关于2024年度法治政府建设情况的报告")
    assert md.title.line == 1
    assert md.issuer.value == "某区人民政府"


def test_body_name_on_the_line_above_a_title_that_opens_with_the_year():
    md = extract(_clean(_report("某区司法局", "2024年度法治政府建设情况报告")))
    assert md.title.value == "某区司法局2024年度法治政府建设情况报告"
    assert md.issuer.value == "某区司法局"


def test_publisher_under_a_key_is_not_joined_to_the_title():
    md = extract(_clean(_report("信息来源", "某区司法局", "2024年度法治政府建设情况报告")))
    assert md.title.value == "2024年度法治政府建设情况报告"


def test_title_followed_by_the_addressee_line():
    md = extract(_clean(_report("某区人民政府", "关于2024年度法治政府建设情况的报告", "市人民政府：")))
    assert md.title.value == "某区人民政府关于2024年度法治政府建设情况的报告"


def test_signature_in_chinese_numerals_followed_by_the_site_footer():
    tail = ("某区人民政府", "二〇二五年三月二十日", "【打印本页】【关闭窗口】", "主办单位：某区人民政府办公室",
            "版权所有：某区人民政府", "网站标识码：4202030001", "鄂ICP备05001234号-1", "联系电话：0714-1234567")
    md = extract(_clean(_report("某区2024年法治政府建设情况报告", tail=tail)))
    assert md.signature_body.value == "某区人民政府"
    assert md.signature_date.value == date(2025, 3, 20)
