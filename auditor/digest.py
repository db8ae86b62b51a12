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


# After this many bytes hashed (a batch, not one report) OpenSSL's implementation, about five
# times faster, is worth its import: ~30 µs a report against ~3 ms once.
_SWITCH_AFTER = 1 << 20
_hashed = 0
_batch_sha256 = None


def hexdigest(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex; the same digest whichever implementation computes it."""
    global _hashed, _batch_sha256
    if _batch_sha256 is not None:
        return _batch_sha256(data).hexdigest()
    _hashed += len(data)
    if _hashed > _SWITCH_AFTER:
        try:
            from _hashlib import openssl_sha256 as _batch_sha256
        except ImportError:  # pragma: no cover - a Python without OpenSSL
            _batch_sha256 = sha256
    return sha256(data).hexdigest()
