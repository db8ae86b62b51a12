"""``last_line``: how the text ends — a page cut off by the site or the crawler stops mid-sentence.

```yaml
check:
  last_line:
    skip: "附件[:：]?"                    # trailing lines passed over, matched whole (optional)
    ends: "[。！？…”）」]$"              # the last line must match this (searched; lines are stripped)
    or_signature: true                   # …or be the 落款 the metadata found (optional)
    or_heading_chars: 20                 # …or be a heading of at most 20 characters (optional)
    heading_cut: true                    # a sub-heading with nothing under it is a cut (optional)
    open_roles:                          # a text with no 落款 that stops inside one of these parts
      - problems                         # (and has no closing part after it) is cut (optional)
      - {role: measures, closed_by: [problems, next_year, other], closing_text: false}
    closing_roles: [next_year, other]    # the parts that close a string item of open_roles (default)
    closing_text: "下一步|下步"          # …unless that part's text turns to the plan (optional)
    open_on_pages: true                  # open_roles cut only a published web page (optional)
```
The last line of the report (after the trailing lines that ``skip`` matches whole) is the
evidence: its last 30 characters. A report whose every line is skipped has no body and fails.
A cut gives ``values["cut_line"]`` and ``values["cut"]`` (how it was cut): the parts after it are
unknown, and the pack's ``truncation`` setting turns their rules' gaps into ``not_evaluated``.
With ``heading_cut``, a text that stops at a heading with nothing under it is cut too: a part
heading ("二、存在的问题和下一步打算" as the last line) or a sub-heading (（三）…, 三、… below a part;
"（三）优化服务，构建法治化营商环境。"). A sub-heading whose earlier siblings of its style have
nothing under them either is the last of a list of one-line items (a plan "（一）……。（二）……。
（三）……。" that ended), not a cut.
With ``open_roles``, a text that stops at a full stop is still cut when it has no 落款 (neither body
nor date), its last line lies in a part of one of those roles, and the report has no part of that
item's closing roles (``closed_by``; for a bare role name ``closing_roles``, default ``next_year``,
``other``) after that part begins: a report that has reached its problems part goes on to its plan
and its 落款, and one that stops in its measures goes on to its problems, so a text that ends there
was cut (the site, the crawler or a copy stopped at a sentence's end). A part that is itself of a
closing role too ("二、存在的问题和下一步打算") does not close the report by its heading alone. It
is not cut when the body of that last part turns to the plan (``closing_text``, e.g. "下一步，我区
将……": the report gave its plan there and ended; an item's own ``closing_text`` replaces it, and
``false`` turns it off).
With ``open_on_pages``, ``open_roles`` cut only a **published page**: one whose page strip was read
(a publication date from the page's fields, not from the 落款), whose page chrome was dropped
before its last line, or whose headline repeats the document's title above it, and which ends with no page chrome after its body (扫一扫, 打印本页, 关闭窗口,
上一篇/下一篇, footer links…) and no trailing line ``skip`` passed over (附件:): a page that
reached its footer is complete, and a drafter's text with no strip that lacks its later parts has
gaps to be told about, not a cut.
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
        "open_roles": {"type": "array", "minItems": 1, "items": {"oneOf": [
            {"type": "string"},
            {"type": "object", "additionalProperties": False, "required": ["role"], "properties": {
                "role": {"type": "string"},
                "closed_by": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                "closing_text": {"type": ["string", "boolean"]}}}]},
                       "description": "没有落款、正文止于这些角色的部分（如问题部分、举措部分）时算截断；"
                                      "可写 {role, closed_by, closing_text}：其后有 closed_by 的部分时不算截断"},
        "open_on_pages": {"type": "boolean",
                          "description": "open_roles 只对网页生效：读到网页信息栏（或正文前的网页框架），"
                                         "且正文之后没有网页页脚（扫一扫、打印本页、关闭窗口、上一篇等）"},
        "closing_roles": {"type": "array", "items": {"type": "string"}, "minItems": 1,
                          "description": "open_roles 的部分同时属于这些角色时不算截断（默认 next_year、other）"},
        "closing_text": {"type": "string",
                         "description": "open_roles 的部分中出现此正则（如“下一步”）时，报告已在其中写了安排，不算截断"},
        "heading_cut": {"type": "boolean",
                        "description": "最后一行是下面没有内容的标题（二、……、（三）……）时算截断"},
    },
}

# characters of the last line quoted as evidence (a whole last line can be very long)
TAIL = 30


def compile(settings: dict, setup: Setup) -> dict:
    setup.pattern(settings.get("skip"), "skip")
    setup.pattern(settings["ends"], "ends")
    setup.pattern(settings.get("closing_text"), "closing_text")
    for j, name in enumerate(settings.get("closing_roles") or ()):
        setup.role(name, "closing_roles", j)
    items = []
    for j, item in enumerate(settings.get("open_roles") or ()):
        if isinstance(item, str):
            item = {"role": item}
        setup.role(item["role"], "open_roles", j, "role")
        for k, name in enumerate(item.get("closed_by") or ()):
            setup.role(name, "open_roles", j, "closed_by", k)
        if isinstance(item.get("closing_text"), str):
            setup.pattern(item["closing_text"], "open_roles", j, "closing_text")
        items.append(item)
    return {**settings, "open_roles": items}


_TRAILING = " \t。：；，、.！？"


def _bodiless(doc, sec) -> bool:
    """A heading with nothing under it: one line, nothing after its title but punctuation."""
    return sec.end - sec.start == 1 and not doc.lines[sec.start].norm[sec.title_span[1]:].strip(_TRAILING)


def _last_of_one_line_items(doc, sec) -> bool:
    """``sec`` closes a list of one-line items: it has earlier siblings of its own style under the
    same heading and none of them has anything under it either ("（一）编印执法文书范本。" /
    "（二）推行先行调解。" / "（三）组织轮训。" — a plan of one-sentence items that ended), so its
    having no body says nothing about a cut; a sub-heading whose siblings have paragraphs under
    them and that has none is where the text stopped."""
    parent = next((p for p in doc.root.walk() if sec in p.children), None)
    if parent is None:
        return False
    siblings = [c for c in parent.children[:parent.children.index(sec)] if c.style == sec.style]
    return bool(siblings) and all(_bodiless(doc, c) for c in siblings)


def _title_repeated(doc) -> bool:
    """The page's headline repeats the document's title above it (a site prints the article's
    title, then the document its own, often split over lines): a published page."""
    title = doc.metadata.title
    if title is None or title.line is None:
        return False
    want = "".join(str(title.value).split())
    return len(want) >= 8 and any(
        line.no < title.line and "".join(line.text.split()) == want for line in doc.lines)


def _published_page(ctx: Context, last_no: int, skipped: bool) -> bool:
    """A published web page that stopped before its footer: its page strip was read (a publication
    date from the page's fields, not the 落款's) or page chrome was dropped before its last line,
    and nothing of the page's footer follows the body (no chrome dropped after the last line, no
    trailing 附件 line passed over)."""
    doc = ctx.doc
    if skipped or any(line.no > last_no for line, _ in doc.dropped):
        return False    # the page reached its footer: what it shows is the whole report
    published = doc.metadata.published
    strip = published is not None and not published.source.startswith("落款")
    return strip or any(line.no < last_no for line, _ in doc.dropped) or _title_repeated(doc)


def _stops_in_open_part(conf: dict, ctx: Context, idx: int) -> tuple[str, list[str]] | None:
    """The role label of the part the text stops in when that part is an open one, the report
    has no closing part and no 落款 (the rest of the text is unknown), with the closing roles that
    would have followed; or None."""
    meta = ctx.doc.metadata
    if not conf.get("open_roles") or meta.signature_body is not None or meta.signature_date is not None:
        return None
    pos = ctx.doc.line_starts[idx]
    for item in conf["open_roles"]:
        role = item["role"]
        # a report whose plan (or other closing part) is written after the part it stops in has
        # reached its end; a part that joins the problems and the plan ("二、存在的问题和下一步打算")
        # is open until its body turns to the plan
        closers = item.get("closed_by") or conf.get("closing_roles") or ("next_year", "other")
        closing = [sec for r in closers for sec in ctx.role_sections(r)]
        text = item.get("closing_text", conf.get("closing_text"))
        for sec in ctx.role_sections(role):
            a, b = ctx.section_span(sec)
            if not a <= pos < b:
                continue
            if any(ctx.section_span(other) != (a, b) for other in closing):
                return None     # the plan (or another closing part) is written in a part of its own
            body_a, _ = ctx.section_span(sec, body_only=True)
            if isinstance(text, str) and ctx.search(text, ctx.doc.text[body_a:b]):
                return None     # the part turns to the plan ("下一步，我区将……") and the report ends
            return ctx.role_label(role), list(closers)
    return None


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
            not last.norm[sec.title_span[1]:].strip(_TRAILING) and not _last_of_one_line_items(doc, sec):
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
    stop = None
    if not conf.get("open_on_pages") or _published_page(ctx, last.no, idx < len(doc.lines) - 1):
        stop = _stops_in_open_part(conf, ctx, idx)
    if stop is not None:
        part, closers = stop
        later = "存在的问题、下一年度安排" if "problems" in closers else "下一年度安排"
        cut = f"正文在第 {last.no} 行「{part}」部分中结束，其后没有{later}和落款"
        return Outcome("fail", f"{cut}，可能被截断", evidence, values={"cut_line": last.no, "cut": cut})
    return Outcome("pass", f"正文在第 {last.no} 行完整结束", evidence)
