"""A small on-disk cache of JSON values (validated rule packs, the parsed boilerplate list), so a
warm start skips YAML parsing and schema validation.

Location: ``$AUDITOR_CACHE_DIR`` or ``$XDG_CACHE_HOME`` or ``~/.cache``, then
``auditor/<kind>/``; ``AUDITOR_NO_CACHE=1`` or ``--no-cache`` (``disable()``) turns it off.

Every entry is written with the auditor's version and the key it was stored under, and read
back only when both match: a corrupt, truncated or foreign file is ignored (never an error).
Callers key entries by the content of everything that went into them and validate what they
read.

The CLI ``hold()``s writes while a command runs and ``release()``s them at the end: a command
whose input was refused writes nothing (the README promises no files besides ``--output``).
"""

from __future__ import annotations

import json
import os
from typing import Any

_FORMAT = 1
_disabled = False
_held: dict[tuple[str, str], Any] | None = None     # writes waiting for ``release``


def disable() -> None:
    """No cache for this process and the processes it starts (``--no-cache``)."""
    global _disabled
    _disabled = True
    os.environ["AUDITOR_NO_CACHE"] = "1"


def cache_dir(kind: str) -> str | None:
    if _disabled or os.environ.get("AUDITOR_NO_CACHE"):
        return None
    base = os.environ.get("AUDITOR_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") \
        or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "auditor", kind)


def _version() -> str:
    from . import __version__

    return __version__


def load_json(kind: str, key: str) -> Any:
    """The value stored under ``key`` by this version of the auditor, or None."""
    if _held is not None and (kind, key) in _held:
        return _held[(kind, key)]
    folder = cache_dir(kind)
    if folder is None:
        return None
    try:
        with open(os.path.join(folder, f"{key}.json"), encoding="utf-8") as fh:
            entry = json.load(fh)
    except (OSError, ValueError):
        return None
    if not (isinstance(entry, dict) and entry.get("format") == _FORMAT
            and entry.get("auditor") == _version() and entry.get("key") == key):
        return None
    return entry.get("value")


def store_json(kind: str, key: str, value: Any) -> None:
    """Store ``value`` under ``key`` (written to a temporary file, then renamed); held until
    ``release`` while a command runs."""
    if _held is not None:
        _held[(kind, key)] = value
        return
    _write(kind, key, value)


def _write(kind: str, key: str, value: Any) -> None:
    folder = cache_dir(kind)
    if folder is None:
        return
    entry = {"format": _FORMAT, "auditor": _version(), "key": key, "value": value}
    tmp = os.path.join(folder, f".{key}.{os.getpid()}.tmp")
    try:
        os.makedirs(folder, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(entry, fh, ensure_ascii=False)
        os.replace(tmp, os.path.join(folder, f"{key}.json"))
    except OSError:
        try:
            os.remove(tmp)
        except OSError:
            pass


def hold() -> None:
    """Keep writes in memory from now on, until ``release``."""
    global _held
    if _held is None:
        _held = {}


def release(write: bool) -> None:
    """Write the held entries (``write``) or drop them, and write directly again."""
    global _held
    held, _held = _held, None
    if write and held:
        for (kind, key), value in held.items():
            _write(kind, key, value)
