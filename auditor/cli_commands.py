"""Sub-commands about rules: `explain` and `rules list|show|test|lint`."""

from __future__ import annotations

import argparse
import sys

from .model import SEVERITY_ZH, STATUS_ZH, status_zh


def register(sub, add_limit_options) -> None:  # noqa: ANN001 - argparse internals
    ex = sub.add_parser("explain", help="解释一条规则在一份报告上的判断过程",
                        description="逐步说明规则选择的检查范围、尝试的每个条件、匹配到和被排除的内容"
                                    "（否定语境、仅在书名号中、不在要求的部分）。")
    ex.add_argument("rule", metavar="规则ID", help="如 element.shufa")
    ex.add_argument("file", metavar="文件", help="报告文件，或 - 表示标准输入")
    ex.add_argument("--rules", metavar="规则包", help="规则包目录或文件（默认：内置默认规则包）")
    ex.add_argument("--profile", choices=("government", "department", "township"),
                    help="报告主体类型（默认根据报告自动判断）")
    add_limit_options(ex)
    ex.set_defaults(func=cmd_explain)

    rules = sub.add_parser("rules", help="查看、测试和检查规则包",
                           description="规则包的目录（list/show）、示例测试（test）和规范检查（lint）。")
    from .cli import _Parser

    rsub = rules.add_subparsers(dest="rules_command", metavar="子命令", parser_class=_Parser)
    rl = rsub.add_parser("list", help="列出全部规则")
    rl.add_argument("pack", nargs="?", metavar="规则包",
                    help="规则包目录或文件（默认：内置默认规则包；与 rules test 的写法相同）")
    rl.add_argument("--rules", metavar="规则包", help="同上（另一种写法）")
    rl.set_defaults(func=cmd_rules_list)
    rs = rsub.add_parser("show", help="显示一条规则的全部信息")
    rs.add_argument("rule", metavar="规则ID")
    rs.add_argument("--rules", metavar="规则包", help="规则包目录或文件（默认：内置默认规则包）")
    rs.set_defaults(func=cmd_rules_show)
    rt = rsub.add_parser("test", help="运行每条规则的示例，列出表现与声明不符的规则（有则退出码 1）")
    rt.add_argument("packs", nargs="*", metavar="规则包", help="规则包目录或文件（默认：内置默认规则包）")
    rt.add_argument("-v", "--verbose", action="store_true", help="列出每个示例的结果")
    rt.set_defaults(func=cmd_rules_test)
    lt = rsub.add_parser("lint", help="校验规则包并提示缺少示例、依据或写法有误的规则")
    lt.add_argument("packs", nargs="*", metavar="规则包", help="规则包目录或文件（默认：内置默认规则包）")
    lt.add_argument("--strict", action="store_true", help="有警告时退出码为 1")
    lt.set_defaults(func=cmd_rules_lint)

    def _rules_help(args: argparse.Namespace) -> int:
        rules.print_help(sys.stderr)
        return 2

    rules.set_defaults(func=_rules_help)


def _pack(path: str | None):
    from .pack import load_pack

    return load_pack(path)


def cmd_explain(args: argparse.Namespace) -> int:
    from .cli import _limits
    from .evaluate import explain
    from .pipeline import read_document

    limits = _limits(args)
    pack = _pack(args.rules)
    doc = read_document(args.file, limits=limits)
    finding, trace, profile_note = explain(doc, pack, args.rule, profile=args.profile, limits=limits)
    rule = pack.rule(args.rule)
    w = sys.stdout.write
    w(f"规则 {rule.id}：{rule.title}（{SEVERITY_ZH[rule.severity]}）\n")
    w(f"报告：{doc.source}\n主体类型：{profile_note}\n")
    year = doc.metadata.year
    w(f"报告年度：{year.value if year else '未识别'}\n\n判断过程：\n")
    for i, step in enumerate(trace, 1):
        w(f"  {i:>2}. {step}\n")
    w(f"\n结果：{status_zh(finding)}——{finding.message}\n")
    if finding.evidence:
        w("证据：\n")
        for ev in finding.evidence:
            tag = {"match": "命中", "near_miss": "未计入", "scope": "检查范围",
                   "previous": "上年报告"}.get(ev.kind, ev.kind)
            where = ev.section or "（正文开头）"
            note = f"（{ev.note}）" if ev.note else ""
            w(f"  [{tag}] {ev.where} {where}：{ev.quote}{note}\n")
    if finding.status not in ("pass", "not_applicable") and finding.fix:
        w(f"整改建议：{finding.fix}\n")
    if finding.basis:
        w(f"依据：{finding.basis}\n")
    return 0


