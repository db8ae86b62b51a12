"""The rule guide's own examples work as written: the provincial pack it shows passes
`auditor rules test`, `rules list PACK` is accepted like `rules test PACK`, and its links stay
inside the repository."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, run_cli

GUIDE = ROOT / "docs" / "rule-guide.md"


def _hubei_pack(tmp_path: Path) -> Path:
    """The YAML block headed ``# rules/hubei/pack.yaml`` in the guide, as a pack directory."""
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(# rules/hubei/pack\.yaml\n.*?)```", text, re.S)
    assert block, "the guide no longer shows rules/hubei/pack.yaml"
    pack = tmp_path / "hubei"
    pack.mkdir()
    (pack / "pack.yaml").write_text(block.group(1), encoding="utf-8")
    return pack


def test_the_guides_provincial_pack_passes_rules_test(tmp_path):
    pack = _hubei_pack(tmp_path)
    code, out, err = run_cli("rules", "test", str(pack))
    assert code == 0, out + err
    assert "0 个不符" in out
    # the disabled rule and the rule whose scope was widened are named, not silently dropped
    assert "– topic.digital-government：3 个示例未运行——规则包已停用该规则" in out
    assert re.search(r"– topic\.normative-documents：\d+ 个示例未运行", out)


def test_an_override_of_severity_alone_keeps_the_examples(tmp_path):
    pack = tmp_path / "p"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: p\nversion: '1'\nextends: default\noverrides:\n"
                                    "  element.shufa:\n    severity: warning\n", encoding="utf-8")
    code, out, _ = run_cli("rules", "test", str(pack), "-v")
    assert code == 0
    assert "✔ element.shufa 示例 1" in out and "未运行" not in out


def test_rules_list_takes_the_pack_as_an_argument(tmp_path):
    pack = _hubei_pack(tmp_path)
    code, out, err = run_cli("rules", "list", str(pack))
    assert code == 0, err
    assert out.startswith("规则包 hubei 2025.1")
    assert "topic.digital-government" in out and "（已停用）" in out
    assert run_cli("rules", "list", "--rules", str(pack))[1] == out
    code, _, err = run_cli("rules", "list", str(pack), "--rules", "rules/default")
    assert code == 2 and "Traceback" not in err


def test_rule_guide_links_stay_inside_the_repository():
    text = GUIDE.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)[^)]*\)", text)
    targets += re.findall(r"`((?:\.\./)+[^`\s]+)`", text)   # paths written as code
    for target in targets:
        if re.match(r"[a-z]+:", target):
            continue   # a web address
        resolved = (GUIDE.parent / target).resolve()
        assert resolved.is_relative_to(ROOT), f"{target} points outside the repository"
        assert resolved.exists(), f"{target} does not exist"
