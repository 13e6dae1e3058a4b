"""The verbs of the ``dealscope`` command beyond extraction: the database, the server, briefs.

Each module defines plain Typer command functions; :mod:`dealscope.cli` registers them.
"""
