"""Loading rule packs: every problem reported with its position, unsafe YAML refused quickly."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from auditor.errors import RulePackError
from auditor.pack import load_pack

GOOD_RULE = """
  - id: element.demo
    title: 演示规则
    severity: warning
    basis: 评估实践
    fix: 写明演示内容。
    check:
      mention: {terms: ["述法"]}
    examples:
      - {status: pass, text: "某区2024年法治政府建设情况报告\\n全年开展述法。"}
      - {status: fail, text: "某区2024年法治政府建设情况报告\\n全年开展学法。"}
"""


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))


def write(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_valid_single_file_pack_loads(tmp_path):
    pack = load_pack(write(tmp_path, "name: demo\nversion: '1'\nrules:" + GOOD_RULE))
    assert [r.id for r in pack.rules] == ["element.demo"]
    assert pack.name == "demo"


def test_ten_mistakes_give_ten_positioned_messages(tmp_path):
    text = """name: demo
version: "1"
roles:
  problems: {heading: "问题|不足"}
rules:
  - id: Bad_Id
    title: 规则一
    severity: error
    check: {mention: {terms: ["a"]}}
  - id: x.two
    title: 规则二
    severity: fatal
    check: {mention: {terms: ["a"]}}
  - id: x.three
    title: 规则三
    severity: error
    check: {mention: {terms: ["a"]}}
    colour: red
  - id: x.four
    title: 规则四
    severity: error
    check: {mention: {terms: []}}
  - id: x.five
    title: 规则五
    severity: error
    check: {mention: {terms: [{re: "(unclosed"}]}}
  - id: x.six
    title: 规则六
    severity: error
    check: {mention: {terms: ["a"], in: {role: nowhere}}}
  - id: x.seven
    title: 规则七
    severity: error
    check: {section: {level: 1}}
  - id: x.eight
    title: 规则八
    severity: error
    check: {metric: {label: ["率"], unit: percent, within: 900}}
  - id: x.nine
    title: 规则九
    severity: error
    check: {mention: {terms: ["a"]}, absent: {terms: ["b"]}}
  - id: x.two
    title: 规则十（重复 id）
    severity: error
    check: {mention: {terms: ["a"]}}
"""
    path = write(tmp_path, text)
    with pytest.raises(RulePackError) as info:
        load_pack(path)
    problems = info.value.problems
    lines = [str(p) for p in problems]
    assert len(problems) == 10, "\n".join(lines)
    for line in lines:
        assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", line), line
    # each message points at the rule it is about
    by_line = {p.line for p in problems}
    assert len(by_line) == 10


def test_billion_laughs_is_refused_quickly(tmp_path):
    lol = ["name: demo", "version: '1'", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lol.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    lol.append("rules: []")
    path = write(tmp_path, "\n".join(lol))
    start = time.perf_counter()
    with pytest.raises(RulePackError) as info:
        load_pack(path)
    assert time.perf_counter() - start < 1.0
    assert "别名" in str(info.value)
    assert re.search(r":\d+:\d+: ", str(info.value))


def test_python_tag_is_refused_without_side_effects(tmp_path):
    marker = tmp_path / "pwned"
    path = write(tmp_path, f"name: !!python/object/apply:os.system ['touch {marker}']\nversion: '1'\n")
    start = time.perf_counter()
    with pytest.raises(RulePackError) as info:
        load_pack(path)
    assert time.perf_counter() - start < 1.0
    assert not marker.exists()
    assert "python/object" in str(info.value)


def test_not_yaml_is_one_positioned_error(tmp_path):
    path = write(tmp_path, "name: demo\nrules: [\n  - {id: a\n")
    with pytest.raises(RulePackError) as info:
        load_pack(path)
    assert "不是有效的 YAML" in str(info.value)


def test_oversized_rule_file_is_refused(tmp_path):
    path = write(tmp_path, "name: demo\nversion: '1'\n# " + "x" * (3 * 1024 * 1024) + "\n")
    with pytest.raises(RulePackError) as info:
        load_pack(path)
    assert "过大" in str(info.value)


def test_missing_pack_path_is_an_error(tmp_path):
    with pytest.raises(RulePackError):
        load_pack(tmp_path / "nope")


def test_extends_overrides_severity_disables_and_adds(tmp_path):
    base = tmp_path / "base"
    base.mkdir()
    write(base, "name: base\nversion: '1'\nroles:\n  problems: {heading: 问题}\n")
    write(base, "rules:" + GOOD_RULE + GOOD_RULE.replace("element.demo", "element.other-demo"),
          "elements.yaml")
    province = tmp_path / "province"
    province.mkdir()
    write(province, """name: province
version: '2'
extends: ../base
overrides:
  element.demo: {severity: error}
  element.other-demo: {enabled: false}
rules:
  - id: local.extra
    title: 本省增加的规则
    severity: info
    check: {section: {role: problems}}
""")
    pack = load_pack(province)
    assert pack.name == "province"
    ids = [r.id for r in pack.rules]
    assert ids == ["element.demo", "local.extra"]
    assert pack.rule("element.demo").severity == "error"
    assert pack.rule("element.other-demo").enabled is False
    assert "problems" in pack.roles


def test_override_of_unknown_rule_is_reported(tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text("name: base\nversion: '1'\nrules:" + GOOD_RULE, encoding="utf-8")
    derived = write(tmp_path, "name: d\nversion: '1'\nextends: base.yaml\noverrides:\n  no.such: {severity: info}\n",
                    "derived.yaml")
    with pytest.raises(RulePackError) as info:
        load_pack(derived)
    assert "no.such" in str(info.value)


def test_warm_cache_skips_validation(tmp_path, monkeypatch):
    path = write(tmp_path, "name: demo\nversion: '1'\nrules:" + GOOD_RULE)
    load_pack(path)
    import auditor.pack.load as load_mod

    def boom():  # validation must not run on a warm start
        raise AssertionError("schema validation ran on a cached pack")

    monkeypatch.setattr(load_mod, "_validator", boom)
    assert load_pack(path).rules[0].id == "element.demo"
    # a changed file is a new cache key: validation runs again
    path.write_text(path.read_text(encoding="utf-8").replace("演示规则", "演示规则二"), encoding="utf-8")
    with pytest.raises(AssertionError):
        load_pack(path)


def test_default_pack_loads_and_has_the_public_ids():
    pack = load_pack()
    ids = {r.id for r in pack.all_rules}
    for rid in ("element.measures", "element.problems", "element.causes", "element.first-responsible",
                "element.shufa", "element.next-year", "element.other", "structure.order",
                "structure.numbering", "structure.problems-depth", "structure.truncated",
                "meta.document-kind", "meta.title", "meta.year", "meta.publish-deadline",
                "meta.signature", "content.outdated-reference", "content.placeholder",
                "content.year-consistency", "content.figures", "content.foreign-text"):
        assert rid in ids
