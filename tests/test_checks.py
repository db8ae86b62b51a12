"""Each check kind on real report text from corpus/, passing and failing, and the engine's
guarantees: negation and 《title》 mentions do not count, a missing scope is said plainly, a
catastrophic user regex becomes an error finding in bounded time."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml

import auditor
from auditor.evaluate import audit, explain
from auditor.pack import load_pack

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ROLES = {
    "measures": {"heading": "举措|成效|主要情况|建设情况", "not_heading": "问题|安排|计划", "max_level": 1,
                 "label": "主要举措和成效"},
    "problems": {"heading": "问题|不足", "label": "存在的问题"},
    "next_year": {"heading": "下一步|下步|安排|计划", "label": "下一年度工作安排"},
}


@pytest.fixture(scope="module")
def docs():
    return {p.stem: auditor.read_document(p) for p in sorted(CORPUS.glob("*.txt"))}


@pytest.fixture(autouse=True)
def _cache(monkeypatch, tmp_path):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))


def run(tmp_path, doc, check, **extra):
    rule = {"id": "t.rule", "title": "测试规则", "severity": "error", "check": check, **extra}
    pack_doc = {"name": "t", "version": "1", "roles": ROLES,
                "negation": {"before": ["尚未", "未", "没有"], "after": ["尚未", "未", "没有"], "window": 8},
                "rules": [rule]}
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump(pack_doc, allow_unicode=True), encoding="utf-8")
    pack = load_pack(path)
    return next(f for f in audit(doc, pack, text_gate=False).findings if f.rule == "t.rule")


# -- section ------------------------------------------------------------------------------------

def test_section_passes_with_the_heading_as_evidence(tmp_path, docs):
    f = run(tmp_path, docs["xinglongtai-2024"], {"section": {"role": "problems"}})
    assert f.status == "pass"
    assert f.evidence[0].line == 62 and "存在问题" in f.evidence[0].quote


def test_section_fails_when_the_part_is_missing(tmp_path, docs):
    f = run(tmp_path, docs["qingshan-2021"], {"section": {"role": "problems"}})
    assert f.status == "fail" and "存在的问题" in f.message


def test_section_min_items_counts_inline_items(tmp_path, docs):
    # xinglongtai's problems part is one paragraph with 一是/二是/三是
    assert run(tmp_path, docs["xinglongtai-2024"], {"section": {"role": "problems", "min_items": 3}}).status == "pass"
    assert run(tmp_path, docs["xinglongtai-2024"], {"section": {"role": "problems", "min_items": 4}}).status == "partial"


# -- mention ------------------------------------------------------------------------------------

def test_mention_in_scope_passes_with_line_and_quote(tmp_path, docs):
    f = run(tmp_path, docs["xialu-2024"], {"mention": {"terms": ["述法"], "in": {"role": "measures"}}})
    assert f.status == "pass"
    ev = f.evidence[0]
    assert ev.line in (13, 15)
    line_text = (CORPUS / "xialu-2024.txt").read_text(encoding="utf-8").splitlines()[ev.line - 1]
    assert ev.quote in line_text
    assert ev.quote[ev.span[0]:ev.span[1]] == "述法"
    assert "一、2024年法治政府建设主要举措及成效" in ev.section


def test_mention_only_in_the_wrong_part_fails_with_a_near_miss(tmp_path, docs):
    # yuncheng mentions 述法 only in its plan
    f = run(tmp_path, docs["yuncheng-2024"], {"mention": {"terms": ["述法"], "in": {"role": "measures"}}})
    assert f.status == "fail"
    near = [e for e in f.evidence if e.kind == "near_miss"]
    assert near and near[0].line == 36


def test_mention_scope_missing_is_said_not_widened(tmp_path, docs):
    f = run(tmp_path, docs["qingshan-2021"], {"mention": {"terms": ["执法"], "in": {"role": "problems"}}})
    assert f.status == "fail"
    assert "没有" in f.message and "存在的问题" in f.message


def test_mention_inside_a_document_title_does_not_count(tmp_path, docs):
    # yingwu names the 第一责任人 规定 only as a title 《…》
    f = run(tmp_path, docs["yingwu-jiedao-2024"], {"mention": {"terms": ["第一责任人"]}})
    assert f.status == "fail"
    assert any("《" in e.note or "文件名" in e.note for e in f.evidence if e.kind == "near_miss")
    f2 = run(tmp_path, docs["yingwu-jiedao-2024"], {"mention": {"terms": ["第一责任人"], "in_title": True}})
    assert f2.status == "pass"


def test_negated_mention_does_not_count(tmp_path):
    doc = auditor.read_document(data="某区2024年法治政府建设情况报告\n一、主要举措及成效\n部分单位尚未开展述法。".encode(),
                                name="neg.txt")
    f = run(tmp_path, doc, {"mention": {"terms": ["述法"]}})
    assert f.status == "fail"
    assert f.evidence and f.evidence[0].kind == "near_miss"


def test_mention_min_count(tmp_path, docs):
    assert run(tmp_path, docs["xinglongtai-2024"], {"mention": {"terms": ["述法"], "min": 4}}).status == "pass"
    assert run(tmp_path, docs["xinglongtai-2024"], {"mention": {"terms": ["述法"], "min": 9}}).status == "fail"


def _doc(text):
    return auditor.read_document(data=text.encode("utf-8"), name="t.txt")


def test_mention_says_at_least_only_when_more_was_found(tmp_path):
    # decided on the last hit of the first word: whether more exists depends on later words,
    # which are looked up only for that
    doc = _doc("某区2024年法治政府建设情况报告\n一、主要举措\n开展述法。另有年终述职。\n")
    one_more = run(tmp_path, doc, {"mention": {"terms": ["述法", "述职"]}})
    assert one_more.status == "pass" and "至少 1 处" in one_more.message
    alone = run(tmp_path, doc, {"mention": {"terms": ["述法", "考核"]}})
    assert alone.status == "pass" and "找到 1 处" in alone.message and "至少" not in alone.message


def test_mention_counts_in_term_order_and_a_repeated_word_twice(tmp_path):
    doc = _doc("某区2024年法治政府建设情况报告\n一、主要举措\n开展述职。开展述法。\n")
    # the first-listed word is quoted even though the other comes first in the text
    f = run(tmp_path, doc, {"mention": {"terms": ["述法", "述职"]}})
    assert "述法" in f.evidence[0].quote and f.evidence[0].quote.startswith("开展述法")
    # a word listed twice counts each of its occurrences twice (min 2 met by one "述法")
    twice = run(tmp_path, doc, {"mention": {"terms": ["述法", "述法"], "min": 2}})
    assert twice.status == "pass"
    once = run(tmp_path, doc, {"mention": {"terms": ["述法"], "min": 2}})
    assert once.status == "fail"


def test_mention_near_misses_outside_the_scope_in_term_order(tmp_path):
    doc = _doc("某区2024年法治政府建设情况报告\n一、主要举措\n加强管理。\n二、存在的问题\n"
               "述职不够。述法不够。述法仍少。\n")
    f = run(tmp_path, doc, {"mention": {"in": {"role": "measures"}, "terms": ["述法", "述职"]}})
    assert f.status == "fail"
    near = [e for e in f.evidence if e.kind == "near_miss"]
    assert [e.quote for e in near] == ["述法不够。", "述法仍少。"]


# -- near ---------------------------------------------------------------------------------------

def test_near_within_sentence(tmp_path, docs):
    check = {"near": {"a": ["主要领导"], "b": ["第一责任人"], "within": "sentence"}}
    assert run(tmp_path, docs["qingshan-2021"], check).status == "pass"      # line 10
    assert run(tmp_path, docs["yuncheng-2024"], check).status == "fail"


def test_near_paragraph_is_wider_than_sentence(tmp_path, docs):
    a, b = ["主要负责人"], ["述法"]
    sentence = run(tmp_path, docs["xinglongtai-2024"], {"near": {"a": a, "b": b, "within": "sentence"}})
    paragraph = run(tmp_path, docs["xinglongtai-2024"], {"near": {"a": a, "b": b, "within": "paragraph"}})
    assert sentence.status == "fail" and paragraph.status == "pass"


def _text_doc(text: str):
    return auditor.read_document(data=text.encode("utf-8"), name="case.txt")


_STOCK_DOC = ("某县2024年法治政府建设情况报告\n一、主要举措\n全年审核文件18件。\n二、存在的不足\n"
              "执法程序不规范。究其原因，既有客观条件限制，也有主观努力不够的因素。\n")


def test_near_except_drops_matches_inside_a_set_phrase(tmp_path):
    check = {"near": {"a": ["究其"], "b": ["不够", "限制"], "within": "sentence"}}
    assert run(tmp_path, _text_doc(_STOCK_DOC), check).status == "pass"
    check["near"]["except"] = ["主观努力不够", {"re": "客观条件(限制|制约)"}]
    f = run(tmp_path, _text_doc(_STOCK_DOC), check)
    assert f.status == "fail"
    assert any(e.kind == "near_miss" and "套话" in e.note for e in f.evidence)
    # a b word outside the set phrases still pairs
    named = _STOCK_DOC.replace("的因素。", "的因素，执法人员培训不够。")
    assert run(tmp_path, _text_doc(named), check).status == "pass"


def test_near_after_pairs_only_what_follows_the_a_in_its_sentence(tmp_path):
    # b before the a, or in a later sentence, does not pair; b after it in its sentence does
    text = ("某县2024年法治政府建设情况报告\n一、主要举措\n全年审核文件18件。\n二、存在的不足\n"
            "执法人员不足。究其原因，{rest}\n三、下步工作安排\n加强培训。\n")
    check = {"near": {"a": ["究其"], "b": ["人员", "经费"], "within": "after"}}
    assert run(tmp_path, _text_doc(text.format(rest="主要是经费紧张。")), check).status == "pass"
    f = run(tmp_path, _text_doc(text.format(rest="主要是重视不够。今后加强人员培训。")), check)
    assert f.status == "fail" and "其后" in f.message
    # the sentence ends with a colon or a question right after the a: the next sentence says it
    asked = text.replace("究其原因，{rest}", "问题出在哪里？{rest}")
    check = {"near": {"a": [{"re": "出在哪里[？?]"}], "b": ["经费"], "within": "after"}}
    assert run(tmp_path, _text_doc(asked.format(rest="全年经费仅2万元。")), check).status == "pass"
    # a sentence that goes on after the a is not an announcement: the next one is not reached
    check = {"near": {"a": ["究其"], "b": ["经费"], "within": "after"}}
    assert run(tmp_path, _text_doc(text.format(rest="是多方面的。全年经费仅2万元。")), check).status == "fail"


def test_near_after_substance_pairs_an_explanation_whatever_it_names(tmp_path):
    # the a pairs when what follows it says enough (Chinese characters outside the except
    # phrases and the other a matches), whatever words it uses; stock phrases alone do not
    text = ("某县2024年法治政府建设情况报告\n一、主要举措\n全年审核文件18件。\n二、存在的不足\n"
            "群众咨询响应慢。{rest}\n三、下步工作安排\n加强培训。\n")
    check = {"near": {"a": [{"re": "原因(主要)?是"}, "究其原因"], "within": "after", "substance": 12,
                      "except": [{"re": "(主观|客观)(因素|原因)"}]}}
    said = "原因主要是全县只有一辆公务用车，去最远的村组要两个多小时。"
    f = run(tmp_path, _text_doc(text.format(rest=said)), check)
    assert f.status == "pass" and f.evidence[0].quote.startswith("原因主要是")
    gesture = "究其原因，既有主观因素，也有客观因素。"
    f = run(tmp_path, _text_doc(text.format(rest=gesture)), check)
    assert f.status == "fail" and any("其后没有" in e.note for e in f.evidence if e.kind == "near_miss")
    # other frames do not count as said: 究其原因 + 原因主要是 + eleven characters is too little
    stacked = "究其原因，原因主要是全县公务用车只有一辆。"
    assert run(tmp_path, _text_doc(text.format(rest=stacked)), check).status == "fail"
    assert run(tmp_path, _text_doc(text.format(rest=stacked.replace("一辆", "一辆且常年外借"))),
               check).status == "pass"


def test_near_after_a_is_not_negated_by_what_it_announces(tmp_path):
    # "原因主要是区级尚未建立……": the 尚未 after the frame is the explanation, not a negation of
    # the frame; a negation before the frame still negates it
    text = ("某县2024年法治政府建设情况报告\n一、主要举措\n全年审核文件18件。\n二、存在的不足\n"
            "涉企检查重复。{rest}\n三、下步工作安排\n加强培训。\n")
    check = {"near": {"a": ["原因主要是"], "b": ["平台"], "within": "after"}}
    assert run(tmp_path, _text_doc(text.format(rest="原因主要是区级尚未建立统一的检查计划平台。")),
               check).status == "pass"
    f = run(tmp_path, _text_doc(text.format(rest="没有说原因主要是什么平台。")), check)
    assert f.status == "fail" and any("否定" in e.note for e in f.evidence if e.kind == "near_miss")
    # within: sentence keeps looking both ways
    check["near"]["within"] = "sentence"
    assert run(tmp_path, _text_doc(text.format(rest="原因主要是区级尚未建立统一的检查计划平台。")),
               check).status == "fail"


def test_near_substance_needs_within_after(tmp_path):
    check = {"near": {"a": ["究其原因"], "substance": 12}}
    with pytest.raises(Exception, match="substance"):
        run(tmp_path, _text_doc(_STOCK_DOC), check)


def test_mention_except_drops_a_promise(tmp_path):
    doc = _text_doc("某县2024年法治政府建设情况报告\n一、主要举措\n全年审核文件18件。\n二、存在的不足\n"
                    "执法程序不规范。对问题背后的深层次原因，我们将在下一步认真分析。\n")
    check = {"mention": {"terms": ["深层次原因"]}}
    assert run(tmp_path, doc, check).status == "pass"
    check["mention"]["except"] = [{"re": "对[^。]{0,16}原因[^。]{0,16}将[^。]{0,12}分析"}]
    f = run(tmp_path, doc, check)
    assert f.status == "fail" and any("套话" in e.note for e in f.evidence if e.kind == "near_miss")


# -- metric -------------------------------------------------------------------------------------

def test_metric_extracts_the_value(tmp_path, docs):
    f = run(tmp_path, docs["xialu-2024"], {"metric": {"label": ["出庭应诉率"], "unit": "percent", "name": "出庭应诉率"}})
    assert f.status == "pass" and f.values["value"] == 100 and f.values["unit"] == "%"
    assert f.evidence[0].line == 14


def test_metric_count_and_threshold(tmp_path, docs):
    f = run(tmp_path, docs["qingshan-2021"], {"metric": {"label": ["行政复议案件"], "unit": "count"}})
    assert f.status == "pass" and f.values["value"] == 96 and f.values["unit"] == "件"
    low = run(tmp_path, docs["qingshan-2021"],
              {"metric": {"label": ["出庭应诉率"], "unit": "percent", "min": 95}})
    assert low.status == "fail" and low.values["value"] == 90


def test_metric_missing_fails(tmp_path, docs):
    assert run(tmp_path, docs["yingwu-jiedao-2024"],
               {"metric": {"label": ["出庭应诉率"], "unit": "percent"}}).status == "fail"


# -- metadata -----------------------------------------------------------------------------------

DEADLINE = {"metadata": {"field": "published", "min_confidence": "high",
                         "deadline": {"month": 3, "day": 31, "year_offset": 1}}}


def test_metadata_deadline_pass_and_not_evaluated(tmp_path, docs):
    assert run(tmp_path, docs["xialu-2024"], DEADLINE).status == "pass"
    # no date at all: never a pass
    assert run(tmp_path, docs["xinglongtai-2024"], DEADLINE).status == "not_evaluated"
    # only a garbled 落款 date: not a publication date
    assert run(tmp_path, docs["yingwu-jiedao-2024"], DEADLINE).status == "not_evaluated"


def test_metadata_deadline_fail_when_late(tmp_path):
    doc = auditor.read_document(data="发布日期: 2025-04-02\n某区2024年法治政府建设情况报告\n2024年，我区深入推进法治政府建设。".encode(),
                                name="late.txt")
    assert run(tmp_path, doc, DEADLINE).status == "fail"


def test_metadata_matches(tmp_path, docs):
    assert run(tmp_path, docs["yuncheng-2024"], {"metadata": {"field": "title", "matches": "年度报告"}}).status == "pass"
    assert run(tmp_path, docs["xialu-2024"], {"metadata": {"field": "title", "matches": "年度报告"}}).status == "fail"


# -- absent ---------------------------------------------------------------------------------------

def test_absent_reports_every_occurrence(tmp_path, docs):
    f = run(tmp_path, docs["yingwu-jiedao-2024"], {"absent": {"terms": ["环球国际"]}})
    assert f.status == "fail"
    assert sorted({e.line for e in f.evidence}) == [1, 39, 41]


def test_absent_with_context(tmp_path, docs):
    check = {"absent": {"terms": [{"re": "纲要（2015-2020年）"}], "context": "按照|依据"}}
    assert run(tmp_path, docs["qingshan-2021"], check).status == "fail"
    assert run(tmp_path, docs["xialu-2024"], check).status == "pass"


# -- order, share ----------------------------------------------------------------------------------

def test_order(tmp_path, docs):
    check = {"order": {"roles": ["measures", "problems", "next_year"]}}
    assert run(tmp_path, docs["yuncheng-2024"], check).status == "pass"
    assert run(tmp_path, docs["qingshan-2021"], check).status == "not_evaluated"
    assert run(tmp_path, docs["yuncheng-2024"], {"order": {"roles": ["next_year", "measures"]}}).status == "fail"


def test_section_min_share(tmp_path, docs):
    # xialu's problems part is a quarter of the report, xinglongtai's 3.6%
    share = {"role": "problems", "min_share": 0.05}
    f = run(tmp_path, docs["xialu-2024"], {"section": share})
    assert f.status == "pass" and f.values["share"] > 0.2 and f.values["items"] == 8
    f = run(tmp_path, docs["xinglongtai-2024"], {"section": share})
    assert f.status == "partial" and "占全文 3.6%" in f.message and f.values["chars"] == 185
    assert run(tmp_path, docs["xinglongtai-2024"], {"section": {**share, "if_short": "fail"}}).status == "fail"


def test_section_if_missing(tmp_path, docs):
    # qingshan-2021 stops before its problems part
    assert run(tmp_path, docs["qingshan-2021"], {"section": {"role": "problems"}}).status == "fail"
    f = run(tmp_path, docs["qingshan-2021"], {"section": {"role": "problems", "min_share": 0.01,
                                                          "if_missing": "not_evaluated"}})
    assert f.status == "not_evaluated" and "存在的问题" in f.message


# -- last_line ---------------------------------------------------------------------------------------

ENDS = {"ends": "[。！？]\\s*$", "skip": "^附件[:：]?$"}
HEAD = "某区2024年法治政府建设情况报告\n一、主要举措及成效\n全年审核规范性文件30件。\n二、下步工作安排\n"


def _text(text: str):
    return auditor.read_document(data=text.encode("utf-8"), name="t.txt")


def test_last_line_passes_when_the_text_ends_a_sentence(tmp_path):
    f = run(tmp_path, _text(HEAD + "加强执法培训，提升执法水平。\n附件：\n"), {"last_line": ENDS})
    assert f.status == "pass" and f.evidence[0].line == 5     # the 附件 line is passed over
    assert f.evidence[0].quote == "加强执法培训，提升执法水平。"


def test_last_line_fails_mid_sentence_with_the_end_quoted(tmp_path):
    f = run(tmp_path, _text(HEAD + "加强执法培训，提升执法\n"), {"last_line": ENDS})
    assert f.status == "fail" and f.message == "正文在第 5 行句子中间结束，可能被截断"
    assert f.evidence[0].quote.endswith("提升执法")


def test_last_line_a_short_heading_may_end_the_text(tmp_path):
    doc = _text(HEAD)                   # stops at the heading 二、下步工作安排 (8 characters)
    assert run(tmp_path, doc, {"last_line": ENDS}).status == "fail"
    assert run(tmp_path, doc, {"last_line": {**ENDS, "or_heading_chars": 8}}).status == "pass"
    assert run(tmp_path, doc, {"last_line": {**ENDS, "or_heading_chars": 7}}).status == "fail"


def test_last_line_with_every_line_skipped_has_no_body(tmp_path):
    f = run(tmp_path, _text("附件\n附件：\n"), {"last_line": ENDS})
    assert f.status == "fail" and f.message == "报告没有正文"


# -- combinators, partial_when, on_fail --------------------------------------------------------------

def test_all_any_not(tmp_path, docs):
    doc = docs["yuncheng-2024"]
    yes, no = {"mention": {"terms": ["述法"]}}, {"mention": {"terms": ["不存在的词语"]}}
    assert run(tmp_path, doc, {"all": [yes, no]}).status == "fail"
    assert run(tmp_path, doc, {"any": [yes, no]}).status == "pass"
    assert run(tmp_path, doc, {"not": no}).status == "pass"


def test_any_stops_at_the_first_alternative_that_passes(tmp_path, docs, monkeypatch):
    from auditor import evaluate
    from auditor.checks.base import Context

    doc = docs["yuncheng-2024"]
    yes = {"mention": {"terms": ["述法"]}}
    later = {"mention": {"terms": ["只在第二项中查找的词"]}}
    looked: list[str] = []
    real = Context.hits
    monkeypatch.setattr(Context, "hits", lambda self, term: looked.append(term.text) or real(self, term))
    f = run(tmp_path, doc, {"any": [yes, later]})
    assert f.status == "pass" and "述法" in f.evidence[0].quote
    assert "只在第二项中查找的词" not in looked
    # the answer is the one evaluating every alternative would give: the first that passes
    g = run(tmp_path, doc, {"any": [{"mention": {"terms": ["不存在的词语"]}}, yes, later]})
    assert g.status == "pass" and g.message == f.message and g.evidence == f.evidence
    # explain still walks every alternative
    pack = load_pack(tmp_path / "pack.yaml")
    _, trace, _ = evaluate.explain(doc, pack, "t.rule")
    assert any("只在第二项中查找的词" in line for line in trace)


def test_partial_when_and_on_fail(tmp_path, docs):
    doc = docs["yuncheng-2024"]
    f = run(tmp_path, doc, {"mention": {"terms": ["述法"], "in": {"role": "measures"}}},
            partial_when={"mention": {"terms": ["述法"]}})
    assert f.status == "partial"
    g = run(tmp_path, doc, {"section": {"heading": "其他需要报告"}}, on_fail="not_applicable")
    assert g.status == "not_applicable"


# -- safety ------------------------------------------------------------------------------------------

def test_catastrophic_regex_becomes_an_error_finding_in_bounded_time(tmp_path):
    doc = auditor.read_document(data=("某区2024年法治政府建设情况报告\n" + "a" * 50_000 + "!").encode(),
                                name="aaa.txt")
    start = time.perf_counter()
    f = run(tmp_path, doc, {"mention": {"terms": [{"re": "(a+)+$"}]}})
    assert time.perf_counter() - start < 5
    assert f.status == "error" and "超过" in f.message


def test_a_bounded_looking_regex_still_runs_under_the_time_bound(tmp_path):
    # issue 18: no repetition without a bound, yet 41 × 41 ways to try at every one of a
    # million positions; it was once judged cheap, run with `re` and no bound (45 s on 9 MB)
    doc = auditor.read_document(data=("某区2024年法治政府建设情况报告\n" + "测" * 1_000_000).encode(),
                                name="big.txt")
    start = time.perf_counter()
    f = run(tmp_path, doc, {"mention": {"terms": [{"re": "测[^。]{0,40}[^。]{0,40}[a-z]"}]}})
    assert time.perf_counter() - start < 5
    assert f.status == "error" and "超过" in f.message


def test_a_last_line_pattern_runs_under_the_time_bound(tmp_path):
    doc = auditor.read_document(data=("某区2024年法治政府建设情况报告\n一、主要举措\n" + "x" * 5000 + "!").encode(),
                                name="end.txt")
    start = time.perf_counter()
    f = run(tmp_path, doc, {"last_line": {"ends": "(x+)+$"}})
    assert time.perf_counter() - start < 5
    assert f.status == "error" and "超时" in f.message


def test_no_private_interpreter_internals_in_the_package():
    names = ("_sre", "re._parser", "re._compiler", "re._constants", "sre_parse", "sre_compile",
             "sre_constants", "from re import _")
    root = Path(auditor.__file__).parent
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for name in names:
            assert name not in text, f"{path.relative_to(root)}: {name}"


def test_a_broken_rule_does_not_stop_the_others(tmp_path, docs):
    pack_doc = {"name": "t", "version": "1", "rules": [
        {"id": "t.slow", "title": "坏规则", "severity": "error", "check": {"mention": {"terms": [{"re": "(.*)*$x"}]}}},
        {"id": "t.good", "title": "好规则", "severity": "error", "check": {"mention": {"terms": ["述法"]}}}]}
    path = tmp_path / "p.yaml"
    path.write_text(json.dumps(pack_doc, ensure_ascii=False), encoding="utf-8")
    res = audit(docs["xialu-2024"], load_pack(path))
    st = {f.rule: f.status for f in res.findings}
    assert st["t.good"] == "pass"
    assert st["t.slow"] in ("error", "fail")


def test_explain_traces_scope_and_rejections(docs):
    pack = load_pack()
    finding, trace, _ = explain(docs["yuncheng-2024"], pack, "element.shufa")
    text = "\n".join(trace)
    assert finding.status == "partial"
    assert "范围" in text and "述法" in text


@pytest.mark.parametrize("key", ["profiles", "levels"])  # levels: the old name, still read
def test_profile_makes_rules_not_applicable(tmp_path, docs, key):
    f = run(tmp_path, docs["yingwu-jiedao-2024"], {"mention": {"terms": ["述法"]}},
            applies_to={key: ["government"]})
    assert f.status == "not_applicable" and "乡镇" in f.message


def test_text_that_could_not_be_extracted_is_never_a_pass():
    doc = auditor.read_document(data=b"2024 report\n1. abc\n2. def", name="latin.txt")
    res = audit(doc, load_pack())
    assert {f.status for f in res.findings} == {"not_evaluated"}
