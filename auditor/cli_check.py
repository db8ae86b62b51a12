"""Sub-commands `check` and `diff` (gap tables, formats, gate, waivers, baseline)."""

from __future__ import annotations

import argparse
import os
import sys

from .record import replace

FAIL_ON = ("error", "warning", "info", "never")


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
    from pathlib import Path

    from .batch import audit_paths, default_jobs, iter_inputs
    from .cli import _limits
    from .config import find_project_config, load_project_config
    from .errors import UsageError
    from .formats import STREAMING, Options, Tally, extension, module, unaudited_reason
    from .output import (
        AtomicWriter,
        check_target,
        check_targets,
        is_dir_target,
        per_report_names,
        write_atomic,
    )
    from .pack import load_pack
    from .waivers import Waivers, waivable_map

    # settings from the nearest auditor.yaml; the command line wins
    settings = load_project_config(find_project_config())
    args.rules = args.rules or settings.get("rules")
    args.profile = args.profile or settings.get("profile")
    args.fail_on = args.fail_on or settings.get("fail_on") or "error"
    fmt = args.format
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs 必须是正整数", path="命令行")
    limits = _limits(args)
    renderer = module(fmt)  # fails early for a missing format module
    pack = load_pack(args.rules, limits=limits)
    if not pack.rules:
        raise UsageError("规则包没有启用任何规则，无法审查", path=args.rules or "默认规则包")
    waivers = Waivers(args.waivers)
    baseline = None
    if args.baseline:
        from .baseline import load_baseline

        baseline = load_baseline(args.baseline)
    sources = list(iter_inputs(args.paths))
    if not sources:
        raise UsageError("没有找到可审查的报告文件", path=" ".join(args.paths))
    if sources.count("-") > 1:
        raise UsageError("标准输入（-）只能给一次", path="命令行")

    out_dir = out_file = None
    if args.output:
        if is_dir_target(args.output):
            out_dir = Path(args.output)
        else:
            out_file = Path(args.output)
            check_target(out_file, [*sources, *args.paths], named=True)
    if fmt in ("xlsx", "docx") and not args.output and sys.stdout.isatty():
        raise UsageError(f"{fmt} 是二进制格式，请用 --output 指定文件", path="--format")
    if fmt == "docx" and out_dir is None and len(sources) > 1:
        raise UsageError("docx 格式每份报告输出一个 Word 文件：审查多份报告时请用 --output 指定一个目录",
                         path="--format")

    per_report = out_dir is not None and fmt in ("table", "markdown", "json", "html", "docx")
    names: list[str] = []
    if out_dir is not None:
        names = (per_report_names(sources, extension(fmt)) if per_report
                 else [f"auditor.{extension(fmt)}"])
        if fmt == "docx":    # 草稿.docx → 草稿-审查.docx, never the draft's own name
            names = [name[: -len(".docx")] + "-审查.docx" for name in names]
        targets = [out_dir / name for name in names]
        if fmt in ("html",):
            targets.append(out_dir / "index.html")
        check_targets(targets, [*sources, *args.paths], named=False)

    options = Options(color=_use_color(args, out_file is None and out_dir is None),
                      quiet=args.quiet, fail_on=args.fail_on, baseline=baseline)
    if fmt == "docx":
        options.extra.update(limits=limits, comment_author=args.comment_author)
    if options.color or sys.stdout.isatty():
        import shutil

        options.width = max(80, shutil.get_terminal_size((120, 24)).columns)
    if args.timestamp:
        from datetime import datetime, timezone

        options.timestamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat()

    jobs = args.jobs or (default_jobs() if len(sources) > 1 else 1)
    progress = len(sources) > 1 and not args.quiet and _stderr_tty()
    stream = fmt in STREAMING and not per_report
    writer = AtomicWriter(out_file if out_file is not None else out_dir / names[0]) \
        if (stream and (out_file is not None or out_dir is not None)) else None
    emit = writer.write if writer is not None else _emit
    results = []            # kept only for the formats that need the whole run
    tally = Tally(options)  # what the gate needs, for every format
    waivable = waivable_map(pack)
    # an unreadable report always gets its one line on stderr, except when the table
    # itself is on the terminal (where the line would only repeat the table's row)
    name_unaudited = not args.quiet and (fmt != "table" or writer is not None
                                         or not sys.stdout.isatty())
    try:
        if stream:
            emit(renderer.begin(pack, options))
            _check_streamed(sources, pack, renderer, options, waivers, waivable, tally, emit,
                            args=args, limits=limits, jobs=jobs, progress=progress,
                            name_unaudited=name_unaudited)
        else:
            for i, result in enumerate(audit_paths(sources, pack, pack_path=args.rules,
                                                   profile=args.profile, limits=limits, jobs=jobs,
                                                   keep_document=fmt in ("html", "docx")), 1):
                result = waivers.apply(result, waivable)
                if progress:
                    sys.stderr.write(f"\r\x1b[K审查 {i}/{len(sources)}：{result.source}")
                    sys.stderr.flush()
                if name_unaudited:
                    reason = unaudited_reason(result)
                    if reason is not None:
                        sys.stderr.write(f"auditor: {result.source}: {reason}\n")
                if per_report and not (fmt == "docx" and result.error is not None):
                    # (an unreadable report has no Word copy; its line above says why)
                    write_atomic(out_dir / names[i - 1], renderer.render([result], pack, options))
                if per_report:
                    if fmt in ("html", "docx"):
                        result = replace(result, document=None)
                tally.add(result)
                results.append(result)
        if progress:
            sys.stderr.write("\r\x1b[K")
        options.stale_waivers = waivers.stale()
        code = tally.code()
        options.exit_code = code
        if stream:
            emit(renderer.end(tally, pack, options))
            if writer is not None:
                writer.commit()
        elif per_report:
            if fmt == "html" and hasattr(renderer, "render_index"):
                write_atomic(out_dir / "index.html", renderer.render_index(results, pack, options))
        elif fmt == "docx" and results[0].error is not None:
            pass    # nothing to annotate: the report could not be read (said above), exit 2
        else:
            data = renderer.render(results, pack, options)
            if out_file is not None or out_dir is not None:
                write_atomic(out_file if out_file is not None else out_dir / names[0], data)
            else:
                _emit(data)
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    if fmt != "table" and not args.quiet:
        for w in options.stale_waivers:
            sys.stderr.write(f"auditor: {w['file']}:{w['line']}: 豁免未匹配任何缺项（可删除）：{w['rule']}\n")
    return code


