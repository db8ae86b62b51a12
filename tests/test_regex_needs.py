"""Declared needs (``{re: …, needs: […]}``): a report holding none of the literals is not
searched for the pattern, so every match of the pattern must contain one of them. Checked for
every declaration of the default pack on real reports, on written examples of each pattern and
on random text made of the pattern's own characters."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import auditor
from auditor.normalize import fold
from auditor.pack import load_pack

ROOT = Path(__file__).resolve().parent.parent
CRAFTED = ["某XX区", "共××件", "【待补充】", "○○○", "于×月×日", "2024年X月", "（中国）官方网站", "(中国)官方网站",
           "博彩", "金沙娱乐", "金沙 平台", "葡京", "注册送", "加微信", "www.abc-1.com", "x.club", "没有明显问题",
           "未发现问题", "不存在较大的不足"]


def declared() -> list[tuple[str, tuple[str, ...]]]:
    pack = load_pack()
    return list(dict.fromkeys((t.text, t.needs) for rule in pack.all_rules
                              for t in pack.terms_of(rule) if t.is_regex and t.needs))


DECLARED = declared()


@pytest.fixture(scope="module")
def texts() -> list[str]:
    paths = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "tests" / "accuracy").rglob("*.txt"))
    return [auditor.read_document(p).text for p in paths] + [fold(t) for t in CRAFTED]


def test_the_default_pack_declares_needs():
    assert len(DECLARED) >= 10


@pytest.mark.parametrize("pattern, needs", DECLARED, ids=[p for p, _ in DECLARED])
def test_every_match_holds_a_declared_literal(pattern, needs, texts):
    compiled = regex.compile(pattern)
    matches = [m.group() for text in texts for m in compiled.finditer(text) if m.group()]
    assert matches, "no text matches the pattern: add an example to CRAFTED"
    for match in matches:
        assert any(n in match for n in needs), (match, needs)


@pytest.mark.parametrize("pattern, needs", DECLARED, ids=[p for p, _ in DECLARED])
def test_random_text_of_the_patterns_characters(pattern, needs):
    compiled = regex.compile(pattern)
    alphabet = sorted(set(pattern + "".join(needs) + "0123456789 a，。") - set("\\()[]{}|?*+^$<!:"))

    @settings(max_examples=150, deadline=None, database=None)
    @given(st.text(alphabet=alphabet, max_size=24))
    def check(text):
        for m in compiled.finditer(text):
            if m.group():
                assert any(n in m.group() for n in needs), (text, m.group())

    check()


def test_a_report_without_the_needed_literal_is_not_searched(tmp_path, monkeypatch):
    # the declaration is the rule author's promise: a pattern whose matches lack every
    # declared literal is not run at all (here "述法" matches, but "学法" is declared)
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    pack_file = tmp_path / "pack.yaml"
    pack_file.write_text("""name: t
version: '1'
rules:
  - id: t.needs
    title: 演示
    severity: warning
    check:
      mention: {terms: [{re: "述法", needs: ["学法"]}]}
  - id: t.plain
    title: 演示
    severity: warning
    check:
      mention: {terms: [{re: "述法"}]}
""", encoding="utf-8")
    doc = auditor.read_document(data="某区2024年法治政府建设情况报告\n全年开展述法工作。".encode(), name="r.txt")
    result = auditor.audit(doc, load_pack(pack_file), text_gate=False)
    assert {f.rule: f.status for f in result.findings} == {"t.needs": "fail", "t.plain": "pass"}
