"""Check kinds as plug-ins: the registry, the contract every kind keeps, and a kind written in
this test module that works end to end (schema, positioned problems, the literal scan, the
pack cache) without a line of the engine knowing its name."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

import auditor
from auditor.checks import registry
from auditor.checks.base import TERMS_SCHEMA, Context, Outcome, Setup
from auditor.errors import RulePackError
from auditor.evaluate import audit
from auditor.pack import load_pack
from auditor.pack.load import pack_schema

ROOT = Path(__file__).resolve().parents[1]
CHECKS = ROOT / "auditor" / "checks"


@pytest.fixture(autouse=True)
def _cache(monkeypatch, tmp_path):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))


# -- a kind defined here: "at_least", a term list that must occur at least ``times`` times ---------

class Plan:
    def __init__(self, settings: dict, setup: Setup) -> None:
        self.terms = setup.terms(settings["terms"], "terms")
        self.times = settings.get("times", 1)
        if self.times > 100:
            setup.problem("times 过大（最多 100）", "times")


def _run(plan: Plan, ctx: Context) -> Outcome:
    hits = sorted(h for t in plan.terms for h in ctx.hits(t))
    evidence = [ctx.evidence(s, e) for s, e in hits[:2]]
    status = "pass" if len(hits) >= plan.times else "fail"
    return Outcome(status, f"出现 {len(hits)} 次（要求 {plan.times} 次）", evidence)


AT_LEAST = SimpleNamespace(
    SCHEMA={"type": "object", "additionalProperties": False, "required": ["terms"],
            "properties": {"terms": TERMS_SCHEMA, "times": {"type": "integer", "minimum": 1}}},
    compile=Plan, run=_run)

PACK = """name: plugin
version: "1"
rules:
  - id: t.at-least
    title: 至少出现三次
    severity: warning
    check:
      all:
        - at_least: {{terms: ["述法", {{re: "述职述法"}}], times: {times}}}
"""


@pytest.fixture
def at_least():
    registry.register("at_least", AT_LEAST)
    yield AT_LEAST
    registry.unregister("at_least")


def _write(tmp_path: Path, times: object) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(PACK.format(times=times), encoding="utf-8")
    return path


def test_a_kind_registered_from_a_test_module_works_end_to_end(tmp_path, at_least):
    # xialu-2024 says 述法 three times (领导干部述职述法, 述职述廉述法, 述法工作全覆盖), one of
    # them inside 述职述法: four hits of the two terms
    doc = auditor.read_document(ROOT / "corpus" / "xialu-2024.txt")
    pack = load_pack(_write(tmp_path, 4))
    finding = audit(doc, pack, text_gate=False).findings[0]
    assert finding.rule == "t.at-least" and finding.status == "pass"
    assert finding.message == "出现 4 次（要求 4 次）"
    assert "领导干部述职述法" in finding.evidence[0].quote
    # its literal terms are found by the one-pass scan like every other kind's
    assert "述法" in pack.literal_index().words
    pack = load_pack(_write(tmp_path, 5))
    assert audit(doc, pack, text_gate=False).findings[0].status == "fail"


def test_a_bad_setting_of_a_plugin_kind_gives_file_line_col(tmp_path, at_least):
    path = _write(tmp_path, "'three'")        # the kind's schema: an integer
    col = path.read_text(encoding="utf-8").splitlines()[8].index("'three'") + 1
    with pytest.raises(RulePackError) as info:
        load_pack(path)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:9:{col}: rules/0/check/all/0/at_least/times：类型错误，应为 integer"]
    path = _write(tmp_path, 1000)             # the kind's compile(): at most 100
    with pytest.raises(RulePackError) as info:
        load_pack(path)
    assert [str(p) for p in info.value.problems] == [f"{path}:9:{col}: times 过大（最多 100）"]


def test_a_bad_pattern_is_reported_where_it_is_written(tmp_path, at_least):
    path = tmp_path / "pack.yaml"
    path.write_text(PACK.format(times=1).replace("述职述法", "述职(述法"), encoding="utf-8")
    with pytest.raises(RulePackError) as info:
        load_pack(path)
    (problem,) = info.value.problems
    col = path.read_text(encoding="utf-8").splitlines()[8].index('"述职(述法"') + 1
    assert (problem.line, problem.col) == (9, col) and "正则表达式无效" in problem.message


def test_an_unregistered_kind_is_refused_and_the_cache_does_not_remember_it(tmp_path):
    path = _write(tmp_path, 2)
    with pytest.raises(RulePackError) as info:
        load_pack(path)
    assert "不认识的键 at_least" in str(info.value)
    registry.register("at_least", AT_LEAST)
    try:
        assert load_pack(path).rules[0].id == "t.at-least"
        load_pack(path)                       # now from the cache
    finally:
        registry.unregister("at_least")
    # the kinds are part of the pack's digest: without the kind the cached pack is not used
    with pytest.raises(RulePackError):
        load_pack(path)


def test_register_refuses_combinators_taken_names_and_incomplete_kinds():
    with pytest.raises(ValueError):
        registry.register("all", AT_LEAST)
    with pytest.raises(ValueError):
        registry.register("mention", AT_LEAST)
    with pytest.raises(TypeError):
        registry.register("half_done", SimpleNamespace(SCHEMA={}, run=_run))


# -- the built-in kinds ------------------------------------------------------------------------------

def test_every_module_of_checks_is_a_kind_but_the_infrastructure():
    modules = sorted(p.stem for p in CHECKS.glob("*.py") if not p.stem.startswith("_"))
    assert sorted(registry.builtin_names()) == sorted(set(modules) - {"base", "literals", "registry"})
    for name in registry.builtin_names():
        kind = registry.get(name)
        assert isinstance(kind.SCHEMA, dict) and callable(kind.compile) and callable(kind.run)


def test_the_pack_schema_is_assembled_from_the_kinds():
    envelope = json.loads((ROOT / "auditor" / "pack" / "schema.json").read_text(encoding="utf-8"))
    assert set(envelope["$defs"]) == {"rule", "check"}
    assert set(envelope["$defs"]["check"]["properties"]) == {"all", "any", "not"}
    check = pack_schema()["$defs"]["check"]["properties"]
    assert set(check) == set(registry.names()) | {"all", "any", "not"}
    assert check["mention"] is registry.get("mention").SCHEMA


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            out.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_checks_do_not_import_pack_and_pack_names_no_kind():
    for path in CHECKS.glob("*.py"):
        assert not any("pack" in m for m in _imports(path)), f"{path.name} imports pack"
    code = subprocess.run([sys.executable, "-c", (
        "import sys, auditor.checks.registry as r\n"
        "[r.get(n) for n in r.builtin_names()]\n"
        "print(any(m.startswith('auditor.pack') for m in sys.modules))")],
        capture_output=True, text=True, cwd=ROOT, check=True)
    assert code.stdout.strip() == "False"
    # pack/ and the literal scan hold no kind's name or kind-specific setting
    names = set(registry.builtin_names())
    for path in [*(ROOT / "auditor" / "pack").glob("*.py"), CHECKS / "literals.py"]:
        strings = {n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                   if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        assert not strings & (names | {"plan_role", "closing_roles", "terms", "label"}), path.name
