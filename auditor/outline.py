"""The outline of a document: metadata plus the section tree, as a dict (JSON) or as text.

``outline_dict`` follows ``auditor/schemas/outline.schema.json``. ``outline_text`` prints a Chinese
metadata block and the indented outline with source line numbers, e.g.::

    标题：下陆区2024年法治政府建设工作报告（第9行，可信度：高，来源：标题行）
    …
    提纲：
      L11  一、2024年法治政府建设主要举措及成效
        L12  (一)强化政治引领,推进法治政府建设纵深发展

Both walk the tree without recursion, so depth is never a problem here.
"""

from __future__ import annotations

from typing import Any

from .model import Document, Field, Section, field_text


_CONFIDENCE_ZH = {"high": "高", "medium": "中", "low": "低"}
_META_ROWS = (
    ("title", "标题"), ("year", "年度"), ("issuer", "报告主体"), ("profile", "主体类型"),
    ("published", "发布日期"), ("signature_body", "落款单位"), ("signature_date", "落款日期"),
    ("index_no", "索引号"), ("doc_no", "文号"),
)


def _node(sec: Section) -> dict[str, Any]:
    return {"level": sec.level, "number": sec.number, "marker": sec.marker, "style": sec.style,
            "title": sec.title, "line": sec.line, "end_line": sec.end_line,
            "items": len(sec.items), "children": []}


def sections_list(root: Section) -> list[dict[str, Any]]:
    """The children of ``root`` as nested outline nodes (built iteratively)."""
    out: list[dict[str, Any]] = []
    stack: list[tuple[Section, list[dict[str, Any]]]] = [(c, out) for c in reversed(root.children)]
    while stack:
        sec, into = stack.pop()
        node = _node(sec)
        into.append(node)
        stack.extend((c, node["children"]) for c in reversed(sec.children))
    return out


def outline_dict(doc: Document) -> dict[str, Any]:
    """``{"metadata": {...}, "sections": [node, ...]}`` for ``auditor segment --format json``."""
    return {"metadata": doc.metadata.to_dict(), "sections": sections_list(doc.root)}


def _meta_line(label: str, name: str, field: Field | None) -> str:
    if field is None:
        return f"{label}：未找到"
    where = f"第{field.line}行，" if field.line is not None else ""
    conf = _CONFIDENCE_ZH.get(field.confidence, field.confidence)
    return f"{label}：{field_text(name, field)}（{where}可信度：{conf}，来源：{field.source}）"


def outline_text(doc: Document) -> str:
    """Metadata block and indented outline, in Chinese, one heading per line."""
    md = doc.metadata
    out = [f"文件：{doc.source}"]
    for name, label in _META_ROWS:
        out.append(_meta_line(label, name, getattr(md, name)))
    out.append(f"繁体页面：{'是' if md.traditional else '否'}")
    out.append("")
    out.append("提纲：")
    if doc.root.items:
        out.append(f"  （标题前的正文中有 {len(doc.root.items)} 项列举）")
    stack = list(reversed(doc.root.children))
    count = 0
    while stack:
        sec = stack.pop()
        count += 1
        note = f"  [列举 {len(sec.items)} 项]" if sec.items else ""
        out.append(f"{'  ' * sec.level}L{sec.line}  {sec.marker}{sec.title}{note}")
        stack.extend(reversed(sec.children))
    if not count:
        out.append("  （未识别出任何标题）")
    return "\n".join(out) + "\n"
