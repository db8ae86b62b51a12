"""Report identities: the same SHA-256 before and after a batch switches to OpenSSL's."""

from __future__ import annotations

import hashlib
import os

from auditor import digest


def test_same_digest_from_both_implementations(monkeypatch):
    monkeypatch.setattr(digest, "_hashed", 0)
    monkeypatch.setattr(digest, "_batch_sha256", None)
    chunks = [b"", b"a", os.urandom(100), os.urandom(digest._SWITCH_AFTER), os.urandom(12_000),
              "报告".encode("utf-8")]
    got = []
    for data in chunks:
        got.append(digest.hexdigest(data))
    assert digest._batch_sha256 is not None            # the batch switched over…
    assert got == [hashlib.sha256(d).hexdigest() for d in chunks]   # …and nothing changed


def test_one_report_does_not_load_openssl(monkeypatch):
    monkeypatch.setattr(digest, "_hashed", 0)
    monkeypatch.setattr(digest, "_batch_sha256", None)
    digest.hexdigest(os.urandom(50_000))
    assert digest._batch_sha256 is None
