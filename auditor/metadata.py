"""Metadata of a report: title, covered year, issuer, profile, dates, 索引号, 文号.

Every value is a ``Field`` that says where it was read (source line number and quote), how it was
found (``source``, in Chinese) and how sure we are (``confidence``: high / medium / low).

Where things are looked for
---------------------------
* **Page fields** (``clean.raw.lines``: every line, including the page-metadata block the cleaner
  drops): "key: value" pairs and " | "-separated table rows, several per line, keys possibly spaced
  out ("索 引 号"). Only short lines (≤ 300 characters) are read, and a key counts only at the start
  of a line or after a space, "|" or a list bullet (•). The first occurrence of each key wins.
* **Title**: the report's own title line — the last title-like line (ends in 报告/总结/汇报/情况, or
  names 法治…报告; no 。; not a page field or breadcrumb) before the first paragraph or heading of
  ``clean.lines``. A title split over lines ("关于2024年度鹦鹉街道法治政府建设" / "情况的报告") is joined
  with up to two short lines before it, and a body's name alone on the line above a title that
  opens with 关于 or the year ("某区司法局" / "2024年度法治政府建设情况报告") is put in front (not the
  value of a key such as "信息来源"). A subtitle ("——在…会议上的报告") is never the title on its own:
  one that reads as a title is appended to the title above it. Else the 标题/名称 field, else
  ``raw.title_hint``.
* **Year**: the first "2024年" in the title (high); else a first paragraph that opens with "2024年"
  (medium).
* **Issuer**: the name before the year in the title ("青山区人民政府2021年度…", "兴隆台区关于2024年…"),
  or, when the title opens with the year ("关于2024年度鹦鹉街道法治政府建设…"), the name between the
  year and 法治/依法行政; it must end in an administrative suffix (区/县/市/街道/镇/人民政府/局/…).
  Else the 落款 (medium). The site's 发布机构/来源 is the publisher, not the issuer, and is not used.
* **落款**: a date-only line among the last 15 non-empty lines of the report text, with up to three
  short unpunctuated lines right above it as the signing bodies (kept as written, joined by "；"; a
  table row, "| 3 | 新建调解室4个 | 镇综治中心 | 12月底 |", is not one).
* **Page-field layouts** (issue 17; strips written the way real 政府信息公开 pages print them):
  "发布日期：2025-03-12" several to a line with 来源/浏览次数/字体 beside; "[ 发布日期 ] …", "【…】";
  " | "-tables, including a header row of keys with the values in the next row; a key alone on its
  line, with or without a colon, the value on the next non-empty line ("发布日期" / "2023-02-20");
  stacked strips with list bullets ("• 发文日期:" / "" / "2025年03月06日 16:40").
* **Published**, the first found of:
  1. the keys 发布日期 / 发布时间 / 发文日期 / 公开日期 / 发表日期 / 发表时间 / 日期 / 生成日期 / 时间 /
     更新日期 / 更新时间 (high). A bare 日期 or 时间 counts only in the page's strip: beside 来源,
     作者, 浏览/点击/阅读 or the 字体 buttons, or on a line of page chrome (before the report's text or
     dropped by the cleaner) that is not a site clock. Real news-style pages print
     "时间：2025-03-20　来源：区司法局" where the only time is the posting time, and a reader takes it
     as such; "时间：2024年5月10日　地点：…" inside the text is a meeting's. 更新时间 is on many pages the
     only date: a page updated by the deadline was online by then;
  2. a date in ``raw.meta_hints`` (PubDate and the like, high);
  3. an unlabelled byline in the header (see ``_byline``: "2025-03-03 08:47　来源：…",
     "某县人民政府 2024年01月08日", a - / . date alone; high);
  4. the 成文日期 alone (medium: it says when the report was written, not published);
  5. the 落款 date (medium: signing is not publishing);
  6. a date in a URL (…/202503/t20250331_…, low: weak evidence).
  Never: a site clock ("今天是…", 农历, a weekday with nothing of the strip beside it), a validity
  period (有效期/失效/施行), the document's own bracketed date under the title, a date in the text.
  A publication date of medium confidence is always a date of writing (4 or 5).
* **Dates** read: 2025-02-28, 2025/02/28, 2025.02.28, 2025年2月28日, 2025-01-09 14:52,
  二〇二五年一月九日. A garbled 落款 such as "20252月10" (no 年 between year and month) is read as
  2025-02-10 with LOW confidence and the source says the date is malformed.
* **Level**: from the issuer, else the signing bodies, else the title, by the name's ending:
  乡/镇/街道/办事处/街道(党)工委 → township; 人民政府 or 区委/县委/市委 → government; 局/委员会/委/办公室/
  办/厅/中心/署/院/部/所/站/队 → department; a bare 区/县/市/州/旗/盟/省 name → government.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Callable, Iterable, Mapping, Sequence

from .model import PROFILE_SHORT_ZH, CleanText, Field, Line, Metadata
from .normalize import fold, normalize
from .segment import marked_part, match_heading


_MAX_FIELD_LINE = 300
_SIGNATURE_WINDOW = 15

# -- page fields ------------------------------------------------------------------------------

_FIELD_KEYS = ("发布日期", "发布时间", "发文日期", "公开日期", "成文日期", "生成日期", "发表日期", "发表时间",
               "更新日期", "更新时间", "索引号", "发文字号", "文号", "名称",
               "标题", "发布机构", "发文机关", "所属机构", "来源", "文件分类", "主题分类", "有效性",
               "公开方式", "作者", "信息来源", "文章来源", "浏览次数", "点击数", "日期", "时间")
# "发布日期：…", "索 引 号 | …", and the bracketed strips "[ 发布日期 ] …", "【发布日期】…"
_KEY_RE = re.compile(
    r"(?:^|(?<=[\s|•·●▪◦]))(?:[\[【]\s*)?(" + "|".join(r"\s*".join(k) for k in _FIELD_KEYS)
    + r")(?:\s*(?:[\]】]\s*[：|]?|[：|])|[ \t\u3000]+(?=(?:19|20)\d{2}\s*[-/.年]))")
# (the last form: a date key and the date with only spaces between, "发布时间 2025.03.28")
# _KEY_RE without its leading assertion: a pattern that starts with the keys lets the regex
# engine skip ahead to their first characters, many times faster than trying the assertion
# at every position (see _key_matches)
_KEY_BODY_RE = re.compile(_KEY_RE.pattern.replace(r"(?:^|(?<=[\s|•·●▪◦]))", "", 1))
_SPACES_RE = re.compile(r"\s+")
_SPACED_DATE_KEY = re.compile(r"(?:日期|时间)[ \t\u3000]+(?:19|20)\d{2}")
_EMPTY_VALUES = frozenset({"", "无", "-", "--", "—", "/", "暂无", "空"})
# list bullets some sites print before each key of a stacked strip ("• 发文日期:")
_BULLETS = "•·●▪◦"
# a key alone on its line, the value on the next one ("发布日期" / "2023-02-20"; "[ 发布日期 ]")
_KEY_ALONE = re.compile(r"[" + _BULLETS + r"]?\s*(?:[\[【]\s*)?("
                        + "|".join(r"\s*".join(k) for k in _FIELD_KEYS) + r")\s*[\]】]?\s*[：]?")
_TABLE_RULE = re.compile(r"[\s|:：-]*")
# what sits next to a site's own date in its strip: the source, author, hit counter, font buttons
_STRIP_COMPANION = re.compile(r"来源|作者|编辑|浏览|点击|阅读|访问|字[体号]|发布机构|打印")
# a site's clock ("今天是：2025年3月5日 星期三 农历二月初六"): the day the page was fetched, not published
_CLOCK = re.compile(r"今天是|今日|当前日期|当前时间|农历|欢迎")
_WEEKDAY = re.compile(r"星期[一二三四五六日天]|周[一二三四五六日]|礼拜[一二三四五六日天]")
_BARE_DATE_KEYS = frozenset({"日期", "时间"})


def _key_matches(norm: str) -> list[re.Match[str]]:
    """What ``_KEY_RE.finditer(norm)`` finds: a key counts only at the start of the line or
    after a space, a "|" or a list bullet; after a key elsewhere, the search goes on from its
    next character."""
    out = []
    pos = 0
    while (m := _KEY_BODY_RE.search(norm, pos)) is not None:
        start = m.start()
        if start == 0 or norm[start - 1].isspace() or norm[start - 1] == "|" or norm[start - 1] in _BULLETS:
            out.append(m)
            pos = m.end()
        else:
            pos = start + 1
    return out


def _field_pairs(line: Line) -> list[tuple[str, str, int]]:
    """(key, value, value offset) pairs of one line; the value is taken from ``line.text``."""
    norm = line.norm
    matches = _key_matches(norm)
    out = []
    for idx, m in enumerate(matches):
        key = _SPACES_RE.sub("", m.group(1))
        v_start = m.end()
        v_end = matches[idx + 1].start() if idx + 1 < len(matches) else len(norm)
        seg = norm[v_start:v_end]
        # trim spaces and table bars, keeping offsets
        lo, hi = 0, len(seg)
        while lo < hi and seg[lo] in " \t|":
            lo += 1
        while hi > lo and seg[hi - 1] in " \t|":
            hi -= 1
        out.append((key, line.text[v_start + lo:v_start + hi], v_start + lo))
    return out


def _table_cells(norm: str) -> list[str]:
    return [c.strip() for c in norm.strip().strip("|").split("|")]


def _page_fields(lines: Iterable[Line], bare_ok: Callable[[Line], bool] = lambda line: True
                 ) -> dict[str, tuple[str, Line]]:
    """The page fields of ``lines``: "key: value" pairs (several per line), a key alone on its
    line with the value on the next non-empty line, and a table whose header row holds only
    keys ("索引号 | 发布机构 | 发布日期") with the values in the next row. A bare 日期/时间 is
    kept only where ``bare_ok`` says the line belongs to the page's strip."""
    fields: dict[str, tuple[str, Line]] = {}
    pending: str | None = None          # a key alone on its line: its value is the next line
    header: list[str | None] | None = None   # the keys of a table's header row

    def put(key: str, value: str, line: Line) -> None:
        if key not in fields and value.strip() and (key not in _BARE_DATE_KEYS or bare_ok(line)):
            fields[key] = (value, line)

    for line in lines:
        norm = line.norm
        stripped = norm.strip()
        if not stripped:
            continue
        if header is not None:
            if _TABLE_RULE.fullmatch(stripped):          # the "---|---" rule under a header row
                continue
            cells = _table_cells(norm) if "|" in norm else []
            raw_cells = _table_cells(line.text) if "|" in norm else []
            if len(cells) == len(header) == len(raw_cells):
                for key, value in zip(header, raw_cells):
                    if key is not None:
                        put(key, value, line)
                header = None
                continue
            header = None
        if pending is not None:
            if len(stripped) <= 40 and not _is_field_line(norm) and _KEY_ALONE.fullmatch(stripped) is None:
                put(pending, line.text.strip(), line)
            pending = None
        if len(norm) > _MAX_FIELD_LINE:
            continue
        alone = _KEY_ALONE.fullmatch(stripped)
        if alone is not None:
            key = _SPACES_RE.sub("", alone.group(1))
            if key not in fields:
                pending = key
            continue
        if "|" in norm:
            cells = _table_cells(norm)
            keys = [_KEY_ALONE.fullmatch(c) if c else None for c in cells]
            if len(cells) >= 2 and all(k is not None or not c for k, c in zip(keys, cells)) \
                    and sum(k is not None for k in keys) >= 2:
                header = [_SPACES_RE.sub("", k.group(1)) if k is not None else None for k in keys]
                continue
        if ("：" not in norm and "|" not in norm and "]" not in norm and "】" not in norm
                and _SPACED_DATE_KEY.search(norm) is None):
            continue
        pairs = _field_pairs(line)
        for key, value, _ in pairs:
            put(key, value, line)
        if pairs and not pairs[-1][1].strip() and pairs[-1][0] not in fields:
            pending = pairs[-1][0]
    return fields


