"""The registration desk: a small local web app that reprints one badge or
tent card at a time and records walk-ins and name corrections.

`changes` (the desk-changes.csv format) and `storage` (durable appends) have
no web dependencies, so `printkit build` can read the desk's changes without
Flask installed; only `app` needs the `desk` extra.
"""
