"""A small on-disk cache of JSON values keyed by content hash (validated rule packs, the parsed
boilerplate list), so a warm start skips YAML parsing and schema validation. Compiled regular
expressions are kept beside them (``pattern_cache``, kind "patterns").

Location: ``$AUDITOR_CACHE_DIR`` or ``$XDG_CACHE_HOME`` or ``~/.cache``, then ``auditor/<kind>/``;
``AUDITOR_NO_CACHE=1`` turns it off. The cache is a convenience: any problem with it means
"not cached", never an error.
"""

from __future__ import annotations

import json
import os


def cache_dir(kind: str) -> str | None:
    if os.environ.get("AUDITOR_NO_CACHE"):
        return None
    base = os.environ.get("AUDITOR_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") \
        or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "auditor", kind)


def load_json(kind: str, key: str):
    """The value stored under ``key``, or None."""
    folder = cache_dir(kind)
    if folder is None:
        return None
    try:
        with open(os.path.join(folder, f"{key}.json"), encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def store_json(kind: str, key: str, value) -> None:
    """Store ``value`` under ``key`` (written to a temporary file, then renamed)."""
    folder = cache_dir(kind)
    if folder is None:
        return
    try:
        os.makedirs(folder, exist_ok=True)
        tmp = os.path.join(folder, f".{key}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(value, fh, ensure_ascii=False)
        os.replace(tmp, os.path.join(folder, f"{key}.json"))
    except OSError:
        pass
