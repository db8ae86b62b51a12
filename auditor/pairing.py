"""Which report is the same body's report of the year before (issue 21).

A report's body is its issuer (``Metadata.issuer``: title, 落款 or page fields), compared without
the words that vary between one body's own reports (人民政府, 办事处, 关于…) and allowing one name
to end the other ("黄石市下陆区" and "下陆区"). Two reports pair when their bodies match and the
earlier one covers the year before the later one.
"""

from __future__ import annotations

import re
from typing import Sequence

from .model import Document, Metadata

# parts of an issuer's name that one body writes in some years and not in others
_VARIANT_RE = re.compile(r"(关于|人民政府|政府|办事处|街道办|党工委|工作委员会|（.*?）|\(.*?\))")
_MIN_NAME = 2


def body_name(meta: Metadata) -> str | None:
    """The issuer in the form used for pairing, or None when it was not found."""
    issuer = meta.issuer
    if issuer is None:
        return None
    name = _VARIANT_RE.sub("", str(issuer.value)).strip()
    return name if len(name) >= _MIN_NAME else None


def covered_year(meta: Metadata) -> int | None:
    year = meta.year
    return int(year.value) if year is not None else None


def same_body(a: str, b: str) -> bool:
    """Whether two pairing names are one body: equal, or one ends the other (a name written
    with and without its city)."""
    return a == b or a.endswith(b) or b.endswith(a)


def is_previous(earlier: Metadata, later: Metadata) -> bool:
    """Whether ``earlier`` is the same body's report of the year before ``later``'s (both
    given by their metadata)."""
    a, b = body_name(earlier), body_name(later)
    ya, yb = covered_year(earlier), covered_year(later)
    return a is not None and b is not None and ya is not None and yb is not None \
        and ya == yb - 1 and same_body(a, b)


def pair_in_batch(docs: Sequence[Metadata | None]) -> list[int | None]:
    """For each report (by its metadata), the index of its previous-year report within the same
    list (the first in list order when several qualify), or None. Unreadable entries are None."""
    out: list[int | None] = []
    for later in docs:
        found = None
        if later is not None:
            for j, earlier in enumerate(docs):
                if earlier is not None and earlier is not later and is_previous(earlier, later):
                    found = j
                    break
        out.append(found)
    return out


def pick_previous(doc: Document, candidates: Sequence[Document]) -> Document | None:
    """The candidate that is ``doc``'s previous-year report (``--previous FOLDER``), or None."""
    return next((c for c in candidates if is_previous(c.metadata, doc.metadata)), None)
