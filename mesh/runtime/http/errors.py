"""The error a request parser raises (its own module so that the sans-IO checks in
`framing.py` and the parsers in `parse.py` can share it without an import cycle)."""

from __future__ import annotations


class ParseError(Exception):
    """Malformed or oversized request input: answer `status`, log `text`, close."""

    def __init__(self, status: int, text: str):
        super().__init__(text)
        self.status = status
        self.text = text
