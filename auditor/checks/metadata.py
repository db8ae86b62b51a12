"""``metadata``: conditions on the report's metadata (title, covered year, dates, issuer…).

```yaml
check:
  metadata:
    field: published
    deadline: {month: 3, day: 31, year_offset: 1,          # by 31 March of the next year
               partial_after: {month: 3, day: 1, profiles: [department]}}
```
``exists``, ``matches``/``not_matches`` (regex on the value), ``min_confidence`` and
``deadline`` may be combined. A value the input does not have gives ``not_evaluated`` for a
deadline (never pass) and ``fail`` for ``exists``. With ``late_by_signature`` a 落款 date after
the deadline fails the deadline even when no publication date is found: a report is not
published before it is signed.
"""

from __future__ import annotations

from datetime import date

from ..model import Evidence
from .base import Context, Outcome, Setup

LABEL = {"title": "标题", "year": "报告年度", "issuer": "报告主体", "published": "发布日期",
         "signature_body": "落款单位", "signature_date": "落款日期", "index_no": "索引号",
         "doc_no": "文号", "profile": "主体类型", "signature": "落款"}
SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["field"],
    "properties": {
        "field": {"enum": ["title", "year", "issuer", "published", "signature_body", "signature_date",
                           "index_no", "doc_no", "profile", "signature",
                           "level"]},   # level: the old name of profile
        "exists": {"type": "boolean"},
        "matches": {"type": "string"},
        "not_matches": {"type": "string"},
        "min_confidence": {"enum": ["low", "medium", "high"]},
        "late_by_signature": {"type": "boolean",
                              "description": "没有发布日期时，落款日期已晚于期限也判逾期（报告不会在成文之前发布）"},
        "deadline": {
            "type": "object", "additionalProperties": False, "required": ["month", "day"],
            "properties": {
                "month": {"type": "integer", "minimum": 1, "maximum": 12},
                "day": {"type": "integer", "minimum": 1, "maximum": 31},
                "year_offset": {"type": "integer"},
                "partial_after": {
                    "type": "object", "additionalProperties": False, "required": ["month", "day"],
                    "properties": {
                        "month": {"type": "integer", "minimum": 1, "maximum": 12},
                        "day": {"type": "integer", "minimum": 1, "maximum": 31},
                        "profiles": {"type": "array",
                                     "items": {"enum": ["government", "department", "township"]}},
                        "levels": {"type": "array",   # the old name of profiles
                                   "items": {"enum": ["government", "department", "township"]}}}}}},
    },
}
CONF_RANK = {"low": 0, "medium": 1, "high": 2}
CONF_ZH = {"low": "低", "medium": "中", "high": "高"}


def _ev(field, ctx: Context) -> list[Evidence]:
    if field is None or field.line is None:
        return []
    note = f"{field.source}，可信度{CONF_ZH.get(field.confidence, field.confidence)}"
    # a value read from several lines has its quote joined with " / ": quote each piece on its
    # own line, so that every quote is a substring of the source line it names
    parts = field.quote.split(" / ") if " / " in field.quote else [field.quote]
    if len(parts) == 1:
        return [Evidence(section="", line=field.line, quote=field.quote[:120], kind="match",
                         note=note)]
    out: list[Evidence] = []
    pending = [p for p in parts if p]
    for line in ctx.doc.lines:
        if not pending:
            break
        if line.no >= field.line and pending[0] in line.text:
            out.append(Evidence(section="", line=line.no, quote=pending.pop(0)[:120],
                                kind="match", note=note))
    return out


def compile(settings: dict, setup: Setup) -> dict:
    setup.pattern(settings.get("matches"), "matches")
    setup.pattern(settings.get("not_matches"), "not_matches")
    return settings


