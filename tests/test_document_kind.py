"""meta.document-kind judges what a document does, not only the words in its title.

The cases of tests/accuracy/cases/documents-kinds-2.yaml are documents a careful reader tells
apart from the annual report (答复函, 解读, 通知, 通报, 新闻稿, 纪要, 整改, one leader's 述法, 工作要点,
a 五年 summary, a 上半年 report, another field's 年报…) and real reports with odd titles or
openings; those of documents-kinds-3.yaml are documents ABOUT annual reports ("关于 X 报告的审议意见",
"X 报告审阅情况的报告", "《X 报告》起草说明"…: the report is the object of the title, not the
document) and real reports titled "关于……的报告". Each non-report names in ``kind`` a word its finding must contain: the finding says what
the document looks like. The accuracy tool measures the statuses; this test also holds the reason.
"""

from __future__ import annotations

import pytest

from auditor import load_pack
from auditor.evaluate import audit
from auditor.pipeline import read_document
from auditor.tools import accuracy

RULE = "meta.document-kind"
SETS = ("documents-kinds-2.yaml", "documents-kinds-3.yaml")
CASES = [c for c in accuracy.load_cases() if c["_file"] in SETS]


@pytest.fixture(scope="module")
def pack():
    return load_pack()


def _finding(pack, case):
    doc = read_document(data=accuracy.case_text(case).encode("utf-8"), name=f"{case['id']}.txt")
    result = audit(doc, pack)
    return {f.rule: f for f in result.findings}, result


@pytest.mark.parametrize("name,min_not,min_rep", [(SETS[0], 15, 10), (SETS[1], 7, 5)])
def test_the_set_has_the_kinds_the_task_asks_for(name, min_not, min_rep):
    cases = [c for c in CASES if c["_file"] == name]
    not_reports = [c for c in cases if c["expect"][RULE] == "fail"]
    reports = [c for c in cases if c["expect"][RULE] == "pass"]
    assert len(not_reports) >= min_not and len(reports) >= min_rep
    assert all(c.get("kind") for c in not_reports)
    assert all(c.get("document") for c in cases)


@pytest.mark.parametrize("case", [c for c in CASES if c["expect"][RULE] == "fail"], ids=lambda c: c["id"])
def test_a_non_report_gets_one_finding_that_says_what_it_is(pack, case):
    found, result = _finding(pack, case)
    f = found[RULE]
    assert f.status == "fail", f.message
    assert case["kind"] in f.message and "不是法治政府建设年度报告" in f.message, f.message
    assert f.evidence, "the finding carries evidence"
    # the audit stops at the gate: no other rule reports a gap
    assert [g.rule for g in result.findings if g.rule != RULE and g.status in ("fail", "partial")] == []


@pytest.mark.parametrize("case", [c for c in CASES if c["expect"][RULE] == "pass"], ids=lambda c: c["id"])
def test_a_report_with_an_odd_title_or_opening_passes(pack, case):
    found, _ = _finding(pack, case)
    assert found[RULE].status == "pass", found[RULE].message


def test_a_deputy_reply_is_told_by_its_salutation_not_a_meeting_address(pack):
    """"王××代表：" opens a reply to one deputy; "各位委员：" opens a report read to the 人大常委会."""
    body = ("2024年，区政府评查行政执法案卷300卷，纠正问题41个。\n一、主要举措和成效\n全年审核规范性文件12件。\n"
            "二、存在的不足\n基层执法力量薄弱。\n三、2025年工作安排\n开展执法人员轮训。\n")
    reply = read_document(data=("关于区人大代表第31号建议的办理情况\n吴××代表：\n" + body).encode("utf-8"),
                          name="reply.txt")
    report = read_document(data=("某区2024年法治政府建设情况报告\n主任、各位副主任、秘书长、各位委员：\n" + body)
                           .encode("utf-8"), name="report.txt")
    r1 = {f.rule: f for f in audit(reply, pack).findings}[RULE]
    r2 = {f.rule: f for f in audit(report, pack).findings}[RULE]
    assert r1.status == "fail" and "答复函" in r1.message and "吴××代表：" in r1.message
    assert r2.status == "pass", r2.message


@pytest.mark.parametrize("title,opening", [
    ("市依法治市办第二督察组关于青禾县2024年度法治政府建设督察的反馈意见", "现将督察发现的问题反馈如下："),
    ("关于对市交通运输局法治政府建设年度考核情况的反馈意见", "现将考核情况反馈如下："),
    ("某区2024年法治政府建设情况报告", "现将督察情况反馈如下："),
])
def test_an_inspection_teams_feedback_is_not_the_inspected_bodys_report(pack, title, opening):
    """A 督察组 or 考核组 feeds back what it found to the body it inspected: by its title
    ("……的反馈意见") or by its opening ("现将督察情况反馈如下"), whatever the title says."""
    body = (f"{title}\n青禾县人民政府：\n督察组于2024年9月进驻，查阅台账、抽查案卷。{opening}\n"
            "一、总体评价。县长主持研究法治政府建设工作。\n二、存在的问题。执法案卷质量不高。\n"
            "三、整改要求。请于30日内报送整改方案。\n")
    found = {f.rule: f for f in audit(read_document(data=body.encode("utf-8"), name="fb.txt"), pack).findings}
    assert found[RULE].status == "fail" and "反馈意见" in found[RULE].message, found[RULE].message


def test_a_report_that_rectified_an_inspection_feedback_is_a_report(pack):
    body = ("某区2024年法治政府建设情况报告\n2024年，某区推进法治政府建设。现将有关情况报告如下：\n"
            "一、主要举措和成效\n对市督察组反馈意见指出的问题逐项整改，补正执法案卷9卷。\n"
            "二、存在的不足\n基层执法力量薄弱。\n三、2025年工作安排\n开展执法人员轮训。\n")
    found = {f.rule: f for f in audit(read_document(data=body.encode("utf-8"), name="r.txt"), pack).findings}
    assert found[RULE].status == "pass", found[RULE].message
