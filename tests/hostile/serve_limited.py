"""Run `auditor serve` in this process under an address-space limit, for N requests, and record
its peak memory.

Usage: python serve_limited.py RSS_FILE LIMIT_MB N. Prints the port it listens on (127.0.0.1
only), handles N requests one by one, then writes its peak resident set size in KB (VmHWM, as
run_limited.py does) to RSS_FILE and exits.
"""

from __future__ import annotations

import resource
import sys

from run_limited import peak_rss_kb


def main() -> int:
    rss_file, limit_mb, count = sys.argv[1:]
    limit = int(limit_mb) * 1024 * 1024
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from auditor.serve import discover_packs, make_server

    server = make_server("127.0.0.1", 0, discover_packs(), quiet=True)
    server.daemon_threads = False        # server_close waits for the requests' threads
    server.block_on_close = True
    print(server.server_address[1], flush=True)
    try:
        for _ in range(int(count)):
            server.handle_request()
    finally:
        server.server_close()
        with open(rss_file, "w") as fh:
            fh.write(str(peak_rss_kb()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
