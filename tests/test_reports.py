"""reports/ holds the gap reports of corpus/ (`make reports`); they must be up to date."""

from pathlib import Path

from auditor.tools.make_reports import ROOT, build


def test_reports_are_up_to_date():
    files = build()
    target = ROOT / "reports"
    stale = [name for name, text in files.items()
             if not (target / name).is_file() or (target / name).read_text(encoding="utf-8") != text]
    assert not stale, f"reports/ 已过期，请运行 make reports：{stale}"
    extra = sorted(p.name for p in target.iterdir() if p.suffix in (".md", ".json")
                   and p.name not in files)
    assert not extra, f"reports/ 中有多余文件：{extra}"


def test_reports_cover_every_corpus_file():
    corpus = sorted(p.stem for p in (ROOT / "corpus").glob("*.txt"))
    files = build()
    for stem in corpus:
        assert f"{stem}.md" in files and f"{stem}.json" in files
    assert Path(ROOT / "reports").is_dir()
