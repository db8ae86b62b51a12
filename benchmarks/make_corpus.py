"""Build a synthetic corpus of N reports from the five reports in corpus/.

Each report is one of the five, varied so that the auditor cannot answer from a cache and the
findings differ from file to file:

* the second-level sections ("（一）…") inside each part are shuffled;
* some elements are dropped: with some probability a whole part (e.g. 存在的问题), a second-level
  section or a few paragraphs go missing; sometimes the web-page chrome at the top is dropped;
* the covered year is sometimes shifted (2021–2025) in the title and opening sentence;
* forms: plain text (UTF-8), a saved government web page (HTML, with navigation, breadcrumb and
  footer chrome around a <div> of <p> paragraphs) and Word (.docx via python-docx; in half of
  them the "1." items use Word's automatic numbering — style "List Number" — so the number is
  not in the text).

Deterministic: the same N, seed and forms give the same files.

    python benchmarks/make_corpus.py OUT_DIR -n 1000 [--forms txt,html,docx] [--seed 1]
"""

from __future__ import annotations

import argparse
import html
import os
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

_TOP = re.compile(r"^[一二三四五六七八九十]+、")
_SECOND = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
_ITEM = re.compile(r"^(\d+)[.．、]\s*")
_YEAR = re.compile(r"20\d\d")


def parse(text: str) -> tuple[list[str], list[tuple[str, list[tuple[str | None, list[str]]]]]]:
    """(lines before the first part, parts) where a part is (heading, [(sub heading, lines)])."""
    head: list[str] = []
    parts: list[tuple[str, list[tuple[str | None, list[str]]]]] = []
    for line in text.splitlines():
        s = line.strip()
        if _TOP.match(s):
            parts.append((line, [(None, [])]))
        elif not parts:
            head.append(line)
        elif _SECOND.match(s):
            parts[-1][1].append((line, []))
        else:
            parts[-1][1][-1][1].append(line)
    return head, parts


def vary(text: str, rng: random.Random) -> list[str]:
    """One varied report as a list of lines."""
    head, parts = parse(text)
    if rng.random() < 0.3:  # drop the page chrome ("- 设为首页", the metadata block…)
        head = [h for h in head if not h.startswith("- ") and "：" not in h[:8] and ":" not in h[:8]]
    if rng.random() < 0.25:
        shift = rng.choice((-3, -2, -1, 1))
        head = [_YEAR.sub(lambda m: str(min(2025, max(2021, int(m.group()) + shift))), h)
                if "法治" in h or h.strip().startswith("20") else h for h in head]
    out = list(head)
    if len(parts) > 2 and rng.random() < 0.15:  # a whole part missing (e.g. the problems)
        del parts[rng.randrange(1, len(parts))]
    for heading, subs in parts:
        intro, rest = subs[0], subs[1:]
        rng.shuffle(rest)
        if len(rest) > 2 and rng.random() < 0.3:
            del rest[rng.randrange(len(rest))]
        out.append(heading)
        for sub_heading, lines in [intro] + rest:
            if sub_heading is not None:
                out.append(sub_heading)
            for line in lines:
                if rng.random() < 0.05:
                    continue  # a dropped paragraph
                out.append(line)
    return out


def write_txt(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


PAGE_HEAD = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}_政务公开</title>
<link rel="stylesheet" href="/css/main.css"><script src="/js/jquery.min.js"></script></head>
<body><div class="top"><a href="/">设为首页</a> | <a href="#">加入收藏</a> | <a href="#">无障碍阅读</a></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 法治政府建设</div>
<div class="article"><h1>{title}</h1>
<div class="info">发布时间：2025-03-{day:02d}　来源：司法局　【字号：大 中 小】　打印</div>
<div class="content" id="zoom">
"""
PAGE_TAIL = """</div></div>
<div class="share">分享到：微信 微博</div>
<div class="footer"><p>主办单位：人民政府办公室　网站标识码：4202000000　ICP备12345678号</p>
<p>技术支持：某某网络科技有限公司</p></div></body></html>
"""


def write_html(path: Path, lines: list[str], rng: random.Random) -> None:
    title = next((ln for ln in lines if "报告" in ln and len(ln) < 60 and ":" not in ln), "工作报告")
    body = "".join(f"<p>{html.escape(ln.strip())}</p>\n" for ln in lines
                   if ln.strip() and not ln.startswith("- "))
    path.write_text(PAGE_HEAD.format(title=html.escape(title.strip()), day=rng.randint(1, 31))
                    + body + PAGE_TAIL, encoding="utf-8")


def write_docx(path: Path, lines: list[str], auto_numbering: bool) -> None:
    import docx  # python-docx

    document = docx.Document()
    for ln in lines:
        s = ln.strip()
        if not s or s.startswith("- "):
            continue
        m = _ITEM.match(s)
        if auto_numbering and m:
            document.add_paragraph(s[m.end():], style="List Number")
        elif _TOP.match(s):
            document.add_paragraph(s, style="Heading 1")
        else:
            document.add_paragraph(s)
    document.save(str(path))


def build(out: Path, n: int, forms: list[str], seed: int = 1) -> list[Path]:
    sources = sorted(CORPUS.glob("*.txt"))
    texts = [p.read_text("utf-8") for p in sources]
    made: list[Path] = []
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        k = i % len(texts)
        form = forms[i % len(forms)]
        lines = vary(texts[k], rng)
        folder = out / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{sources[k].stem}-{i:05d}.{form}"
        if form == "txt":
            write_txt(path, lines)
        elif form == "html":
            write_html(path, lines, rng)
        elif form == "docx":
            write_docx(path, lines, auto_numbering=(i // len(forms)) % 2 == 0)
        else:
            raise SystemExit(f"unknown form {form}")
        made.append(path)
    return made


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="build a synthetic corpus from corpus/")
    ap.add_argument("out", help="output folder (created)")
    ap.add_argument("-n", type=int, default=1000, help="number of reports (default 1000)")
    ap.add_argument("--forms", default="txt", help="comma-separated: txt,html,docx (round robin)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    out = Path(args.out)
    made = build(out, args.n, [f.strip() for f in args.forms.split(",") if f.strip()], args.seed)
    size = sum(os.path.getsize(p) for p in made)
    print(f"{len(made)} reports in {out} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
