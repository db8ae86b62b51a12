"""``profile``: the reporting body is of one of the given kinds.

```yaml
check:
  all:
    - profile: {in: [department]}         # a department's own report…
    - near: {a: ["局长"], b: [...]}        # …where its 局长 is the principal leader
```
Who a report's principal leader is depends on the body that reports: a 局长 is the principal of a
department's own report but only the head of one department in a county's. The profile is the
run's (``--profile``, the configuration, or the one inferred from the report's name); when it was
read from the report, the line it was read from is the evidence.
"""

from __future__ import annotations

from ..model import PROFILE_SHORT_ZH, PROFILES, Evidence
from .base import Context, Outcome, Setup

SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["in"],
    "properties": {
        "in": {"type": "array", "items": {"enum": list(PROFILES)}, "minItems": 1, "uniqueItems": True,
               "description": "报告主体类型属于其中之一时符合（government 人民政府、department 政府部门、township 乡镇/街道）"},
    },
}


def compile(settings: dict, setup: Setup) -> frozenset[str]:
    return frozenset(settings["in"])


def run(allowed: frozenset[str], ctx: Context) -> Outcome:
    profile = ctx.profile or "government"
    shown = PROFILE_SHORT_ZH.get(profile, profile)
    wanted = "、".join(PROFILE_SHORT_ZH[p] for p in PROFILES if p in allowed)
    if ctx.trace is not None:
        ctx.note(f"报告主体类型：{shown}；要求：{wanted}")
    field = ctx.doc.metadata.profile
    evidence = []
    if field is not None and field.line is not None and str(field.value) == profile:
        evidence = [Evidence(section="", line=field.line, quote=field.quote[:120], kind="match",
                             note=f"报告主体类型从{field.source}推断")]
    if profile in allowed:
        return Outcome("pass", f"报告主体类型为{shown}", evidence)
    return Outcome("fail", f"报告主体类型为{shown}，不是{wanted}", evidence)