# -- dates ------------------------------------------------------------------------------------

_DATE_STD = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})(?!\d)\s*日?")
_DATE_CN = re.compile(r"([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
                      r"\s*([一二三四五六七八九十]{1,3})\s*日")
# "20252月10": year and month run together, 年 missing
_DATE_GARBLED = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{1,2})\s*月\s*(\d{1,2})(?!\d)\s*日?")
_URL = re.compile(r"(?:https?://|www\.)[^\s\"'<>]+")
_URL_DATE = (re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_"),
             re.compile(r"/((?:19|20)\d{2})-?(\d{2})-?(\d{2})/"))
_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}


def _cn_small(s: str) -> int:
    if "十" in s:
        head, _, tail = s.partition("十")
        return (_CN_DIGIT.get(head, 1) if head else 1) * 10 + (_CN_DIGIT.get(tail, 0) if tail else 0)
    return _CN_DIGIT.get(s, 0)


def _mkdate(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str, *, whole: bool = False) -> tuple[date, bool, tuple[int, int]] | None:
    """First date in ``text`` (normalised): (date, garbled?, span). ``whole``: the date must be
    all the text (apart from spaces)."""
    if whole and len(text.strip()) > 24:   # the longest date, 二〇二五年十二月三十一日, is 12
        return None
    for pattern, garbled in ((_DATE_STD, False), (_DATE_CN, False), (_DATE_GARBLED, True)):
        for m in pattern.finditer(text):
            if whole and (text[:m.start()].strip() or text[m.end():].strip()):
                continue
            if pattern is _DATE_CN:
                y = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
                mo, d = _cn_small(m.group(2)), _cn_small(m.group(3))
            else:
                y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            value = _mkdate(y, mo, d)
            if value is not None:
                return value, garbled, m.span()
    return None


