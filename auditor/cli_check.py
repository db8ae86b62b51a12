"""Sub-commands `check` and `diff` (gap tables, formats, gate, waivers, baseline)."""

from __future__ import annotations

import argparse
import os
import sys

from .gate import FAIL_ON


def register(sub, add_limit_options) -> None:  # noqa: ANN001 - argparse internals
    """Add `check` and `diff` to the parser."""
    from .formats import FORMATS

    c = sub.add_parser(
        "check", help="审查报告，输出缺项表（退出码：0 通过，1 有达到门槛的缺项，2 用法/输入/规则错误）",
        description="审查一份或多份报告（文件、目录（递归）或 - 表示标准输入），逐条规则给出结果、"
                    "证据位置和原文。退出码：0 没有达到 --fail-on 门槛的缺项；1 有；"
                    "2 用法错误、规则包或豁免文件错误，或没有任何报告能够审查。")
    c.add_argument("paths", nargs="+", metavar="路径", help="报告文件或目录；- 表示标准输入")
    # defaults for --rules, --profile and --fail-on may come from the nearest auditor.yaml
    c.add_argument("--rules", metavar="规则包", help="规则包目录或文件（默认：内置默认规则包）")
    c.add_argument("--profile", choices=("government", "department", "township"),
                   help="报告主体类型（默认根据报告自动判断）")
    c.add_argument("--format", choices=tuple(FORMATS), default="table",
                   help="输出格式（默认 table）")
    c.add_argument("--output", "-o", metavar="文件或目录",
                   help="写入文件（原子写入）；给目录时按报告分别写文件")
    c.add_argument("--fail-on", choices=FAIL_ON, default=None,
                   help="达到该级别的缺项（缺失、不充分）使退出码为 1（默认 error；never 表示不因缺项失败）")
    c.add_argument("--waivers", metavar="文件",
                   help="豁免文件（YAML）；不给时使用报告旁或上级目录中的 auditor.yaml")
    c.add_argument("--baseline", metavar="旧结果.json",
                   help="以前一次 --format json 的结果为基线：基线中已有的缺项不使退出码为 1")
    c.add_argument("--jobs", "-j", type=int, metavar="N",
                   help="并行进程数（默认：多份报告时为 CPU 数，单份为 1）")
    c.add_argument("-q", "--quiet", action="store_true", help="只输出每份报告的汇总行和错误")
    c.add_argument("--no-color", action="store_true", help="不使用颜色（也可设置环境变量 NO_COLOR）")
    c.add_argument("--timestamp", action="store_true", help="在 JSON 结果中写入生成时间")
    c.add_argument("--no-cache", action="store_true",
                   help="不读也不写缓存（规则包校验结果等；也可设置环境变量 AUDITOR_NO_CACHE=1）")
    c.add_argument("--previous", metavar="文件或目录",
                   help="同一主体上一年度的报告（文件），或上一年度报告所在目录（按报告主体和年度配对），"
                        "用于“与上一年度报告比较”的规则；不给时，同一批次中同一主体相邻年度的报告自动配对")
    c.add_argument("--no-pairing", action="store_true",
                   help="不在同一批次中按主体和年度自动配对（配对需要先读取每份报告的元数据，"
                        "只审一个年度的大批量报告时可关闭以节省时间）")
    c.add_argument("--comment-author", metavar="名字", default=None,
                   help="--format docx 的批注作者（默认 auditor）")
    add_limit_options(c)
    c.set_defaults(func=cmd_check)

    d = sub.add_parser("diff", help="比较两次 --format json 审查结果：新增缺项、已整改、状态变化",
                       description="按报告（主体+年度，或文件名）和规则比较两次结果。"
                                   "退出码：0 没有新增缺项；1 有新增缺项；2 输入文件无效。")
    d.add_argument("old", metavar="旧结果.json")
    d.add_argument("new", metavar="新结果.json")
    d.add_argument("--format", choices=("table", "markdown", "json"), default="table",
                   help="输出格式（默认 table）")
    d.add_argument("--output", "-o", metavar="文件", help="写入文件（原子写入）")
    d.set_defaults(func=cmd_diff)


def _emit(data: str | bytes) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    sys.stdout.flush()
    sys.stdout.buffer.write(raw)
    sys.stdout.buffer.flush()


def _use_color(args: argparse.Namespace, to_stdout: bool) -> bool:
    if args.no_color or os.environ.get("NO_COLOR") or not to_stdout:
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def cmd_check(args: argparse.Namespace) -> int:
    from .batch import default_jobs, iter_inputs
    from .cli import _limits
    from .config import find_project_config, load_project_config
    from .errors import UsageError
    from .formats import Options
    from .output import write_run
    from .runner import Run

    if args.no_cache:
        from . import cache

        cache.disable()
    # settings from the nearest auditor.yaml; the command line wins
    settings = load_project_config(find_project_config())
    rules = args.rules or settings.get("rules")
    fail_on = args.fail_on or settings.get("fail_on") or "error"
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs 必须是正整数", path="命令行")
    sources = list(iter_inputs(args.paths))
    run = Run(rules=rules, profile=args.profile or settings.get("profile"), waivers=args.waivers,
              baseline=args.baseline, fail_on=fail_on, limits=_limits(args),
              jobs=args.jobs or (default_jobs() if len(sources) > 1 else 1),
              keep_document=args.format in ("html", "docx"), previous=args.previous,
              pair_batch=not args.no_pairing)
    options = Options(color=_use_color(args, not args.output), quiet=args.quiet,
                      fail_on=fail_on, baseline=run.baseline, limits=run.limits,
                      comment_author=args.comment_author)
    if options.color or sys.stdout.isatty():
        import shutil

        options.width = max(80, shutil.get_terminal_size((120, 24)).columns)
    else:
        options.width = 0   # a pipe or a file: no screen to fit, so no requirement or fix is cut
    if args.timestamp:
        from datetime import datetime, timezone

        options.timestamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    tally = write_run(run, sources, args.paths, args.format, options, output=args.output,
                      quiet=args.quiet)
    if args.format != "table" and not args.quiet:
        for w in tally.stale_waivers:
            sys.stderr.write(f"auditor: {w['file']}:{w['line']}: 豁免未匹配任何缺项（可删除）：{w['rule']}\n")
    return tally.code()


def cmd_diff(args: argparse.Namespace) -> int:
    from .baseline import load_result_json
    from .compare import diff_results, render_diff
    from .output import check_target, write_atomic

    old = load_result_json(args.old)
    new = load_result_json(args.new)
    d = diff_results(old, new)
    text = render_diff(d, args.format)
    if args.output:
        check_target(args.output, [args.old, args.new], named=True)
        write_atomic(args.output, text)
    else:
        _emit(text)
    return 1 if d["summary"]["new_gaps"] else 0
