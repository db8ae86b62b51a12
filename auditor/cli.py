"""Command line: argument parsing and wiring of the Python API. Nothing else lives here.

Exit codes: 0 no finding reaches --fail-on; 1 one does (or `diff` found a new gap, or
`rules test` found a misbehaving example); 2 usage, input or rule-pack error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from typing import Sequence

from . import __version__
from .errors import AuditorError


# argparse's own words, in Chinese (argparse looks ``_`` up in its module at call time)
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
}


def _zh(message: str) -> str:
    return _ARGPARSE_ZH.get(message, message)


argparse._ = _zh  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese messages and exit code 2 on usage errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: 用法错误：{message}\n")
        raise SystemExit(2)


def _add_limit_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-file-size", metavar="SIZE",
                   help="可读取的最大文件（默认 20M，可写 512K、100M 等）")
    p.add_argument("--max-lines", type=int, metavar="N",
                   help="一份报告最多读取的行数（默认 200000）")
    p.add_argument("--max-unpacked-size", metavar="SIZE",
                   help=".docx 解压后 XML 的总大小上限（默认 64M）")
    p.add_argument("--regex-timeout", type=float, metavar="秒",
                   help="单条规则正则在一份报告上的最长运行时间（默认 0.25 秒）")


def _limits(args: argparse.Namespace):
    from .limits import DEFAULT_LIMITS, Limits, parse_size

    kwargs = {}
    if getattr(args, "max_file_size", None):
        try:
            kwargs["max_file_bytes"] = parse_size(args.max_file_size)
        except ValueError:
            raise AuditorError(f"--max-file-size 的值无效：{args.max_file_size}", path="命令行")
    if getattr(args, "max_unpacked_size", None):
        try:
            kwargs["max_unpacked_bytes"] = parse_size(args.max_unpacked_size)
        except ValueError:
            raise AuditorError(f"--max-unpacked-size 的值无效：{args.max_unpacked_size}", path="命令行")
    if getattr(args, "max_lines", None) is not None:
        if args.max_lines < 1:
            raise AuditorError("--max-lines 必须是正整数", path="命令行")
        kwargs["max_lines"] = args.max_lines
    if getattr(args, "regex_timeout", None):
        if args.regex_timeout <= 0:
            raise AuditorError("--regex-timeout 必须大于 0", path="命令行")
        kwargs["regex_timeout"] = args.regex_timeout
    if not kwargs:
        return DEFAULT_LIMITS

    return replace(Limits(), **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="auditor",
        description="法治政府建设年度报告合规审查：按《法治政府建设与责任落实督察工作规定》等要求，"
                    "逐项检查报告是否写明应有内容，并给出证据（章节、行号、原文）和依据。",
    )
    # Python 3.11's version action does not pass its help text through ``argparse._``
    parser.add_argument("--version", action="version", version=f"auditor {__version__}",
                        help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    seg = sub.add_parser("segment", help="显示报告的章节结构（提纲）和元数据",
                         description="读取一份报告，输出识别出的章节树（带行号）和元数据。")
    seg.add_argument("file", metavar="文件", help="报告文件（.txt .html .mht .docx .pdf），或 - 表示标准输入")
    seg.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    _add_limit_options(seg)
    seg.set_defaults(func=_cmd_segment)

    from . import cli_check, cli_commands, serve_cli

    cli_check.register(sub, _add_limit_options)
    cli_commands.register(sub, _add_limit_options)
    serve_cli.register(sub, _add_limit_options)
    return parser


def _cmd_segment(args: argparse.Namespace) -> int:
    from .pipeline import read_document

    doc = read_document(args.file, limits=_limits(args))
    from .outline import outline_dict, outline_text

    if args.format == "json":
        sys.stdout.write(json.dumps(outline_dict(doc), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(outline_text(doc))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    # `auditor check a.txt --format json b.txt`: paths after options are still paths
    if extra and getattr(args, "command", None) == "check" and not any(x.startswith("-") and x != "-"
                                                                      for x in extra):
        args.paths.extend(extra)
    elif extra:
        parser.error(_zh("unrecognized arguments: %s") % " ".join(extra))
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    from . import cache

    cache.hold()        # a command whose input is refused (exit code 2) writes no cache entry
    code = _run(args)
    cache.release(write=code != 2)
    return code


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args) or 0)
    except AuditorError as exc:
        from .safetext import terminal_text   # names and quoted text may hold an ESC

        if len(exc.problems) == 1:
            sys.stderr.write(f"auditor: {terminal_text(str(exc.problems[0]))}\n")
        else:  # one line per problem, each starting with file:line:col, then a count
            for problem in exc.problems:
                sys.stderr.write(f"{terminal_text(str(problem))}\n")
            sys.stderr.write(f"auditor: {terminal_text(exc.message)}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("auditor: 已中断\n")
        return 130
    except BrokenPipeError:
        # the reader of our output went away (e.g. `| head`); not an error of ours
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    except MemoryError:
        sys.stderr.write("auditor: 内存不足：输入过大，请用 --max-file-size 调低上限或拆分文件\n")
        return 2
    except RecursionError:
        sys.stderr.write("auditor: 输入结构嵌套过深，无法处理\n")
        return 2
    except Exception as exc:  # a bug of ours: still one line, unless debugging
        if os.environ.get("AUDITOR_DEBUG"):
            raise
        sys.stderr.write(f"auditor: 内部错误：{type(exc).__name__}: {exc}"
                         "（设置环境变量 AUDITOR_DEBUG=1 可查看详情，并请报告此问题）\n")
        return 2
