"""auditor.record: the small dataclass replacement the model is built on."""

import pickle

import pytest

from auditor.model import Evidence, Line, Section
from auditor.record import factory, record, replace


@record(frozen=True)
class Point:
    x: int
    y: int = 0
    tags: list = factory(list)


@record(eq=False)
class Box:
    items: list = factory(list)


def test_defaults_and_factories_are_fresh():
    a, b = Point(1), Point(2, 3)
    assert (a.x, a.y, b.y) == (1, 0, 3)
    assert a.tags == [] and a.tags is not b.tags


@record(frozen=True)
class Pair:
    a: int
    b: str = ""


def test_frozen_records_refuse_changes_and_hash_by_value():
    p = Point(1, 2)
    with pytest.raises(AttributeError):
        p.x = 5
    assert p == Point(1, 2) and p != Point(2, 2)
    assert hash(Pair(1, "x")) == hash(Pair(1, "x")) and len({Pair(1), Pair(1), Pair(2)}) == 2


def test_slots_and_no_instance_dict():
    with pytest.raises(AttributeError):
        Line(1, "a", "a").extra = 1
    assert not hasattr(Line(1, "a", "a"), "__dict__")


def test_identity_equality_with_eq_false():
    a, b = Box(), Box()
    assert a != b and a == a and len({a, b}) == 2


def test_replace_and_unknown_field():
    p = replace(Point(1, 2), y=5)
    assert (p.x, p.y) == (1, 5)
    with pytest.raises(TypeError):
        replace(p, z=1)


def test_pickle_round_trip_for_model_records():
    ev = Evidence(section="一、", line=3, quote="述法", span=(0, 2))
    assert pickle.loads(pickle.dumps(ev)) == ev
    sec = Section(level=1, style="cn", number=1, marker="一、", title="成效", start=0, end=2, line=1,
                  end_line=2)
    back = pickle.loads(pickle.dumps(sec))
    assert (back.title, back.children, back.end_line) == ("成效", [], 2)


def test_repr_names_the_fields():
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=[])"


def test_required_field_after_default_is_rejected():
    with pytest.raises(TypeError):
        @record()
        class Bad:
            a: int = 1
            b: int