# -- title, year, issuer, profile ---------------------------------------------------------------

_SENTENCE_PUNCT = re.compile(r"[。，；！？：]")
# after 情况: documents that are not reports, named as such (so that their title is read and they are known by it)
_TITLE_END = re.compile(r"(报告|总结|小结|汇报|情况|通报|通知|工作要点|纪要|打算|计划|方案|讲话|请示|的函|公告|公示|简报|细则"
                        r"|(审议|审阅|评议|点评|协商|审查|审核|反馈)意见|决议)$")
_TITLE_BODY = re.compile(r"法治.*报告|报告.*法治")
_COMPLETE = re.compile(r"法治|依法行政")
_YEAR_IN_TITLE = re.compile(r"(?:关于)?(?<!\d)((?:19|20)\d{2}|[一二][〇零一二三四五六七八九]{3})\s*年度?")
_YEAR_ANY = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)\s*年")
_YEAR_OPENING = re.compile(r"^\s*((?:19|20)\d{2})\s*年")
_ISSUER_STOP = re.compile(r"法治|依法行政|推进|关于|工作")
_ADMIN_SUFFIX = re.compile(
    r"(人民政府|政府|街道办事处|办事处|街道|镇|乡|区|县|市|州|旗|盟|省|局|委员会|委|办公室|办|厅|中心"
    r"|署|院|部|所|站|队|党组|党委|党工委)$")