class _Streamed:
    """Everything a streamed run does for one report that does not depend on the other
    reports: waivers, the report's text, its counts for the gate. With --jobs it runs in the
    worker processes, which then send back only this small plain data (see batch.audit_map),
    never the result itself."""

    def __init__(self, renderer, pack, options, waivers, waivable: dict[str, bool]) -> None:
        from .formats import report_at, report_counts, unaudited_reason

        self.renderer, self.pack, self.options = renderer, pack, options
        self.waivers, self.waivable = waivers, waivable
        self.in_worker = False
        self._at, self._counts, self._reason = report_at, report_counts, unaudited_reason

    def start_worker(self) -> None:
        self.in_worker = True
        self.waivers.keep_journal()

    def __call__(self, result, index: int):
        """(source, reason unaudited or None, text as UTF-8, counts, waiver journal); in a
        worker, the unwaived result itself when anything fails, for the parent to redo (and
        fail) exactly as it would have on its own."""
        if not self.in_worker:
            return self._done(result, index)
        try:
            return self._done(result, index)
        except Exception:  # noqa: BLE001 - redone in the parent, where it fails as it would
            self.waivers.journal()  # the parent redoes this report: drop what it changed here
            return result

    def _done(self, result, index: int):
        result = self.waivers.apply(result, self.waivable)
        reason = self._reason(result)
        data = self._at(self.renderer, result, self.pack, self.options, index).encode("utf-8")
        return (result.source, reason, data, self._counts(result, self.options, reason),
                self.waivers.journal())


def _check_streamed(sources, pack, renderer, options, waivers, waivable, tally, emit, *, args,
                    limits, jobs, progress: bool, name_unaudited: bool) -> None:
    """Audit and write a streamed format: the parent only writes each report's text in input
    order and adds up its counts."""
    from .batch import audit_map
    from .formats import report_at, streamed, unaudited_reason

    work = _Streamed(renderer, pack, options, waivers, waivable)
    total = len(sources)
    add = tally.add_counts
    for i, item in enumerate(audit_map(sources, pack, work, profile=args.profile, limits=limits,
                                       jobs=jobs), 1):
        if item.__class__ is tuple:
            source, reason, data, counts, journal = item
            if journal is not None:
                waivers.replay(journal)
        else:  # a worker could not finish this report: redo it here, the plain way
            result = waivers.apply(item, waivable)
            source, reason = result.source, unaudited_reason(result)
            data = report_at(renderer, result, pack, options, i - 1)
            counts = None
            tally.add(result)
        if progress:
            sys.stderr.write(f"\r\x1b[K审查 {i}/{total}：{source}")
            sys.stderr.flush()
        if name_unaudited and reason is not None:
            sys.stderr.write(f"auditor: {source}: {reason}\n")
        emit(data)
        if counts is not None:
            add(counts)
    streamed(renderer, options, total)


def _stderr_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


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
