"""`auditor rules lint`: each warning on a pack that earns it, none on the default pack."""

from __future__ import annotations

import re

import pytest
import yaml

from auditor.lint import lint_pack
from auditor.pack import load_pack


@pytest.fixture(autouse=True)
def _cache(monkeypatch, tmp_path):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))


EXAMPLES = [{"status": "pass", "text": "某区2024年法治政府建设情况报告\n开展述法。"},
            {"status": "fail", "text": "某区2024年法治政府建设情况报告\n没有相关内容。"}]


def lint(tmp_path, check, **extra):
    rule = {"id": "t.rule", "title": "测试规则", "severity": "error", "check": check,
            "basis": "依据", "fix": "建议", "examples": EXAMPLES, **extra}
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump({"name": "t", "version": "1", "rules": [rule]}, allow_unicode=True),
                    encoding="utf-8")
    return [w.message for w in lint_pack(load_pack(path))]


def test_default_pack_is_clean():
    assert lint_pack(load_pack(None)) == []


def test_a_clean_rule_has_no_warning(tmp_path):
    assert lint(tmp_path, {"mention": {"terms": ["述法", {"re": "述法.{0,4}工作"}]}}) == []


def test_missing_examples_basis_and_fix(tmp_path):
    out = lint(tmp_path, {"mention": {"terms": ["述法"]}}, examples=[], basis="", fix="")
    assert any("没有示例" in m for m in out)
    assert any("依据" in m for m in out) and any("整改建议" in m for m in out)
    only_pass = lint(tmp_path, {"mention": {"terms": ["述法"]}}, examples=EXAMPLES[:1])
    assert only_pass == ["缺少不通过（fail/partial 等）的示例"]


def test_word_boundary_next_to_chinese(tmp_path):
    out = lint(tmp_path, {"mention": {"terms": [{"re": r"\b述法"}]}})
    assert len(out) == 1 and "\\b" in out[0]


def test_half_width_punctuation(tmp_path):
    out = lint(tmp_path, {"mention": {"terms": [{"re": "述法,考核"}]}})
    assert len(out) == 1 and "半角标点" in out[0]
    # quantifier commas and group syntax are not punctuation
    assert lint(tmp_path, {"mention": {"terms": [{"re": "(?:述法).{0,4}考核"}]}}) == []


@pytest.mark.parametrize("pattern, better", [
    ("(?<!协)调解", "调解(?<!协调解)"),
    ("(?<=年终)述法工作", "述法工作(?<=年终述法工作)"),
    ("(?<!协)调解?", "调(?<!协调)解?"),          # the quantifier stays with its character
])
def test_term_pattern_opening_with_a_lookbehind(tmp_path, pattern, better):
    out = lint(tmp_path, {"mention": {"terms": [{"re": pattern}]}})
    assert len(out) == 1 and "以环视开头" in out[0] and repr(better) in out[0]
    # the suggested form matches exactly what the original matches
    text = "协调解决纠纷，开展人民调解和行政调解，年终述法工作，调查"
    assert [m.span() for m in re.finditer(pattern, text)] == [m.span() for m in re.finditer(better, text)]


def test_lookbehind_before_a_class_is_left_alone(tmp_path):
    # nothing literal to move in front: (?<![A-Za-z])[Xx]{2,8} is fine as written
    assert lint(tmp_path, {"absent": {"terms": [{"re": "(?<![A-Za-z])[Xx]{2,8}"}]}}) == []