_DOC_NO_LINE = re.compile(r"^\s*[\u4e00-\u9fff]{1,12}[〔\[［（]\s*(?:19|20)\d{2}\s*[〕\]］）]\s*\d{1,4}\s*号\s*$")
_SPACE_BETWEEN_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")

_LEVEL_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"(街道办事处|街道工作委员会|街道党工委|党工委|办事处|街道办|街道|镇|乡|苏木)"
                r"(人民政府|政府|党委|委员会)?$"), "township", "乡镇街道"),
    (re.compile(r"(人民政府)$"), "government", "人民政府"),
    (re.compile(r"(区委|县委|市委|州委|省委|旗委|盟委|[区县市州省旗盟]委员会)$"), "government", "党委"),
    (re.compile(r"(局|委员会|委|办公室|办|厅|中心|署|院|部|所|站|队)(党组|党委)?$"), "department", "政府部门"),
    (re.compile(r"(自治区|自治州|自治县|区|县|市|州|旗|盟|省)$"), "government", "行政区"),
)
_TITLE_TOWNSHIP = re.compile(r"街道办事处|街道|[镇乡]人民政府")


def _collapse(text: str, norm: str) -> tuple[str, str]:
    """Drop spaces between CJK characters in both forms (same positions)."""
    if _SPACE_BETWEEN_CJK.search(norm) is None:    # the usual title: nothing to drop
        return text.strip(), norm.strip()
    drop: set[int] = set()
    for m in _SPACE_BETWEEN_CJK.finditer(norm):
        drop.update(range(m.start(), m.end()))
    keep = [i for i in range(len(norm)) if i not in drop]
    return "".join(text[i] for i in keep).strip(), "".join(norm[i] for i in keep).strip()


def _is_field_line(norm: str) -> bool:
    """The line starts (after spaces) with a page field key: "来源：…", "索 引 号 | …"."""
    # a key starts with a character that is not a space, so a key with nothing but spaces
    # (and a list bullet, "• 发文日期:") before it starts exactly at the first character that
    # is neither
    lead = len(norm) - len(norm.lstrip())
    if lead < len(norm) and norm[lead] in _BULLETS:
        lead = len(norm) - len(norm[lead + 1:].lstrip())
    return _KEY_RE.match(norm, lead) is not None


# a page header's key left with no value at the end of its line: the site's clock or location
# ("某区人民政府网　今天是：", "某镇人民政府　今日：", "当前位置："), page chrome above the title,
# not a sentence of the body that ends in a colon
_EMPTY_CHROME_KEY = re.compile(r"(?:^|\s)(?:今天是|今日是?|当前日期|当前时间|当前位置|您(?:现在)?的?位置|所在位置)\s*[：:]$")


def _is_body_line(norm: str) -> bool:
    s = norm.strip()
    if not s or _is_field_line(norm):
        return False
    if match_heading(norm) is not None or marked_part(norm) is not None:
        return True                     # a part heading ("一、…", "■ 2024年工作情况"): the body has begun
    if _EMPTY_CHROME_KEY.search(s):
        return False                    # "某区人民政府网　今天是：": the site's clock lost its date
    return len(s) > 80 or s.endswith(("。", "：")) or _YEAR_OPENING.match(s) is not None and "，" in s


def _title_like(norm: str) -> bool:
    s = norm.strip()
    if not (4 <= len(s) <= 80) or "。" in s or "|" in s or ">" in s or "当前位置" in s:
        return False
    if _is_field_line(norm):
        return False
    return _TITLE_END.search(s) is not None or _TITLE_BODY.search(s) is not None


def _subtitle(norm: str) -> bool:
    """A subtitle under the title: "——在区人大常委会第二十次会议上的报告" (the dash is folded to --)."""
    return norm.strip().startswith(("--", "—", "－"))


def _fragment(norm: str) -> bool:
    s = norm.strip()
    return 0 < len(s) <= 40 and _SENTENCE_PUNCT.search(s) is None and not _is_field_line(norm)


