"""ingest → clean → metadata → segment: from a path or bytes to a ``Document``."""

from __future__ import annotations

import os

from .limits import DEFAULT_LIMITS, Limits
from .model import Document, Metadata


def read_document(source: str | os.PathLike[str] | None = None, *, data: bytes | None = None,
                  name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read one report into a ``Document``.

    ``source`` is a path, or "-" for standard input; or pass ``data`` (the file's bytes) and
    ``name`` (used for type sniffing by extension and for messages). Raises ``InputError``
    with a one-line message naming the file and the problem.
    """
    from . import clean, ingest, metadata, segment

    raw = ingest.load(source, data=data, name=name, limits=limits)
    cleaned = clean.clean(raw)
    meta = metadata.extract(cleaned)
    root = segment.segment(cleaned.lines, raw.heading_hints)
    return Document(source=raw.source, file_format=raw.file_format, sha256=raw.sha256, lines=cleaned.lines,
                    root=root, metadata=meta, dropped=cleaned.dropped, encoding=raw.encoding,
                    size=raw.size, replaced_lines=raw.replaced_lines)


def read_metadata(source: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Metadata:
    """A report's metadata only (ingest → clean → metadata, no section tree): what pairing a
    batch's reports by body and year needs. Raises ``InputError`` like ``read_document``."""
    from . import clean, ingest, metadata

    return metadata.extract(clean.clean(ingest.load(source, limits=limits)))
