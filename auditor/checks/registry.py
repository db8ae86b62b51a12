"""The check kinds by name, and a rule's check tree made ready to run.

A check kind is a module of this package (its name is the kind's name, as written in YAML)
that defines:

* ``SCHEMA``: the JSON-schema fragment of its settings (the pack schema is assembled from
  these and the rule envelope in ``pack/schema.json``);
* ``compile(settings, setup) -> plan``: run once when the pack loads; checks what the schema
  cannot (patterns, role names) through ``setup.problem`` and prepares terms, scopes and
  patterns (``base.Setup``);
* ``run(plan, ctx) -> Outcome``: the check on one report (``base.Context``).

Any module of the package except the infrastructure below is a kind; a kind written
elsewhere (a test, a plug-in) is added with ``register(name, module)``.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any, Callable, Iterator

if TYPE_CHECKING:  # annotations only
    from .base import Context, Outcome, Setup

# modules of this package that are not kinds
_INFRASTRUCTURE = frozenset({"base", "literals", "registry"})
# the ways to combine checks: not kinds, and no kind may take their names
COMBINATORS = ("all", "any", "not")

_registered: dict[str, Any] = {}
_imported: dict[str, Any] = {}
_builtin: tuple[str, ...] | None = None


def builtin_names() -> tuple[str, ...]:
    """The kinds shipped in this package, by module name (nothing is imported)."""
    global _builtin
    if _builtin is None:
        found = (name[:-3] for name in os.listdir(os.path.dirname(__file__)) if name.endswith(".py"))
        _builtin = tuple(sorted(n for n in found if n not in _INFRASTRUCTURE and not n.startswith("_")))
    return _builtin


def names() -> list[str]:
    """Every kind a pack may use: the built-in ones and those registered."""
    return sorted(set(builtin_names()) | set(_registered))


def register(name: str, kind: Any) -> None:
    """Add a kind (any object with ``SCHEMA``, ``compile`` and ``run``) under ``name``."""
    if name in COMBINATORS or not name.isidentifier():
        raise ValueError(f"not a usable check kind name: {name!r}")
    _check_contract(name, kind)
    known = _registered.get(name) or (name in builtin_names() and get(name))
    if known and known is not kind:
        raise ValueError(f"check kind {name!r} is already defined")
    _registered[name] = kind


def unregister(name: str) -> None:
    """Remove a kind added with ``register`` (tests)."""
    _registered.pop(name, None)


def get(name: str) -> Any:
    """The kind called ``name``; KeyError when there is none."""
    kind = _registered.get(name) or _imported.get(name)
    if kind is None:
        if name not in builtin_names():
            raise KeyError(name)
        kind = importlib.import_module(f"{__package__}.{name}")
        _check_contract(name, kind)
        _imported[name] = kind
    return kind


def _check_contract(name: str, kind: Any) -> None:
    if not isinstance(getattr(kind, "SCHEMA", None), dict) or not callable(
            getattr(kind, "compile", None)) or not callable(getattr(kind, "run", None)):
        raise TypeError(f"check kind {name!r} needs SCHEMA (a dict), compile() and run()")


def schemas() -> dict[str, dict[str, Any]]:
    """Each kind's settings schema, by kind name."""
    return {name: get(name).SCHEMA for name in names()}


# -- check trees ------------------------------------------------------------------------------

class Leaf:
    """One check of a kind with its prepared settings."""

    __slots__ = ("kind", "run", "plan")

    def __init__(self, kind: str, run: Callable[[Any, Context], Outcome], plan: Any) -> None:
        self.kind = kind
        self.run = run
        self.plan = plan


class Combined:
    """``all`` / ``any`` of several checks, or ``not`` of one (``parts`` holds it alone)."""

    __slots__ = ("op", "parts")

    def __init__(self, op: str, parts: tuple) -> None:
        self.op = op
        self.parts = parts


def walk(tree: Any, path: tuple = ()) -> Iterator[tuple[str, Any, tuple]]:
    """(kind, settings, path) of every leaf check under a check tree, in order; ``path`` is
    the leaf's place in the YAML (``path + ("all", 1, "mention")``)."""
    if not isinstance(tree, dict) or len(tree) != 1:
        return
    (kind, conf), = tree.items()
    if kind in ("all", "any") and isinstance(conf, list):
        for i, sub in enumerate(conf):
            yield from walk(sub, path + (kind, i))
    elif kind == "not":
        yield from walk(conf, path + ("not",))
    else:
        yield kind, conf, path + (kind,)


def compile_tree(tree: dict[str, Any], setup: Setup, path: tuple = ()) -> Leaf | Combined:
    """A check tree of a rule (``check`` or ``partial_when``) with every leaf compiled by its
    kind. ``setup.where`` is set to each leaf's settings path while it compiles, so problems
    carry their place in the file."""
    (op, conf), = tree.items()
    if op in ("all", "any"):
        return Combined(op, tuple(compile_tree(sub, setup, path + (op, i))
                                  for i, sub in enumerate(conf)))
    if op == "not":
        return Combined(op, (compile_tree(conf, setup, path + ("not",)),))
    kind = get(op)
    setup.where = path + (op,)
    return Leaf(op, kind.run, kind.compile(conf if conf is not None else {}, setup))
