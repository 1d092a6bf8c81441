"""`mesh observatory <node>`: watch a running cluster live in the browser (issue 18).

cli.py parses the command, collector.py polls the nodes over the operator channel,
web.py serves the page in static/ and pushes the state over a WebSocket."""

from .cli import main  # noqa: F401