def _find_title(lines: Sequence[Line]) -> Field | None:
    header: list[Line] = []
    for line in lines:
        if _is_body_line(line.norm):
            break
        if line.norm.strip():
            header.append(line)
        if len(header) > 40:
            break
    idx = -1
    sub: Line | None = None
    for k in range(len(header) - 1, -1, -1):
        if not _title_like(header[k].norm):
            continue
        if not _subtitle(header[k].norm):
            idx = k
            break
        # a subtitle ("——在…会议上的报告", "——某局局长述法报告") is never the title on its own:
        # it belongs to the title right above it (one line, a speaker's name, may sit between)
        above = [j for j in (k - 1, k - 2) if j >= 0 and _title_like(header[j].norm)
                 and not _subtitle(header[j].norm)]
        if above:
            idx, sub = above[0], header[k]
            break
    if idx < 0:
        return None
    parts = [header[idx]]
    text, norm = _collapse(header[idx].text, header[idx].norm)
    k = idx - 1
    while (not _COMPLETE.search(norm) or len(norm) < 8) and k >= 0 and idx - k <= 2 \
            and _fragment(header[k].norm):
        t, n = _collapse(header[k].text, header[k].norm)
        text, norm = t + text, n + norm
        parts.insert(0, header[k])
        k -= 1
    # "重庆市渝北区大盛镇人民政府" / "关于2024年法治政府建设情况的报告": the body's name on a
    # line of its own above a title that starts with 关于 or with the year ("某区司法局" /
    # "2024年度法治政府建设情况报告"); not a breadcrumb, and not the value of a key alone on
    # the line above it ("信息来源" / "某区司法局": the publisher)
    if (norm.startswith("关于") or _YEAR_IN_TITLE.match(norm)) and k >= 0 and idx - k <= 2 \
            and _fragment(header[k].norm) and _ADMIN_SUFFIX.search(header[k].norm.strip()) \
            and not re.search(r"[>»/]", header[k].norm) \
            and not (k >= 1 and _KEY_ALONE.fullmatch(header[k - 1].norm.strip())):
        t, n = _collapse(header[k].text, header[k].norm)
        text, norm = t + text, n + norm
        parts.insert(0, header[k])
    if sub is not None:
        t, n = _collapse(sub.text, sub.norm)
        text, norm = text + t, norm + n
        parts.append(sub)
    source = "标题行" if len(parts) == 1 else f"标题行（分{len(parts)}行书写，已合并）"
    quote = " / ".join(p.text.strip() for p in parts)
    return Field(text, parts[0].no, quote, source, "high")


def _year_value(digits: str) -> int:
    """"2024" or "二〇二四" as a number."""
    if digits.isdigit():
        return int(digits)
    return int("".join(str(_CN_DIGIT[c]) for c in digits))


def _year(title: Field | None, title_norm: str, lines: Sequence[Line]) -> Field | None:
    opening = _opening_year(lines)
    if title is not None:
        m = _YEAR_IN_TITLE.search(title_norm)
        if m:
            year = _year_value(m.group(1))
            body = _body_year(year, opening, lines)
            if body is not None:
                return body
            return Field(year, title.line, title.quote, "标题中的年份", "high")
    return opening


def _body_year(title_year: int, opening: Field | None, lines: Sequence[Line]) -> Field | None:
    """The body's year when the title's is stale: the opening names another year, and the text
    (with next year's plan) names that year at least three times as often as the title's (or at
    least twice when the body never names the title's year)
    ("2023年法治政府建设情况报告"
    over a report on 2024 throughout — a title copied from last year's report)."""
    if opening is None or opening.value == title_year:
        return None
    counts: dict[int, int] = {}
    for line in lines:
        if line.no == opening.line or not _is_body_line(line.norm):
            continue
        for m in _YEAR_ANY.finditer(line.norm):
            counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
    # the year itself and next year's plan speak for the body's year
    year = int(opening.value)
    body, stale = counts.get(year, 0) + counts.get(year + 1, 0) + 1, counts.get(title_year, 0)
    if not (body >= 3 and body >= 3 * stale or stale == 0 and body >= 2):
        return None
    return Field(opening.value, opening.line, opening.quote,
                 f"正文的年份（标题写的是 {title_year} 年，正文通篇是 {opening.value} 年）", "medium")


def _opening_year(lines: Sequence[Line]) -> Field | None:
    seen_body = 0
    for line in lines:
        s = line.norm.strip()
        if not s:
            continue
        if _is_body_line(line.norm):
            seen_body += 1
            m = _YEAR_OPENING.match(s)
            if m:
                return Field(int(m.group(1)), line.no, line.text.strip()[:60], "首段开头的年份", "medium")
            if seen_body >= 3:
                break
    return None


def _issuer_from_title(title: Field, title_norm: str) -> Field | None:
    text = str(title.value)
    t = title_norm
    offset = 0
    # "【文字解读】《…关于…报告》文件解读": skip a bracketed column tag and an opening 《
    lead = re.match(r"^(?:【[^】]{0,12}】)?《?", t)
    if lead and lead.end():
        offset = lead.end()
    if t.startswith("关于", offset):
        offset += 2
    m = _YEAR_IN_TITLE.search(t, offset)
    if m:
        lo, hi = offset, m.start()
        if not t[lo:hi].strip():
            lo = m.end()
            stop = _ISSUER_STOP.search(t, lo)
            hi = stop.start() if stop else len(t)
    else:
        lo = offset
        stop = _ISSUER_STOP.search(t, lo)
        hi = stop.start() if stop else 0
    # "清水县人民政府关于清水县2024年…": the issuer is the body before 关于, not the whole run
    about = t.find("关于", lo, hi)
    if about > lo and _ADMIN_SUFFIX.search(t[lo:about].rstrip()):
        hi = about
    while lo < hi and t[lo].isspace():
        lo += 1
    while hi > lo and t[hi - 1].isspace():
        hi -= 1
    cand = t[lo:hi]
    if not cand or len(cand) > 40 or not _ADMIN_SUFFIX.search(cand):
        return None
    return Field(text[lo:hi], title.line, title.quote, "标题中的报告主体", "high")


