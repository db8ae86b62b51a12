"""Generate docs/rules.md, the rule catalogue in Chinese, from the loaded pack, and
auditor/schemas/pack.schema.json, the whole schema of a pack file for editors (the rule
envelope of pack/schema.json with every check kind's settings; rule files name it in their
``yaml-language-server`` line).

    python -m auditor.tools.make_docs                 # write docs/rules.md and the schema
    python -m auditor.tools.make_docs --check         # exit 1 when either is stale
    python -m auditor.tools.make_docs --pack DIR -o FILE

The output depends only on the pack's content (no dates, no absolute paths), so it is
deterministic and a test can compare it with the committed file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..evaluate import fill_fix

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "rules.md"
SCHEMA_OUTPUT = ROOT / "auditor" / "schemas" / "pack.schema.json"

GROUP_ORDER = ["meta", "elements", "structure", "content", "topics", "metrics"]
GROUP_ZH = {
    "meta": "文件性质与元数据（meta.*）",
    "elements": "法定内容要素（element.*）",
    "structure": "报告结构（structure.*）",
    "content": "内容质量（content.*）",
    "topics": "《法治政府建设实施纲要（2021－2025年）》任务领域（topic.*）",
    "metrics": "评审数据指标（metric.*）",
}
ON_FAIL_ZH = {"not_applicable": "检查不通过时记为“不适用”", "not_evaluated": "检查不通过时记为“未评估”"}


def _rel(path: str) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return p.name


def applies_zh(applies_to: dict[str, Any]) -> str:
    from ..pack.compile import PROFILE_ZH

    parts = []
    profiles = applies_to.get("profiles")
    parts.append("、".join(PROFILE_ZH.get(x, x) for x in profiles) if profiles else "各类主体的报告")
    years = applies_to.get("years") or {}
    if years.get("from") is not None and years.get("to") is not None:
        parts.append(f"{years['from']}—{years['to']} 年度")
    elif years.get("from") is not None:
        parts.append(f"{years['from']} 年度及以后")
    elif years.get("to") is not None:
        parts.append(f"{years['to']} 年度及以前")
    return "；".join(parts)


def _yaml(obj: Any) -> str:
    import yaml

    return yaml.safe_dump(obj, allow_unicode=True, sort_keys=False, default_flow_style=None,
                          width=100).rstrip()


def _fence(text: str, lang: str = "") -> list[str]:
    ticks = "```"
    while ticks in text:
        ticks += "`"
    return [ticks + lang, *text.rstrip("\n").split("\n"), ticks]


def render_rule(rule) -> list[str]:  # noqa: ANN001 - auditor.pack.compile.Rule
    from ..model import SEVERITY_ZH, STATUS_ZH

    out = [f"### `{rule.id}` {rule.title}", ""]
    out.append(f"- **严重程度**：{SEVERITY_ZH.get(rule.severity, rule.severity)}（{rule.severity}）"
               + ("" if rule.enabled else "；**已停用**")
               + ("" if rule.waivable else "；不可豁免"))
    out.append(f"- **适用范围**：{applies_zh(rule.applies_to)}")
    out.append(f"- **依据**：{rule.basis or '（未写明）'}")
    if rule.rationale:
        out.append(f"- **理由**：{rule.rationale}")
    if rule.fix:
        out.append(f"- **修改建议**：{fill_fix(rule.fix)}")
    if rule.on_fail != "fail":
        out.append(f"- **说明**：{ON_FAIL_ZH.get(rule.on_fail, rule.on_fail)}")
    out.append(f"- **定义位置**：`{_rel(rule.file)}:{rule.line}`")
    out.append("")
    out.append("检查方式：")
    out.append("")
    check: dict[str, Any] = {"check": rule.check}
    if rule.partial_when:
        check["partial_when"] = rule.partial_when
    if rule.messages:
        check["messages"] = dict(rule.messages)
    out.extend(_fence(_yaml(check), "yaml"))
    out.append("")
    if rule.examples:
        out.append("示例：")
        out.append("")
        for i, ex in enumerate(rule.examples, 1):
            head = f"{i}. 应判为 **{STATUS_ZH.get(ex['status'], ex['status'])}**（{ex['status']}）"
            if ex.get("profile"):
                from ..pack.compile import PROFILE_ZH

                head += f"，按{PROFILE_ZH.get(ex['profile'], ex['profile'])}审查"
            if ex.get("note"):
                head += f"：{ex['note']}"
            if ex.get("todo"):
                head += "（已知未通过）"
            out.append(head)
            out.append("")
            out.extend("   " + line if line else "" for line in _fence(ex["text"], "text"))
            out.append("")
    return out


def render(pack) -> str:  # noqa: ANN001 - auditor.pack.compile.CompiledPack
    from ..model import SEVERITY_ZH

    groups: dict[str, list] = {}
    for rule in pack.all_rules:
        groups.setdefault(rule.group or "other", []).append(rule)
    order = [g for g in GROUP_ORDER if g in groups] + sorted(g for g in groups if g not in GROUP_ORDER)

    lines = [
        "# 规则目录",
        "",
        "<!-- 本文件由 `python -m auditor.tools.make_docs`（`make docs`）根据规则包生成，请勿手工修改。 -->",
        "",
        f"规则包 **{pack.name}**，版本 {pack.version}，共 {len(pack.all_rules)} 条规则。",
        "",
    ]
    if pack.description:
        lines += [pack.description, ""]
    lines += ["状态：符合（pass）、缺失（fail）、不充分（partial）、不适用（not_applicable）、"
              "未评估（not_evaluated）。严重程度：" + "、".join(f"{v}（{k}）" for k, v in SEVERITY_ZH.items())
              + "。编写规则的方法见 [rule-guide.md](rule-guide.md)。", ""]
    lines += ["| 规则 | 标题 | 严重程度 | 适用范围 |", "|---|---|---|---|"]
    for g in order:
        for r in groups[g]:
            lines.append(f"| [`{r.id}`](#{_anchor(r)}) | {r.title} | {SEVERITY_ZH.get(r.severity, r.severity)} "
                         f"| {applies_zh(r.applies_to)} |")
    lines.append("")
    for g in order:
        lines += [f"## {GROUP_ZH.get(g, g)}", ""]
        for r in groups[g]:
            lines += render_rule(r)
    return "\n".join(lines).rstrip() + "\n"


def _anchor(rule) -> str:  # noqa: ANN001
    # GitHub's anchor for "### `id` title": lowercase, punctuation other than - and _ dropped,
    # spaces → "-"; Chinese characters kept.
    text = f"{rule.id} {rule.title}".lower()
    kept = []
    for ch in text:
        if ch.isalnum() or ch in "-_" or "\u4e00" <= ch <= "\u9fff":
            kept.append(ch)
        elif ch == " ":
            kept.append("-")
    return "".join(kept)


def render_schema() -> str:
    """The pack schema as the loader validates with it (kinds included), for editors."""
    from ..pack.load import pack_schema

    return json.dumps(pack_schema(), ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    from ..errors import AuditorError
    from ..pack.compile import CompiledPack
    from ..pack.load import load_pack_data

    parser = argparse.ArgumentParser(prog="python -m auditor.tools.make_docs",
                                     description="根据规则包生成规则目录 docs/rules.md。")
    parser.add_argument("--pack", default=None, help="规则包目录或文件（默认：内置默认规则包）")
    parser.add_argument("-o", "--output", default=str(DEFAULT_OUTPUT), help="输出文件（默认 docs/rules.md）")
    parser.add_argument("--check", action="store_true", help="只检查输出文件是否最新；过期时退出码为 1")
    args = parser.parse_args(argv)
    try:
        pack = CompiledPack(load_pack_data(args.pack))
    except AuditorError as exc:
        print(f"auditor: {exc}", file=sys.stderr)
        return 2
    out = Path(args.output)
    outputs = [(out, render(pack))]
    if args.pack is None and out == DEFAULT_OUTPUT:
        outputs.append((SCHEMA_OUTPUT, render_schema()))
    if args.check:
        stale = [p for p, text in outputs
                 if (p.read_text(encoding="utf-8") if p.is_file() else "") != text]
        for p in stale:
            print(f"{p} 已过期，请运行 python -m auditor.tools.make_docs", file=sys.stderr)
        if not stale:
            print("、".join(str(p) for p, _ in outputs) + " 是最新的")
        return 1 if stale else 0
    for p, text in outputs:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    print(f"已写入 {out}（{len(pack.all_rules)} 条规则）"
          + (f"和 {SCHEMA_OUTPUT}" if len(outputs) > 1 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
