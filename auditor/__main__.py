"""python -m auditor"""

from .cli import main

raise SystemExit(main())
