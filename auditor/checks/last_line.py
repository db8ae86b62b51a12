"""``last_line``: how the text ends — a page cut off by the site or the crawler stops mid-sentence.

```yaml
check:
  last_line:
    skip: "附件[:：]?"                    # trailing lines passed over, matched whole (optional)
    ends: "[。！？…”）」]$"              # the last line must match this (searched; lines are stripped)
    or_signature: true                   # …or be the 落款 the metadata found (optional)
    or_heading_chars: 20                 # …or be a heading of at most 20 characters (optional)
    heading_cut: true                    # a sub-heading with nothing under it is a cut (optional)
```
The last line of the report (after the trailing lines that ``skip`` matches whole) is the
evidence: its last 30 characters. A report whose every line is skipped has no body and fails.
A cut gives ``values["cut_line"]`` and ``values["cut"]`` (how it was cut): the parts after it are
unknown, and the pack's ``truncation`` setting turns their rules' gaps into ``not_evaluated``.
With ``heading_cut``, a text that stops at a heading with nothing under it is cut too: a part
heading ("二、存在的问题和下一步打算" as the last line) or a sub-heading (（三）…, 三、… below a part;
"（三）优化服务，构建法治化营商环境。").
"""

from __future__ import annotations

from .base import Context, Outcome, Setup

SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["ends"],
    "properties": {
        "skip": {"type": "string", "description": "文末可忽略的行（正则，须匹配整行，如“附件[:：]?”）"},
        "ends": {"type": "string", "description": "最后一行应匹配的正则（如以句末标点结尾）"},
        "or_signature": {"type": "boolean", "description": "最后一行是落款（元数据识别出的落款单位）时也算完整"},
        "or_heading_chars": {"type": "integer", "minimum": 1,
                             "description": "最后一行是不超过该字数的标题时也算完整"},
        "heading_cut": {"type": "boolean",
                        "description": "最后一行是下面没有内容的标题（二、……、（三）……）时算截断"},
    },
}

# characters of the last line quoted as evidence (a whole last line can be very long)
TAIL = 30


def compile(settings: dict, setup: Setup) -> dict:
    setup.pattern(settings.get("skip"), "skip")
    setup.pattern(settings["ends"], "ends")
    return settings


def run(conf: dict, ctx: Context) -> Outcome:
    doc = ctx.doc
    skip = conf.get("skip")
    idx = len(doc.lines) - 1
    while idx >= 0 and skip and ctx.search(skip, doc.lines[idx].norm.strip(), "fullmatch"):
        idx -= 1
    if idx < 0:
        return Outcome("fail", "报告没有正文")
    last = doc.lines[idx]
    line_start = doc.line_starts[idx]
    line_end = line_start + len(last.norm)
    evidence = [ctx.evidence(max(line_start, line_end - TAIL), line_end)]
    sec = doc.section_at(idx)
    if conf.get("heading_cut") and sec.level >= 1 and sec.start == idx and \
            sec.style in ("part", "cn", "paren_cn") and sec.title_span[1] and \
            not last.norm[sec.title_span[1]:].strip(" \t。：；，、.！？"):
        cut = f"正文在第 {last.no} 行的{'标题' if sec.level == 1 else '小标题'}之后结束，标题下没有内容"
        return Outcome("fail", f"{cut}，可能被截断", evidence, values={"cut_line": last.no, "cut": cut})
    signature = doc.metadata.signature_body
    heading_chars = conf.get("or_heading_chars")
    ends_ok = bool(ctx.search(conf["ends"], last.norm)) \
        or bool(conf.get("or_signature") and signature is not None and signature.line == last.no) \
        or bool(heading_chars and len(last.norm) <= heading_chars and doc.section_at(idx).start == idx)
    if ctx.trace is not None:
        ctx.note(f"最后一行（第 {last.no} 行）：“{last.text[-TAIL:]}”；{'结尾完整' if ends_ok else '句子未结束'}")
    if not ends_ok:
        cut = f"正文在第 {last.no} 行句子中间结束"
        return Outcome("fail", f"{cut}，可能被截断", evidence, values={"cut_line": last.no, "cut": cut})
    return Outcome("pass", f"正文在第 {last.no} 行完整结束", evidence)
