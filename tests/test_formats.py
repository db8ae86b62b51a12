"""Every output format of `auditor check`, on the corpus: shape, validity, readability."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from conftest import CORPUS, ROOT, run_cli

RESULT_SCHEMA = ROOT / "auditor" / "schemas" / "result.schema.json"
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
REPORTS = sorted(p.name for p in CORPUS.glob("*.txt"))


@pytest.fixture(scope="module")
def pack():
    from auditor import load_pack

    return load_pack()


@pytest.fixture(scope="module")
def rule_ids(pack):
    return [r.id for r in pack.rules]


@pytest.fixture(scope="module")
def corpus_json():
    code, out, err = run_cli("check", "corpus", "--format", "json", timeout=120)
    assert code == 1, err
    return json.loads(out)


def _statuses(report: dict) -> dict[str, str]:
    return {f["rule"]: f["status"] for f in report["findings"]}


# -- json -----------------------------------------------------------------------------------------

def test_json_validates_against_shipped_schema(corpus_json):
    schema = json.loads(RESULT_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(corpus_json))
    assert errors == []


def test_json_lists_every_rule_that_ran_and_one_finding_each(corpus_json, rule_ids):
    assert [r["id"] for r in corpus_json["rules"]] == rule_ids
    assert [Path(r["source"]).name for r in corpus_json["reports"]] == REPORTS
    for report in corpus_json["reports"]:
        assert [f["rule"] for f in report["findings"]] == rule_ids


def test_json_carries_verdicts_read_from_the_reports(corpus_json):
    by_name = {Path(r["source"]).name: r for r in corpus_json["reports"]}
    # qingshan-2021 has only 一、学习贯彻… and 二、推进法治政府建设情况: no 存在问题, no 下一年度安排
    assert _statuses(by_name["qingshan-2021.txt"])["element.problems"] == "fail"
    assert _statuses(by_name["qingshan-2021.txt"])["element.next-year"] == "fail"
    # yuncheng-2024 mentions 述法 only in 三、下一步工作计划
    assert _statuses(by_name["yuncheng-2024.txt"])["element.shufa"] == "partial"
    assert by_name["yuncheng-2024.txt"]["identity"] == "云城区|2024"


def test_json_is_byte_identical_between_runs():
    a = run_cli("check", "corpus/xialu-2024.txt", "--format", "json")[1]
    b = run_cli("check", "corpus/xialu-2024.txt", "--format", "json")[1]
    assert a == b and "generated_at" not in json.loads(a)


def test_json_timestamp_only_on_request():
    out = json.loads(run_cli("check", "corpus/xialu-2024.txt", "--format", "json", "--timestamp")[1])
    assert re.match(r"\d{4}-\d\d-\d\dT", out["generated_at"])


def test_json_parallel_batch_equals_serial():
    serial = run_cli("check", "corpus", "--format", "json", "--jobs", "1", timeout=120)[1]
    parallel = run_cli("check", "corpus", "--format", "json", "--jobs", "3", timeout=120)[1]
    assert serial == parallel


# -- sarif ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_sarif():
    code, out, err = run_cli("check", "corpus", "--format", "sarif", timeout=120)
    assert code == 1, err
    return json.loads(out)


def test_sarif_validates_against_2_1_0_schema(corpus_sarif):
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    assert list(validator.iter_errors(corpus_sarif)) == []
    assert corpus_sarif["version"] == "2.1.0"


def test_sarif_driver_rules_carry_rule_metadata(corpus_sarif, pack):
    rules = corpus_sarif["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in pack.rules]
    shufa = next(r for r in rules if r["id"] == "element.shufa")
    rule = pack.rule("element.shufa")
    assert shufa["shortDescription"]["text"] == rule.title
    assert shufa["fullDescription"]["text"] == rule.rationale
    assert rule.basis in shufa["help"]["text"]
    assert shufa["properties"]["severity"] == rule.severity


def test_sarif_results_only_for_non_pass_findings_located_at_the_evidence_line(corpus_sarif):
    results = corpus_sarif["runs"][0]["results"]
    yun = [r for r in results
           if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
           == "corpus/yuncheng-2024.txt"]
    shufa = next(r for r in yun if r["ruleId"] == "element.shufa")
    # the only 述法 in yuncheng-2024 is on line 36 (三、下一步工作计划 > （二）)
    assert shufa["locations"][0]["physicalLocation"]["region"]["startLine"] == 36
    assert shufa["level"] == "error"
    assert all(r["properties"]["status"] not in ("pass", "not_applicable") for r in results)


def test_sarif_fingerprints_ignore_line_shifts(tmp_path):
    text = (CORPUS / "yuncheng-2024.txt").read_text(encoding="utf-8")
    shifted = tmp_path / "yuncheng-2024.txt"
    shifted.write_text("\n\n\n" + text, encoding="utf-8")
    a = json.loads(run_cli("check", "corpus/yuncheng-2024.txt", "--format", "sarif")[1])
    b = json.loads(run_cli("check", str(shifted), "--format", "sarif")[1])

    def prints(doc):
        return {r["ruleId"]: (r["partialFingerprints"]["auditorFinding/v1"],
                              r["locations"][0]["physicalLocation"]["region"]["startLine"])
                for r in doc["runs"][0]["results"]}

    pa, pb = prints(a), prints(b)
    assert pa["element.shufa"][0] == pb["element.shufa"][0]
    assert pb["element.shufa"][1] == pa["element.shufa"][1] + 3


# -- junit ----------------------------------------------------------------------------------------

def test_junit_has_one_testcase_per_rule_per_report(rule_ids):
    code, out, _ = run_cli("check", "corpus", "--format", "junit", timeout=120)
    root = ET.fromstring(out.encode("utf-8"))
    suites = root.findall("testsuite")
    assert len(suites) == len(REPORTS)
    assert len(root.findall("./testsuite/testcase")) == len(rule_ids) * len(REPORTS)
    assert int(root.get("tests")) == len(rule_ids) * len(REPORTS)
    qingshan = next(s for s in suites if s.get("name").endswith("qingshan-2021.txt"))
    case = next(c for c in qingshan.findall("testcase") if c.get("name").startswith("element.problems "))
    assert case.find("failure") is not None
    other = next(c for c in qingshan.findall("testcase") if c.get("name").startswith("element.other "))
    assert other.find("skipped") is not None   # not_applicable


# -- csv / xlsx -----------------------------------------------------------------------------------

def test_csv_has_bom_and_one_row_per_report_and_rule(rule_ids, tmp_path):
    target = tmp_path / "gaps.csv"
    code, _, err = run_cli("check", "corpus", "--format", "csv", "--output", str(target), timeout=120)
    assert code == 1, err
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert len(body) == len(rule_ids) * len(REPORTS)
    row = next(r for r in body if r[0].endswith("yuncheng-2024.txt") and r[3] == "element.shufa")
    assert row[header.index("结果")] == "不充分" and row[header.index("status")] == "partial"
    assert row[header.index("行号")] == "36"


def test_xlsx_reads_back_with_matrix_findings_and_figures(rule_ids, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "review.xlsx"
    code, _, err = run_cli("check", "corpus", "--format", "xlsx", "--output", str(target), timeout=120)
    assert code == 1, err
    wb = load_workbook(target)
    assert wb.sheetnames == ["矩阵", "发现", "数据"]
    matrix = wb["矩阵"]
    from auditor import load_pack

    shorts = [r.short for r in load_pack().rules]
    header = [c.value for c in matrix[1]]
    assert header[2:2 + len(rule_ids)] == shorts            # short Chinese names a reviewer reads
    assert "述法" in header and "不足的原因" in header and all(len(h) <= 10 for h in shorts)
    ids = [c.value for c in matrix[2]]
    assert ids[2:2 + len(rule_ids)] == rule_ids             # the ids on the second row
    col = ids.index("element.problems") + 1
    assert "element.problems" in matrix.cell(1, col).comment.text
    qingshan_row = next(r for r in range(3, matrix.max_row + 1)
                        if str(matrix.cell(r, 2).value).endswith("qingshan-2021.txt"))
    cell = matrix.cell(qingshan_row, col)
    assert "缺失" in cell.value
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert wb["发现"].max_row == 1 + len(rule_ids) * len(REPORTS)
    figures = wb["数据"]
    assert any("出庭应诉率" in str(c.value) for c in figures[1])


# -- matrix / table / markdown --------------------------------------------------------------------

def test_matrix_shows_symbols_pass_rates_scores_and_figures():
    code, out, _ = run_cli("check", "corpus", "--format", "matrix", timeout=120)
    assert code == 1
    lines = out.splitlines()
    rate = next(line for line in lines if line.strip().startswith("通过率"))
    assert "%" in rate
    yun = next(line for line in lines if line.strip().startswith("云城区 2024"))
    assert "✔" in yun and "△" in yun and re.search(r"\d+%\s*$", yun)
    assert "提取的数据：" in out and "行政机关负责人出庭应诉率" in out


def test_table_summary_line_counts_every_status(pack):
    code, out, _ = run_cli("check", "corpus/qingshan-2021.txt")
    line = next(x for x in out.splitlines() if x.startswith(f"{len(pack.rules)} 条规则："))
    assert re.fullmatch(r"\d+ 条规则：\d+ 符合(，\d+ (缺失|不符合|不充分|已豁免|不适用|未评估|规则出错))+", line)
    assert "1 不符合" in line  # content.outdated-reference: forbidden text present, not missing
    numbers = [int(n) for n in re.findall(r"(\d+) ", line.split("：", 1)[1] + " ")]
    assert sum(numbers) == len(pack.rules)


def test_table_columns_align_for_cjk_text():
    from wcwidth import wcswidth

    code, out, _ = run_cli("check", "corpus/yuncheng-2024.txt")
    starts = set()
    for line in out.splitlines():
        m = re.search(r"[✔✘△–?!⊘] (符合|缺失|不充分|不适用|未评估|规则出错|已豁免)", line)
        if m and re.match(r"[a-z]+\.", line):
            starts.add(wcswidth(line[:m.start()]))
    assert len(starts) == 1


def test_table_shows_fix_for_gaps_and_no_colour_when_piped():
    code, out, _ = run_cli("check", "corpus/qingshan-2021.txt")
    assert "整改：" in out and "\x1b[" not in out


def test_colour_only_on_tty_and_never_with_no_color(monkeypatch):
    import argparse

    from auditor import cli_check

    args = argparse.Namespace(no_color=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli_check._use_color(args, True) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli_check._use_color(args, True) is False
    monkeypatch.delenv("NO_COLOR")
    assert cli_check._use_color(argparse.Namespace(no_color=True), True) is False


def test_markdown_has_a_pipe_table_per_report():
    code, out, _ = run_cli("check", "corpus/xialu-2024.txt", "corpus/yuncheng-2024.txt",
                           "--format", "markdown")
    assert out.count("| 规则 | 要求 | 级别 | 结果 | 位置 | 证据 | 整改建议 |") == 2
    assert "## corpus/yuncheng-2024.txt" in out


def test_unknown_format_is_a_usage_error():
    code, _, err = run_cli("check", "corpus/xialu-2024.txt", "--format", "pdf")
    assert code == 2 and "用法错误" in err


# -- output files ---------------------------------------------------------------------------------

def test_output_file_is_written_without_leftovers(tmp_path):
    target = tmp_path / "out" / "r.json"
    code, out, _ = run_cli("check", "corpus/xialu-2024.txt", "--format", "json", "--output", str(target))
    assert out == "" and json.loads(target.read_text(encoding="utf-8"))["reports"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["r.json"]


def test_output_never_overwrites_an_input(tmp_path):
    report = tmp_path / "r.txt"
    report.write_bytes((CORPUS / "xialu-2024.txt").read_bytes())
    before = report.read_bytes()
    code, _, err = run_cli("check", str(report), "--output", str(report))
    assert code == 2 and "输入" in err
    assert report.read_bytes() == before


def test_output_dir_writes_one_file_per_report_named_after_it(tmp_path):
    code, _, err = run_cli("check", "corpus", "--format", "markdown", "--output", str(tmp_path) + "/",
                           timeout=120)
    assert code == 1, err
    assert sorted(p.name for p in tmp_path.iterdir()) == [n.replace(".txt", ".md") for n in REPORTS]


def test_output_dir_refuses_the_input_folder(tmp_path):
    before = sorted(p.name for p in CORPUS.iterdir())
    code, _, err = run_cli("check", "corpus", "--format", "json", "--output", "corpus/")
    assert code == 2
    assert sorted(p.name for p in CORPUS.iterdir()) == before


def test_report_text_that_looks_like_a_formula_is_inert_in_csv_and_xlsx(tmp_path):
    """A defaced page quoting "=HYPERLINK(…)" must not become a live formula for the reviewer."""
    import io

    from openpyxl import load_workbook

    from auditor.batch import audit_one
    from auditor.formats import Options, render
    from auditor.pack import load_pack

    text = ("某区2024年法治政府建设情况报告\n"
            "=HYPERLINK(\"http://example.invalid\",\"点击\") 环球国际\n"
            "一、主要举措及成效\n全年审核规范性文件30件，办理行政复议案件45件。严格落实党政主要负责人履行"
            "法治建设第一责任人职责，将法治建设纳入全区发展总体规划，出台年度全面依法治区工作要点、"
            "法治政府建设工作要点，明确法治建设的路径图与任务书。\n")
    pack = load_pack()
    result = audit_one("formula.txt", pack, data=text.encode("utf-8"))
    assert any(f.rule == "content.foreign-text" and f.status == "fail" for f in result.findings)
    csv_text = render("csv", [result], pack, Options())
    assert ",=HYPERLINK" not in csv_text and "\"=HYPERLINK" not in csv_text
    assert "'=HYPERLINK" in csv_text
    wb = load_workbook(io.BytesIO(render("xlsx", [result], pack, Options())))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


def test_a_forbidden_text_finding_is_labelled_not_conforming_not_missing():
    code, out, _ = run_cli("check", "corpus/qingshan-2021.txt", "--format", "markdown")
    row = next(x for x in out.splitlines() if x.startswith("| `content.outdated-reference`"))
    assert "✘ 不符合" in row and "缺失" not in row
    missing = next(x for x in out.splitlines() if x.startswith("| `element.causes`"))
    assert "✘ 缺失" in missing


def test_signature_fix_names_the_reports_own_issuer():
    _, out, _ = run_cli("check", "corpus/xinglongtai-2024.txt", "--format", "json", "--fail-on", "never")
    finding = next(f for f in json.loads(out)["reports"][0]["findings"] if f["rule"] == "meta.signature")
    assert finding["status"] == "fail"
    assert "兴隆台区" in finding["fix"] and "2025年" in finding["fix"]
    assert "云城区" not in finding["fix"] and "{" not in finding["fix"]
    _, shown, _ = run_cli("rules", "show", "meta.signature")
    assert "{issuer}" not in shown and "云城区人民政府 2025" not in shown


def test_table_in_a_pipe_cuts_neither_requirement_nor_fix():
    from auditor import load_pack

    rules = {r.id: r for r in load_pack().all_rules}
    _, out, _ = run_cli("check", "corpus/yuncheng-2024.txt", "--fail-on", "never")   # stdout is a pipe
    assert rules["element.shufa"].title in out                  # 30 characters, not 11 and "…"
    assert f"整改：{rules['element.causes'].fix}" in " ".join(out.split())


def test_score_weighs_rules_by_severity():
    from auditor.compare import matrix_data
    from auditor.model import Finding, ReportResult

    class Pack:
        rules = []

    f = lambda rule, status, sev: Finding(rule=rule, title=rule, severity=sev,  # noqa: E731
                                          status=status, message="m", basis="b")
    # a statutory element met (error, weight 3), an info-level metric missing (weight 1),
    # a warning not applicable (not counted): 3 / (3 + 1), where an unweighted share says 1 / 2
    result = ReportResult("a.txt", "0", None, None, "", (f("element.x", "pass", "error"),
                                                         f("metric.y", "fail", "info"),
                                                         f("topic.z", "not_applicable", "warning")))
    assert matrix_data([result], Pack)["reports"][0]["score"] == 0.75
    code, out, _ = run_cli("check", "corpus", "--format", "matrix", timeout=120)
    assert "得分 = 符合的规则按级别加权之和 ÷ 适用规则的权重之和（错误 3、警告 2、提示 1" in out
