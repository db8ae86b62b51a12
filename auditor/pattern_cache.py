"""Compiled regular expressions kept between runs.

Python compiles a pattern in two steps, both in Python code: parsing the source, then generating
the engine's instructions (a list of integers). A run of the auditor compiles ~150 patterns
(the readers', the boilerplate list's, the rule pack's), ~27 ms: a third of the start-up of a
one-file check. ``compiled(source)`` keeps the instructions of every pattern it compiles in one
file of the cache directory (``cache.cache_dir``) and, in a later run, hands them straight to
the engine (``_sre.compile``), which checks them before use (malformed instructions raise, they
are never run). What the instructions are depends only on the pattern, its flags and the engine,
so the file is named after the interpreter and the engine's version (``_constants.MAGIC``).

Anything unusual — no cache directory, an unreadable or foreign file, another interpreter whose
``re`` internals differ — means compiling the usual way (``re.compile``), never an error.
"""

from __future__ import annotations

import re
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing at run time costs ~4 ms of start-up
    from typing import Any

# (source, flags) → (flags, code, groups, groupindex, indexgroup): what ``_sre.compile`` takes
_Entry = tuple
_store: dict[tuple[str, int], _Entry] | None = None
_added = False          # entries compiled in this run that the file does not hold yet
_usable = True          # False once this interpreter's re internals turned out different
_used: set[tuple[str, int]] = set()     # the patterns this run asked for
_MAX_ENTRIES = 4000     # a file grown past this (many packs over time) starts over
_FORMAT = 1


def compiled(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, from the instructions kept by an earlier run when there
    are any."""
    global _added
    flags = int(flags)
    key = (source, flags)
    store = _store if _store is not None else _load()
    _used.add(key)
    entry = store.get(key)
    if entry is not None:
        try:
            return _from_entry(source, entry)
        except Exception:           # malformed or foreign instructions: compile afresh
            del store[key]
    if not _usable:
        return re.compile(source, flags)
    try:
        pattern, entry = _compile(source, flags)
    except (AttributeError, ImportError, TypeError):
        _disable()                  # re internals unlike CPython 3.11's: the usual way from now on
        return re.compile(source, flags)
    except Exception:               # a bad pattern: re.compile raises the error users expect
        return re.compile(source, flags)
    store[key] = entry
    if not _added:
        _added = True
        import atexit

        atexit.register(save)
    return pattern


def _from_entry(source: str, entry: _Entry) -> re.Pattern[str]:
    import _sre

    total_flags, code, groups, groupindex, indexgroup = entry
    return _sre.compile(source, total_flags, code, groups, groupindex, indexgroup)


def _compile(source: str, flags: int) -> tuple[re.Pattern[str], _Entry]:
    """What ``re._compiler.compile`` does, keeping the pieces it hands to the engine."""
    import _sre
    from re import _compiler, _parser

    tree = _parser.parse(source, flags)
    code = [int(op) for op in _compiler._code(tree, flags)]   # opcodes are int subclasses
    groupindex = dict(tree.state.groupdict)
    indexgroup = [None] * tree.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry = (flags | tree.state.flags, code, tree.state.groups - 1, groupindex, tuple(indexgroup))
    return _sre.compile(source, *entry), entry


def _disable() -> None:
    global _usable
    _usable = False


def _tag() -> str:
    from re import _constants

    return f"{sys.implementation.cache_tag}-{_constants.MAGIC}-{_FORMAT}"


def _path() -> str | None:
    import os

    from .cache import cache_dir

    folder = cache_dir("patterns")
    return os.path.join(folder, f"{_tag()}.marshal") if folder else None


def _load() -> dict[tuple[str, int], _Entry]:
    """The kept instructions (empty when there are none or the file is not ours)."""
    global _store
    _store = {}
    if sys.implementation.name != "cpython":
        _disable()
        return _store
    try:
        import marshal

        path = _path()
        if path is None:
            return _store
        with open(path, "rb") as fh:
            data = marshal.loads(fh.read())
        if isinstance(data, dict):
            _store = {key: entry for key, entry in data.items() if _well_formed(key, entry)}
    except Exception:               # missing, unreadable, truncated: start empty
        _store = {}
    return _store


def _well_formed(key: Any, entry: Any) -> bool:
    return (isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], str)
            and isinstance(key[1], int) and isinstance(entry, tuple) and len(entry) == 5
            and isinstance(entry[1], list) and isinstance(entry[3], dict))


def save() -> None:
    """Write the kept instructions (atomically), when this run compiled new ones."""
    global _added
    if not _added or _store is None or not _usable:
        return
    _added = False
    try:
        import marshal
        import os

        path = _path()
        if path is None:
            return
        entries = _store if len(_store) <= _MAX_ENTRIES else \
            {key: entry for key, entry in _store.items() if key in _used}
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        try:
            with open(tmp, "wb") as fh:
                fh.write(marshal.dumps(entries))
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.remove(tmp)
            raise
    except Exception:               # a cache that cannot be written is only a slower next start
        pass