def cmd_rules_list(args: argparse.Namespace) -> int:
    from .errors import UsageError

    if args.pack and args.rules and args.pack != args.rules:
        raise UsageError(f"指定了两个规则包：{args.pack} 和 --rules {args.rules}，请只写一个")
    pack = _pack(args.pack or args.rules)
    w = sys.stdout.write
    w(f"规则包 {pack.name} {pack.version}：{len(pack.rules)} 条规则\n\n")
    group = None
    for rule in pack.all_rules:
        if rule.group != group:
            group = rule.group
            w(f"[{group}]\n")
        off = "" if rule.enabled else "（已停用）"
        w(f"  {rule.id:<34} {SEVERITY_ZH[rule.severity]}  {rule.title}{off}\n")
    return 0


def cmd_rules_show(args: argparse.Namespace) -> int:
    from .errors import UsageError

    pack = _pack(args.rules)
    rule = pack.rule(args.rule)
    if rule is None:
        raise UsageError(f"规则包中没有规则 {args.rule}（可用 auditor rules list 查看）", path=args.rule)
    w = sys.stdout.write
    w(f"{rule.id}：{rule.title}\n")
    w(f"  级别：{SEVERITY_ZH[rule.severity]}{'' if rule.enabled else '（已停用）'}"
      f"{'' if rule.waivable else '；不可豁免'}\n")
    if rule.applies_to:
        from .pack.compile import PROFILE_ZH

        profiles = rule.applies_to.get("profiles")
        years = rule.applies_to.get("years") or {}
        parts = []
        if profiles:
            parts.append("、".join(PROFILE_ZH[x] for x in profiles))
        if years:
            parts.append(f"{years.get('from', '')}—{years.get('to', '')} 年度")
        w(f"  适用：{'；'.join(parts)}\n")
    from .evaluate import fill_fix

    w(f"  依据：{rule.basis or '（未写明）'}\n  理由：{rule.rationale}\n  整改：{fill_fix(rule.fix)}\n")
    w(f"  定义于：{rule.file}:{rule.line}\n")
    for i, ex in enumerate(rule.examples, 1):
        note = f"（{ex['note']}）" if ex.get("note") else ""
        w(f"\n  示例 {i}：应为 {STATUS_ZH.get(ex['status'], ex['status'])}{note}\n")
        for line in ex["text"].rstrip().splitlines():
            w(f"    | {line}\n")
    return 0


def cmd_rules_test(args: argparse.Namespace) -> int:
    from .ruletest import run_examples, skipped_examples

    failed = 0
    total = 0
    skipped = 0
    for path in args.packs or [None]:
        pack = _pack(path)
        results = run_examples(pack)
        total += len(results)
        for rid, count, why in skipped_examples(pack):
            skipped += count
            sys.stdout.write(f"– {rid}：{count} 个示例未运行——{why}\n")
        for r in results:
            mark = "✔" if r.ok else ("○" if r.todo else "✘")
            if not r.ok and not r.todo:
                failed += 1
            if args.verbose or not r.ok:
                sys.stdout.write(f"{mark} {r.rule} 示例 {r.index}：应为 {STATUS_ZH.get(r.expected, r.expected)}，"
                                 f"实为 {STATUS_ZH.get(r.actual, r.actual)}"
                                 f"{'（已知问题）' if r.todo and not r.ok else ''}"
                                 f"{'' if r.ok else '——' + r.message}  [{r.file}:{r.line}]\n")
        no_examples = [rule.id for rule in pack.all_rules if not rule.examples]
        for rid in no_examples:
            sys.stdout.write(f"! {rid}：没有示例\n")
    sys.stdout.write(f"{total} 个示例：{total - failed} 个符合，{failed} 个不符"
                     f"{f'（另有 {skipped} 个示例未运行）' if skipped else ''}\n")
    return 1 if failed else 0


def cmd_rules_lint(args: argparse.Namespace) -> int:
    from .lint import lint_pack

    count = 0
    for path in args.packs or [None]:
        pack = _pack(path)
        for warning in lint_pack(pack):
            sys.stdout.write(f"{warning}\n")
            count += 1
        sys.stdout.write(f"规则包 {pack.name} {pack.version}：{len(pack.all_rules)} 条规则，{count} 条警告\n")
    return 1 if (count and args.strict) else 0