_BARE_LEVEL = re.compile(r"^(区|县|市|州|旗|镇|乡|街道)(?!人民政府$|政府$)[\u4e00-\u9fff]{2,}$")


def _complete_issuer(issuer: Field, signature_body: Field | None, lines: Sequence[Line]) -> Field:
    """A title's "区司法局" names the body without its district: take the full name ("青山区司法局")
    from the 落款, else from a line holding only that name; else keep what the title says."""
    name = str(issuer.value)
    if not _BARE_LEVEL.match(name):
        return issuer
    if signature_body is not None:
        for body in str(signature_body.value).split("；"):
            if body.endswith(name) and len(body) > len(name):
                return Field(body, issuer.line, issuer.quote, "标题中的报告主体（全称取自落款）", "high")
    # a line that is nothing but the full name (a 署名 the 落款 reader did not take)
    whole = re.compile(r"^\s*([\u4e00-\u9fff]{2,10}" + re.escape(name) + r")\s*$")
    for line in lines:
        m = whole.match(line.text)
        if m:
            return Field(m.group(1), issuer.line, issuer.quote,
                         f"标题中的报告主体（全称取自第 {line.no} 行）", "medium")
    return issuer


def profile_of_name(name: str) -> tuple[str, str] | None:
    """(profile, matched ending) for a body's name, or None when the name says nothing."""
    s = re.sub(r"\s+", "", name)
    for pattern, level, _ in _LEVEL_RULES:
        m = pattern.search(s)
        if m:
            return level, m.group(0)
    return None


# -- signature ----------------------------------------------------------------------------------

def _signature(lines: Sequence[Line]) -> tuple[Field | None, Field | None]:
    # the last _SIGNATURE_WINDOW non-empty lines, found from the end
    window: list[int] = []
    for k in range(len(lines) - 1, -1, -1):
        if lines[k].norm.strip():
            window.append(k)
            if len(window) == _SIGNATURE_WINDOW:
                break
    window.reverse()
    for pos in range(len(window) - 1, -1, -1):
        k = window[pos]
        line = lines[k]
        norm = line.norm
        # every date form ends in a digit or 日, and the 落款 date must end its line: a line
        # that ends otherwise (a paragraph's 。) is skipped without looking for dates in it
        end = norm.rstrip()[-1:]
        if end != "日" and not end.isdecimal():
            continue
        if pos >= 1 and _KEY_ALONE.fullmatch(lines[window[pos - 1]].norm.strip()):
            continue                    # "发布日期" / "2025-03-27" under the text: the page's, not a 落款
        found = parse_date(norm, whole=True)
        same_line_body = None
        if found is None:
            found = parse_date(norm)
            if found is None or norm[found[2][1]:].strip():
                continue
            prefix = norm[:found[2][0]]
            if not prefix.strip() or len(prefix.strip()) > 40 or _SENTENCE_PUNCT.search(prefix):
                continue
            same_line_body = line
        value, garbled, span = found
        quote = line.text.strip()
        if garbled:
            date_field = Field(value, line.no, quote, f"落款日期（日期格式有误：“{quote}”，按 {value.isoformat()} 理解）", "low")
        else:
            date_field = Field(value, line.no, quote, "落款日期", "high")
        bodies: list[Line] = []
        if same_line_body is not None:
            bodies.append(line)
        else:
            for j in range(pos - 1, max(-1, pos - 4), -1):
                cand = lines[window[j]]
                s = cand.norm.strip()
                # a table's row ("| 3 | 新建调解室4个 | 镇综治中心 | 12月底 |") is the text's, not a body
                if not (2 <= len(s) <= 50) or _SENTENCE_PUNCT.search(s) or match_heading(cand.norm) \
                        or parse_date(s) is not None or s.count("|") >= 2:
                    break
                bodies.insert(0, cand)
        body_field = None
        if bodies:
            if same_line_body is not None:
                names = [line.text[:span[0]].strip()]
            else:
                names = [b.text.strip() for b in bodies]
            body_field = Field("；".join(names), bodies[0].no, " / ".join(b.text.strip() for b in bodies),
                               "落款单位", "high")
        return body_field, date_field
    # no date: a body's name alone on the last line ("大冶市人民政府") is a 落款 without its date
    if window:
        last = lines[window[-1]]
        s = last.norm.strip()
        if 2 <= len(s) <= 30 and not _SENTENCE_PUNCT.search(s) and match_heading(last.norm) is None \
                and profile_of_name(s) is not None and not _TITLE_END.search(s):
            return Field(last.text.strip(), last.no, last.text.strip(), "落款单位（没有日期）", "medium"), None
    return None, None


# -- published ----------------------------------------------------------------------------------

