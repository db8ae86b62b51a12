"""JUnit XML: a testsuite per report, a testcase per rule (passes included).

fail/partial/error findings are failures, waived and not_applicable are skipped, not_evaluated
is skipped with its reason; an unreadable report is a testsuite with one errored testcase.
"""

from __future__ import annotations

from typing import Sequence
from xml.etree import ElementTree as ET

from ..model import SEVERITY_ZH, ReportResult, status_zh
from ..safetext import xml_text
from . import Options, first_evidence, in_baseline


def _clean(text: str) -> str:
    """XML 1.0 cannot hold most control characters, U+FFFE or U+FFFF: shown escaped."""
    return xml_text(text or "")


def render(results: Sequence[ReportResult], pack, options: Options) -> str:
    root = ET.Element("testsuites", name="auditor")
    total = failures = errors = skipped = 0
    for r in results:
        suite = ET.SubElement(root, "testsuite", name=_clean(r.source))
        if r.error is not None:
            case = ET.SubElement(suite, "testcase", classname=_clean(r.source), name="读取报告")
            ET.SubElement(case, "error", message=_clean(f"无法读取：{r.error}"), type="unreadable")
            counts = {"tests": 1, "failures": 0, "errors": 1, "skipped": 0}
        else:
            counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
            for f in r.findings:
                counts["tests"] += 1
                case = ET.SubElement(suite, "testcase", classname=_clean(r.source),
                                     name=_clean(f"{f.rule} {f.title}"))
                ev = first_evidence(f)
                if f.status in ("fail", "partial", "error"):
                    counts["failures"] += 1
                    body = [f"结果：{status_zh(f)}（{SEVERITY_ZH[f.severity]}）",
                            f"说明：{f.message}"]
                    if ev is not None:
                        body.append(f"证据：{ev.where} {ev.section}：{ev.quote}")
                    if f.fix and f.status != "error":
                        body.append(f"整改建议：{f.fix}")
                    if f.basis:
                        body.append(f"依据：{f.basis}")
                    if in_baseline(options, r, f):
                        body.append("基线已有")
                    el = ET.SubElement(case, "failure", message=_clean(f"{status_zh(f)}：{f.message}"),
                                       type=f.status)
                    el.text = _clean("\n".join(body))
                elif f.status in ("waived", "not_applicable", "not_evaluated"):
                    counts["skipped"] += 1
                    msg = (f"已豁免：{(f.waiver or {}).get('reason', '')}" if f.status == "waived"
                           else f"{status_zh(f)}：{f.message}")
                    ET.SubElement(case, "skipped", message=_clean(msg))
        for k, v in counts.items():
            suite.set(k, str(v))
        total += counts["tests"]
        failures += counts["failures"]
        errors += counts["errors"]
        skipped += counts["skipped"]
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    root.set("skipped", str(skipped))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
