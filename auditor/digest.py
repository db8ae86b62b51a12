"""SHA-256 without importing ``hashlib``.

``hashlib`` loads OpenSSL's ``_hashlib`` on import (about 3 ms of a start-up measured in tens
of milliseconds); CPython's built-in ``_sha256`` (``_sha2`` from 3.12) computes the same
digest. Every content hash in the auditor (report identity, cache keys) comes from here.
"""

from __future__ import annotations

try:
    from _sha256 import sha256  # CPython 3.11
except ImportError:  # pragma: no cover - other versions and implementations
    try:
        from _sha2 import sha256  # CPython 3.12+
    except ImportError:
        from hashlib import sha256

__all__ = ["sha256", "hexdigest"]


def hexdigest(data: bytes) -> str:
    return sha256(data).hexdigest()
