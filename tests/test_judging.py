"""Issue 17: judging what a report says. Each test is one pattern a careful reader judges
differently from a keyword match; the texts are written by reading, in the way real reports
are written. Expected verdicts come from reading the text, never from the program's output."""

from __future__ import annotations

import pytest

from auditor import audit, load_pack, read_document
from auditor.pack.compile import CompiledPack
from auditor.ruletest import run_examples


@pytest.fixture(scope="module")
def pack():
    return load_pack()


def _audit(pack, text: str, *, only: str | None = None, profile: str | None = None):
    doc = read_document(data=text.encode("utf-8"), name="case.txt")
    return audit(doc, pack, profile=profile, text_gate=False,
                 only=frozenset({only}) if only else None)


def _finding(pack, text: str, rule: str, **kw):
    return next(f for f in _audit(pack, text, only=rule, **kw).findings if f.rule == rule)


# -- deliverable 3: an example names the message or evidence it expects -----------------------

_SHUFA_PASS = """兴隆台区关于2024年法治政府建设情况的报告
一、主要举措及成效
一是落实落细主体责任。年初组织召开2023年度领导干部现场述法大会，5个部门主要领导进行了现场述法。
"""


def _with_example(pack, rule_id: str, example: dict) -> CompiledPack:
    rule = pack.rule(rule_id)
    object.__setattr__(rule, "examples", (example,))
    return pack


def test_example_with_the_right_line_and_message_passes():
    pack = _with_example(load_pack(), "element.shufa",
                         {"status": "pass", "text": _SHUFA_PASS, "line": 3, "message": "述法"})
    (res,) = run_examples(pack, {"element.shufa"})
    assert res.ok, res.message


def test_example_fails_when_its_evidence_quotes_another_line():
    pack = _with_example(load_pack(), "element.shufa",
                         {"status": "pass", "text": _SHUFA_PASS, "line": 2})
    (res,) = run_examples(pack, {"element.shufa"})
    assert res.actual == "pass" and not res.ok
    assert "第 2 行" in res.message


def test_example_fails_when_its_message_lacks_the_stated_reason():
    pack = _with_example(load_pack(), "element.shufa",
                         {"status": "pass", "text": _SHUFA_PASS, "message": "文本被截断"})
    (res,) = run_examples(pack, {"element.shufa"})
    assert res.actual == "pass" and not res.ok
    assert "文本被截断" in res.message
