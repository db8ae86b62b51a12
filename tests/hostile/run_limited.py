"""Run the auditor CLI in this process under an address-space limit and record its peak memory.

Usage: python run_limited.py RSS_FILE LIMIT_MB ARGS...  (RSS_FILE receives the peak resident
set size in KB; LIMIT_MB 0 means no limit). The exit code is the CLI's.
"""

from __future__ import annotations

import resource
import sys


def peak_rss_kb() -> int:
    """This process's own peak resident set size, in KB. Linux's ``ru_maxrss`` keeps the
    parent's peak across fork and exec (a child of a 150 MB pytest reports at least 150 MB),
    so the kernel's high-water mark of this process's own memory, ``VmHWM``, is read where
    /proc has it."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> int:
    rss_file, limit_mb, *args = sys.argv[1:]
    limit = int(limit_mb) * 1024 * 1024
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    code = 2
    try:
        from auditor.cli import main as cli_main

        code = cli_main(args)
    except SystemExit as exc:          # argparse usage errors
        code = exc.code if isinstance(exc.code, int) else 2
    finally:
        with open(rss_file, "w") as fh:
            fh.write(str(peak_rss_kb()))
    return code


if __name__ == "__main__":
    sys.exit(main())