def _late_signature(conf: dict, ctx: Context) -> Outcome | None:
    """Late by the 落款: no trustworthy publication date, but the report was signed after the
    deadline, so it cannot have been published by it. Without a 落款 date, a 成文日期 in the
    page's strip (a publication date of medium confidence is always a date of writing: the
    成文日期 or the 落款 standing in) says the same."""
    dl = conf.get("deadline")
    meta = ctx.doc.metadata
    day, what = meta.signature_date, "落款日期"
    if day is None and meta.published is not None and meta.published.confidence == "medium":
        day, what = meta.published, "成文日期"
    if not (conf.get("late_by_signature") and dl and ctx.year is not None and day is not None
            and day.confidence != "low" and isinstance(day.value, date)):
        return None
    due = date(ctx.year + dl.get("year_offset", 1), dl["month"], dl["day"])
    if day.value <= due:
        return None
    return Outcome("fail", f"未见发布日期，但{what} {day.value.isoformat()} 已晚于期限 {due.isoformat()}："
                           "报告不会在成文之前发布", _ev(day, ctx))


def run(conf: dict, ctx: Context) -> Outcome:
    meta = ctx.doc.metadata
    name = conf["field"]
    if name == "level":  # the old name of the profile of the reporting body
        name = "profile"
    label = LABEL[name]
    if name == "signature":
        body, day = meta.signature_body, meta.signature_date
        ev = _ev(body, ctx) + _ev(day, ctx)
        if body and day:
            if day.confidence == "low":
                return Outcome("partial", f"落款日期“{day.quote}”格式有误，请核对", ev)
            return Outcome("pass", f"落款：{body.value}，{day.value}", ev)
        if body or day:
            lacking = "日期" if body else "单位"
            return Outcome("partial", f"落款不完整：缺少{lacking}", ev)
        return Outcome("fail", "报告末尾没有落款（单位和日期）")
    field = getattr(meta, name)
    if ctx.trace is not None:
        ctx.note(f"{label}：{field.value if field else '（未找到）'}")
    if field is None:
        late = _late_signature(conf, ctx)
        if late is not None:
            return late
        if conf.get("deadline"):
            return Outcome("not_evaluated", f"输入中没有{label}，无法判断")
        return Outcome("fail", f"未找到{label}")
    value = field.value
    ev = _ev(field, ctx)
    late = _late_signature(conf, ctx) if CONF_RANK[field.confidence] < CONF_RANK["high"] else None
    if late is not None:
        return late
    if conf.get("min_confidence") and CONF_RANK[field.confidence] < CONF_RANK[conf["min_confidence"]]:
        # a value we are not sure of is as good as none for a verdict
        return Outcome("not_evaluated", f"{label}只能从{field.source}推断（“{field.quote}”，可信度"
                                        f"{CONF_ZH.get(field.confidence, '')}），无法据此判断", ev)
    text = ctx.norm(value.isoformat() if isinstance(value, date) else str(value))
    if conf.get("matches") and not ctx.search(conf["matches"], text):
        return Outcome("fail", f"{label}“{field.quote or value}”不符合要求", ev)
    if conf.get("not_matches") and ctx.search(conf["not_matches"], text):
        return Outcome("fail", f"{label}“{field.quote or value}”不符合要求", ev)
    dl = conf.get("deadline")
    if dl:
        if not isinstance(value, date):
            return Outcome("not_evaluated", f"{label}不是日期，无法判断", ev)
        if ctx.year is None:
            return Outcome("not_evaluated", "未识别出报告所属年度，无法计算期限", ev)
        due_year = ctx.year + dl.get("year_offset", 1)
        due = date(due_year, dl["month"], dl["day"])
        weak = "" if field.confidence == "high" else \
            f"（日期取自{field.source}，可信度{CONF_ZH.get(field.confidence, '')}）"
        if value > due:
            return Outcome("fail", f"{label} {value.isoformat()} 晚于期限 {due.isoformat()}{weak}", ev)
        pa = dl.get("partial_after")
        if pa:
            soft = date(due_year, pa["month"], pa["day"])
            profiles = pa.get("profiles", pa.get("levels"))   # levels: the old name
            if value > soft and (not profiles or ctx.profile in profiles):
                return Outcome("partial", f"{label} {value.isoformat()} 在 {due.isoformat()} 前，"
                                          f"但晚于 {soft.isoformat()} 的报送时间{weak}", ev)
        return Outcome("pass", f"{label} {value.isoformat()}，在期限 {due.isoformat()} 之前{weak}", ev)
    shown = value.isoformat() if isinstance(value, date) else value
    return Outcome("pass", f"{label}：{shown}", ev)
