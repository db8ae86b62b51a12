"""Maintenance tools run with ``python -m auditor.tools.<name>``: the rule catalogue
(make_docs) and the accuracy measurement (accuracy)."""
