"""Rule packs: loading (safe YAML, schema validation, extends/overrides, cache) and compiling."""

from __future__ import annotations

import os

from ..limits import DEFAULT_LIMITS, Limits
from .compile import CompiledPack, Rule
from .load import PackData, default_pack_dir, load_pack_data

__all__ = ["load_pack", "CompiledPack", "Rule", "PackData", "default_pack_dir"]


def load_pack(path: str | os.PathLike[str] | None = None, *,
              limits: Limits = DEFAULT_LIMITS) -> CompiledPack:
    """Load and compile a rule pack (a directory or a YAML file; the default pack if None).

    Raises ``RulePackError`` listing every problem as ``file:line:col: message``.
    """
    return CompiledPack(load_pack_data(path, limits=limits))