# the keys of a publication date, surest first. 时间 and 日期 alone: "时间：2025-03-12　来源：…" in
# a site's strip is the time the page was posted (read only in the strip: see _bare_ok);
# 更新时间/更新日期 last: on pages that print nothing else it is the posting time, and a page
# updated by the deadline was online by then. 成文日期 is not here: see _published.
_DATE_KEYS = ("发布日期", "发布时间", "发文日期", "公开日期", "发表日期", "发表时间", "日期", "生成日期", "时间",
              "更新日期", "更新时间")
_META_DATE_KEYS = ("pubdate", "publishdate", "publish_date", "firstpublishedtime", "published",
                   "article:published_time", "og:published_time", "published_time", "dc.date",
                   "dc.date.issued", "dcterms.issued", "date")
_NUM_DATE = r"(?:19|20)\d{2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}"
_YMD_DATE = r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_TIME = r"\d{1,2}\s*：\s*\d{2}(?:\s*：\s*\d{2})?"
# a date the site prints under the title without a key: "2025-03-20 09:18　来源：区司法局",
# "某县人民政府 2024年01月08日"
_BYLINE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,20}\s+)?(?P<date>" + _NUM_DATE + "|" + _YMD_DATE
                     + r")(?P<time>\s*" + _TIME + r")?")
_BYLINE_NAME_END = re.compile(r"(人民政府|政府|办公室|局|委员会|委|办|中心|街道|镇|乡|区|县|市|网|报|台)\s*$")
# a date that is not the page's: validity, entry into force, issuing, the 成文 date
_NOT_PUBLISHED = re.compile(r"有效|失效|施行|实施|废止|印发|成文|截止|截至|归档")


def _byline(lines: Sequence[Line]) -> Field | None:
    """The posting date a site prints in the header without a key (``lines``: the lines before
    the report's text). A date alone counts when written with - / . or with the time of day
    (a 公文 writes its own dates 2025年3月20日, often in brackets under the title: that is the
    document's date, not the page's) or when the source or a hit counter stands beside it; a
    body's name and a date ("某县人民政府 2024年01月08日") counts as the site's byline. Never a
    site clock (今天是…, 农历, a weekday without the strip's other items), never a validity or
    成文 date."""
    for line in lines:
        norm = line.norm
        if len(norm) > 120 or _CLOCK.search(norm) or _NOT_PUBLISHED.search(norm):
            continue
        keys = _key_matches(norm)
        lead = norm[:keys[0].start()] if keys else norm
        lead = lead.strip().rstrip("|").strip()
        companion = _STRIP_COMPANION.search(norm) is not None
        m = _BYLINE.fullmatch(lead)
        if m is None:
            # "2025/03/17　某区司法局　阅读：153": the date first, the strip's other items after it
            m = _BYLINE.match(lead)
            if m is None or m.group("name") or not companion:
                continue
        if _WEEKDAY.search(norm) and not companion:
            continue
        if m.group("name"):
            if not _BYLINE_NAME_END.search(m.group("name")):
                continue
        elif not (companion or m.group("time") or re.fullmatch(_NUM_DATE, m.group("date"))):
            continue
        found = parse_date(m.group("date"))
        if found is None:
            continue
        return Field(found[0], line.no, line.text.strip(), "网页标题下的发布信息（未写“发布日期”字样）", "high")
    return None


def _bare_ok(header_end: int | None, kept: frozenset[int]) -> Callable[[Line], bool]:
    """Whether a bare 日期/时间 on ``line`` is the page's: the line names the source, the author or
    the hit counter beside it, or it is page chrome (before the report's text, or dropped by the
    cleaner) and not a site clock. "时间：2024年5月10日　地点：…" inside the text is a meeting's."""
    def ok(line: Line) -> bool:
        norm = line.norm
        if _STRIP_COMPANION.search(norm):
            return True
        if _CLOCK.search(norm) or _WEEKDAY.search(norm) or _NOT_PUBLISHED.search(norm):
            return False
        return line.no not in kept or header_end is None or line.no < header_end
    return ok


