"""Check kinds: one module each (settings schema, ``compile``, ``run``), named by
``registry``; ``base`` holds what they share and ``literals`` the one-pass literal scan.
How to write one: docs/rule-guide.md."""
