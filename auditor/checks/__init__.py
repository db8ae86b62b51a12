"""Check kinds. Each module has ``evaluate(config, ctx) -> Outcome`` and a docstring with a
YAML example; adding a kind is adding a module here, an entry in KINDS and a schema entry."""

from __future__ import annotations

import importlib

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing at run time costs ~4 ms of start-up
    from typing import Callable

KINDS = ("section", "mention", "near", "metric", "metadata", "absent", "order", "share",
         "numbering", "ending", "years", "document_kind", "history")

_cache: dict[str, Callable] = {}


def evaluator(kind: str) -> Callable:
    fn = _cache.get(kind)
    if fn is None:
        mod = importlib.import_module(f".{kind}", __name__)
        fn = _cache[kind] = mod.evaluate
    return fn