def _published(fields: Mapping[str, tuple[str, Line]], meta_hints: Mapping[str, str],
               raw_lines: Sequence[Line], sig_date: Field | None,
               header: Sequence[Line] = ()) -> Field | None:
    for key in _DATE_KEYS:
        if key in fields:
            value, line = fields[key]
            found = parse_date(fold(value))
            if found is not None:
                d, garbled, _ = found
                if garbled:
                    return Field(d, line.no, line.text.strip(), f"{key}字段（日期格式有误）", "low")
                return Field(d, line.no, line.text.strip(), f"{key}字段", "high")
    lowered = {k.lower(): (k, v) for k, v in sorted(meta_hints.items())}
    for key in _META_DATE_KEYS:
        if key in lowered:
            name, value = lowered[key]
            found = parse_date(fold(str(value)))
            if found is not None and not found[1]:
                return Field(found[0], None, f"{name}={value}", f"网页元数据 {name}", "high")
    byline = _byline(header)
    if byline is not None:
        return byline
    # the 成文日期 alone, like the 落款 date, says when the report was written, not published
    # (medium: it stands in, and a late one still fails the deadline by late_by_signature)
    if "成文日期" in fields:
        value, line = fields["成文日期"]
        found = parse_date(fold(value))
        if found is not None and not found[1]:
            return Field(found[0], line.no, line.text.strip(),
                         "成文日期字段（未见发布日期字段，以成文日期代替；成文不等于发布）", "medium")
    if sig_date is not None:
        if sig_date.confidence == "low":
            return Field(sig_date.value, sig_date.line, sig_date.quote,
                         f"落款日期（未见发布日期字段；落款日期格式有误：“{sig_date.quote}”，"
                         f"按 {sig_date.value.isoformat()} 理解）", "low")
        return Field(sig_date.value, sig_date.line, sig_date.quote,
                     "落款日期（未见发布日期字段，以落款日期代替）", "medium")
    candidates: list[tuple[str, int | None]] = [(str(v), None) for _, v in sorted(meta_hints.items())]
    candidates += [(line.text, line.no) for line in raw_lines
                   if "http" in line.text or "www." in line.text]
    for text, no in candidates:
        for url in _URL.findall(text):
            for pattern in _URL_DATE:
                m = pattern.search(url)
                if m:
                    in_url = _mkdate(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                    if in_url is not None:
                        return Field(in_url, no, url, "网址中的日期（弱证据）", "low")
    return None


# -- entry point --------------------------------------------------------------------------------

def extract(clean: CleanText) -> Metadata:
    """Read the metadata of a cleaned report. Never raises on odd input: a value not found is None."""
    lines = clean.lines
    raw = clean.raw
    # where the report's text begins: lines before it are the page's header (strip, byline)
    header_end = next((line.no for line in lines if _is_body_line(line.norm)), None)
    kept = frozenset(line.no for line in lines)
    fields = _page_fields(raw.lines, _bare_ok(header_end, kept))

    title = _find_title(lines)
    if title is None:
        for key in ("标题", "名称"):
            if key in fields and fields[key][0].strip():
                value, line = fields[key]
                title = Field(value.strip(), line.no, line.text.strip(), f"{key}字段", "high")
                break
    if title is None and raw.title_hint and raw.title_hint.strip():
        title = Field(raw.title_hint.strip(), None, raw.title_hint.strip(), "网页标题", "medium")
    title_norm = ""
    if title is not None:
        title_norm = normalize(str(title.value), clean.traditional)

    year = _year(title, title_norm, lines)
    signature_body, signature_date = _signature(lines)

    issuer = _issuer_from_title(title, title_norm) if title is not None else None
    if issuer is not None:
        issuer = _complete_issuer(issuer, signature_body, lines)
    if issuer is None and signature_body is not None:
        last = str(signature_body.value).split("；")[-1]
        issuer = Field(last, signature_body.line, signature_body.quote, "落款单位", "medium")

    profile = _profile(issuer, signature_body, title, clean.traditional)
    header = [line for line in raw.lines[:200] if header_end is None or line.no < header_end][:60]
    published = _published(fields, raw.meta_hints, raw.lines, signature_date, header)

    index_no = None
    if "索引号" in fields and fields["索引号"][0].strip() not in _EMPTY_VALUES:
        value, line = fields["索引号"]
        index_no = Field(value.strip(), line.no, line.text.strip(), "索引号字段", "high")
    doc_no = None
    for key in ("文号", "发文字号"):
        if key in fields:
            value, line = fields[key]
            if value.strip() not in _EMPTY_VALUES:
                doc_no = Field(value.strip(), line.no, line.text.strip(), f"{key}字段", "high")
            break
    if doc_no is None:
        for line in lines[:40]:
            if "号" in line.norm and _DOC_NO_LINE.match(line.norm):   # it ends in 号
                doc_no = Field(line.text.strip(), line.no, line.text.strip(), "正文前的文号行", "medium")
                break

    return Metadata(title=title, year=year, issuer=issuer, published=published,
                    signature_body=signature_body, signature_date=signature_date,
                    index_no=index_no, doc_no=doc_no, profile=profile, traditional=clean.traditional)


def _profile(issuer: Field | None, signature_body: Field | None, title: Field | None,
           traditional: bool) -> Field | None:
    sources: list[tuple[str, Field, str]] = []
    if issuer is not None:
        sources.append(("报告主体", issuer, "high" if issuer.confidence == "high" else "medium"))
    if signature_body is not None:
        sources.append(("落款单位", signature_body, "medium"))
    for what, fld, conf in sources:
        for name in str(fld.value).split("；"):
            found = profile_of_name(normalize(name, traditional))
            if found is not None:
                level, ending = found
                return Field(level, fld.line, fld.quote,
                             f"由{what}“{name}”以“{ending}”结尾推断为{PROFILE_SHORT_ZH[level]}", conf)
    if title is not None:
        # no issuer could be read: only the unambiguous township markers of a title count
        m = _TITLE_TOWNSHIP.search(normalize(str(title.value), traditional))
        if m:
            return Field("township", title.line, title.quote,
                         f"由标题中的“{m.group(0)}”推断为{PROFILE_SHORT_ZH['township']}", "low")
    return None
