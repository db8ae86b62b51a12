"""Batches in worker processes (batch.audit_map): input order, the per-report work done in the
workers, a worker that dies, an early stop."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor.batch import _chunks, audit_map, audit_paths
from auditor.pack import load_pack

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FILES = sorted(str(p) for p in CORPUS.glob("*.txt"))
# enough inputs for several chunks, one of them missing (an error row)
SOURCES = [*FILES, *FILES, str(CORPUS / "missing.txt"), *FILES]

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")


@pytest.fixture(scope="module")
def pack():
    return load_pack()


def _summary(result, index):
    return (index, result.source, result.error, tuple(f.status for f in result.findings))


def test_chunks_cover_every_item_in_order_and_shrink():
    items = list(range(1000))
    chunks = _chunks(items, 2)
    assert [x for c in chunks for x in c] == items
    sizes = [len(c) for c in chunks]
    assert max(sizes) <= 32 and sizes == sorted(sizes, reverse=True)
    assert sizes[-1] <= 2
    assert _chunks([], 2) == [] and _chunks([1], 2) == [[1]]


@pytest.mark.parametrize("jobs", [2, 3])
def test_work_is_done_in_the_workers_in_input_order(pack, jobs):
    one = list(audit_map(SOURCES, pack, _summary, jobs=1))
    assert [row[0] for row in one] == list(range(len(SOURCES)))
    parent = os.getpid()
    many = list(audit_map(SOURCES, pack, lambda r, i: (_summary(r, i), os.getpid()), jobs=jobs))
    assert [row for row, _ in many] == one
    assert parent not in {pid for _, pid in many}
    assert one[len(FILES) * 2][2]  # the missing file is an error row, in its place


def test_audit_paths_gives_the_same_results_in_workers(pack):
    one = [_summary(r, i) for i, r in enumerate(audit_paths(SOURCES, pack, jobs=1))]
    two = [_summary(r, i) for i, r in enumerate(audit_paths(SOURCES, pack, jobs=2))]
    assert one == two


def test_start_worker_is_called_in_each_worker_only(pack):
    class Work:
        started = False

        def start_worker(self):
            self.started = True

        def __call__(self, result, index):
            return self.started

    work = Work()
    assert set(audit_map(SOURCES, pack, work, jobs=2, start=work.start_worker)) == {True}
    assert work.started is False


@pytest.mark.parametrize("dies_at", [{5}, set(range(len(SOURCES)))])
def test_the_reports_of_a_dead_worker_are_done_here(pack, dies_at):
    parent = os.getpid()

    def work(result, index):
        if os.getpid() != parent and index in dies_at:
            os._exit(9)  # a worker killed in the middle of a chunk
        return _summary(result, index)

    assert list(audit_map(SOURCES, pack, work, jobs=2)) == \
        list(audit_map(SOURCES, pack, _summary, jobs=1))


def test_an_early_stop_leaves_no_worker_behind(pack):
    it = audit_map(SOURCES, pack, lambda r, i: os.getpid(), jobs=2)
    pids = {next(it)}
    it.close()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


# -- output targets of a batch (checked once per input, not once per input and target) ----------


def test_output_onto_an_input_is_refused_however_it_is_named(tmp_path):
    from auditor.errors import UsageError
    from auditor.output import check_target, check_targets

    (tmp_path / "in").mkdir()
    a = tmp_path / "in" / "a.txt"
    a.write_text("x", encoding="utf-8")
    (tmp_path / "in" / "link.txt").symlink_to(a)
    (tmp_path / "alias").symlink_to(tmp_path / "in")
    os.link(a, tmp_path / "hard.txt")
    refused = [(a, a), (tmp_path / "in" / "link.txt", a), (a, tmp_path / "in" / "link.txt"),
               (tmp_path / "alias" / "a.txt", a), (tmp_path / "missing", tmp_path / "missing")]
    for src, target in refused:
        with pytest.raises(UsageError, match="输出文件与输入文件相同"):
            check_target(target, ["-", str(src)], named=True)
    # a hard link is another name: replacing it leaves the input alone
    check_target(tmp_path / "hard.txt", [str(a)], named=True)
    check_target(tmp_path / "out.json", [str(a), str(tmp_path / "missing")], named=True)
    # generated names: not beside an input, not inside an input folder
    with pytest.raises(UsageError, match="旁边"):
        check_targets([tmp_path / "out" / "x.json", tmp_path / "in" / "a.json"], [str(a)],
                      named=False)
    with pytest.raises(UsageError, match="输入目录"):
        check_targets([tmp_path / "alias" / "sub" / "a.json"], [str(tmp_path / "in")],
                      named=False)
    check_targets([tmp_path / "out" / f"{i}.json" for i in range(3)], [str(a)], named=False)
