"""Plain record classes, like ``dataclasses`` but cheap to import and to declare.

``dataclasses`` imports ``inspect`` (with ``ast``, ``dis``, ``tokenize``…) and builds every
class through general machinery: about 20 ms of a 100 ms start-up for this package. The
auditor needs little of it: an ``__init__`` from the annotated fields (with defaults and
factories), slots, ``frozen``, equality, a readable ``repr``, ``replace()``, and pickling
(results cross process boundaries with ``--jobs``).

    @record(frozen=True)
    class Line:
        no: int
        text: str
        norm: str = ""

Fields are the class's own annotations, in order; a field with ``factory(list)`` gets a fresh
value per instance. ``eq=False`` keeps identity equality (and hashing by identity).
"""

from __future__ import annotations

_MISSING = object()


class factory:
    """A default made fresh for every instance: ``children: list = factory(list)``."""

    __slots__ = ("make",)

    def __init__(self, make) -> None:
        self.make = make


def record(*, frozen: bool = False, eq: bool = True, slots: bool = True):
    """Class decorator: see the module docstring."""

    def wrap(cls):
        annotations = cls.__dict__.get("__annotations__", {})
        names = tuple(annotations)
        defaults: dict[str, object] = {}
        factories: dict[str, object] = {}
        for name in names:
            value = cls.__dict__.get(name, _MISSING)
            if isinstance(value, factory):
                factories[name] = value.make
            elif value is not _MISSING:
                defaults[name] = value
        params, body = [], []
        ns: dict[str, object] = {"_MISSING": _MISSING, "_set": object.__setattr__}
        seen_default = False
        for name in names:
            if name in factories:
                ns[f"_f_{name}"] = factories[name]
                params.append(f"{name}=_MISSING")
                value = f"_f_{name}() if {name} is _MISSING else {name}"
                seen_default = True
            elif name in defaults:
                ns[f"_d_{name}"] = defaults[name]
                params.append(f"{name}=_d_{name}")
                value = name
                seen_default = True
            else:
                if seen_default:
                    raise TypeError(f"{cls.__name__}: field {name} without a default follows one with")
                params.append(name)
                value = name
            if frozen and slots:   # the slot's own setter: skips the frozen __setattr__
                body.append(f"    _s_{name}(self, {value})")
            elif frozen:
                body.append(f"    _set(self, {name!r}, {value})")
            else:
                body.append(f"    self.{name} = {value}")
        src = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "    pass") + "\n"
        exec(src, ns)  # noqa: S102 - our own generated source, as dataclasses does

        d = {k: v for k, v in cls.__dict__.items()
             if k not in names and k not in ("__dict__", "__weakref__")}
        d["__init__"] = ns["__init__"]
        d["_fields"] = names
        d["__repr__"] = _repr
        d["__reduce__"] = _reduce
        if slots:
            d["__slots__"] = names
        if eq:
            d["__eq__"] = _eq
            d["__hash__"] = _hash if frozen else None
        if frozen:
            d["__setattr__"] = _frozen_setattr
            d["__delattr__"] = _frozen_delattr
        new = type(cls)(cls.__name__, cls.__bases__, d)
        new.__qualname__ = cls.__qualname__
        if frozen and slots:       # bound late: the slots exist only once the class does
            for name in names:
                ns[f"_s_{name}"] = new.__dict__[name].__set__
        return new

    return wrap


def _values(self) -> tuple:
    return tuple(getattr(self, n) for n in self._fields)


def _repr(self) -> str:
    inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._fields)
    return f"{type(self).__qualname__}({inner})"


def _eq(self, other):
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self) -> int:
    return hash(_values(self))


def _reduce(self):
    return (self.__class__, _values(self))


def _frozen_setattr(self, name, value):
    raise AttributeError(f"{type(self).__name__} 是只读的，不能修改 {name}")


def _frozen_delattr(self, name):
    raise AttributeError(f"{type(self).__name__} 是只读的，不能删除 {name}")


def replace(obj, **changes):
    """A copy of a record with some fields changed (like ``dataclasses.replace``)."""
    unknown = set(changes) - set(obj._fields)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {', '.join(sorted(unknown))}")
    values = {n: changes[n] if n in changes else getattr(obj, n) for n in obj._fields}
    return obj.__class__(**values)


def fields(obj_or_cls) -> tuple[str, ...]:
    return obj_or_cls._fields
