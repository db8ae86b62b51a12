"""``ending``: the text is complete — it does not stop mid-sentence or mid-part.

```yaml
check:
  ending: {closing_roles: [next_year, other], terminal: "[。！？…”）」]"}
```
Fails when the last line of report text does not end a sentence (a page cut by the site or
the crawler), or when the report has none of the closing parts and no 落款 (it stops after
an early part).
"""

from __future__ import annotations

from ..pattern_cache import compiled
from .base import Context, Outcome, Setup

_IGNORABLE = compiled(r"^(附件[:：]?|附件\s*\d*[:：]?.{0,20})$")
_DATE = compiled(r"\d{4}\s*年?\s*\d{1,2}\s*月\s*\d{1,2}\s*日?$|\d{4}[-./]\d{1,2}[-./]\d{1,2}$")


SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "closing_roles": {"type": "array", "items": {"type": "string"}},
        "terminal": {"type": "string", "description": "正文最后一句应以之结尾的字符（正则字符类）"},
    },
}


def compile(settings: dict, setup: Setup) -> dict:
    for i, role in enumerate(settings.get("closing_roles") or ()):
        setup.role(role, "closing_roles", i)
    setup.pattern(settings.get("terminal"), "terminal")
    return settings


def run(conf: dict, ctx: Context) -> Outcome:
    doc = ctx.doc
    terminal = compiled((conf.get("terminal") or "[。！？…”’）」』!?.]") + r"\s*$")
    idx = len(doc.lines) - 1
    while idx >= 0 and _IGNORABLE.match(doc.lines[idx].norm.strip()):
        idx -= 1
    if idx < 0:
        return Outcome("fail", "报告没有正文")
    last = doc.lines[idx]
    meta = doc.metadata
    signed = meta.signature_body is not None or meta.signature_date is not None
    is_signature = bool(_DATE.search(last.norm)) or (meta.signature_body is not None and
                                                     meta.signature_body.line == last.no)
    ends_ok = is_signature or bool(terminal.search(last.norm)) or len(last.norm) <= 20 and \
        doc.section_at(idx).start == idx
    if ctx.trace is not None:
        ctx.note(f"最后一行（第 {last.no} 行）：“{last.text[-30:]}”；{'结尾完整' if ends_ok else '句子未结束'}")
    # quote where the text ends (a whole last line can be very long)
    line_end = ctx.doc.line_starts[idx] + len(last.norm)
    last_ev = ctx.evidence(max(ctx.doc.line_starts[idx], line_end - 30), line_end, whole_line=False)
    if not ends_ok:
        return Outcome("fail", f"正文在第 {last.no} 行句子中间结束，可能被截断", [last_ev])
    closing = conf.get("closing_roles") or []
    has_closing = any(ctx.role_sections(r) for r in closing)
    if ctx.trace is not None:
        ctx.note(f"结尾部分（{'、'.join(ctx.role_label(r) for r in closing)}）：{'有' if has_closing else '无'}；落款：{'有' if signed else '无'}")
    if closing and not has_closing and not signed:
        top = [s for s in doc.root.children]
        where = f"在「{top[-1].heading}」之后" if top else ""
        return Outcome("fail", f"报告{where}即结束：没有{'、'.join(ctx.role_label(r) for r in closing)}，"
                               "也没有落款，可能不完整", [last_ev])
    return Outcome("pass", "报告结尾完整", [last_ev])
