"""Request-head framing checks shared by both parser paths (RFC 9112 §2.2, §5.1-§5.2, §6.1).

Why this exists: two HTTP/1.1 parsers that disagree on where a request ends are a request
smuggling hole. llhttp (the fast path) is strict, but h11 (the reference path, and the
fallback the fast path takes for method tokens llhttp does not know, such as `post`)
accepts a request with both `Content-Length` and `Transfer-Encoding` (letting
`Transfer-Encoding` win and keeping the connection open), unfolds obs-fold lines and
accepts bare-LF line breaks. So `post /x HTTP/1.1` + `Content-Length: 45` +
`Transfer-Encoding: chunked` + `0\\r\\n\\r\\nGET /admin ...` used to yield a second,
smuggled request. `head_error` inspects the raw bytes of a request head before a parser
sees them and names the first framing violation; the caller answers 400 and closes.

Sans-IO: bytes in, a `ParseError` (or None) out.
"""

from __future__ import annotations

from .errors import ParseError


def head_error(buf: bytes | bytearray) -> ParseError | None:
    """The framing violation in the request head at the start of `buf`, or None.

    `buf` may hold an incomplete head (then only its complete lines are judged) or more
    than the head (the bytes after its blank line are ignored). Blank lines before the
    request line are skipped, as both parsers do."""
    n = len(buf)
    i = 0
    while i < n and buf[i] in (13, 10):  # CR, LF
        i += 1
    first = True
    cl = te = False
    version10 = False
    chunked_last = True
    while True:
        j = buf.find(b"\n", i)
        if j < 0:
            # an incomplete line: a CR inside it can only be a bare CR
            k = buf.find(b"\r", i)
            if 0 <= k < n - 1:
                return ParseError(400, "bare CR in request head")
            return None
        if j == i or buf[j - 1] != 13:
            return ParseError(400, "bare LF in request head")
        line = buf[i : j - 1]
        i = j + 1
        if not line:
            break  # the blank line: end of the head
        if b"\r" in line:
            return ParseError(400, "bare CR in request head")
        if first:
            first = False
            version10 = line.endswith(b" HTTP/1.0")
            continue
        if line[0] in (32, 9):  # SP, HTAB
            return ParseError(400, "obsolete line folding in request head")
        colon = line.find(b":")
        if colon <= 0:
            continue  # not a header line at all: the parser rejects it
        name = bytes(line[:colon])
        if name[-1] in (32, 9):
            return ParseError(400, "whitespace before colon in header field")
        lname = name.lower()
        if lname == b"content-length":
            cl = True
        elif lname == b"transfer-encoding":
            te = True
            codings = [c.strip() for c in bytes(line[colon + 1 :]).lower().split(b",")]
            chunked_last = bool(codings) and codings[-1] == b"chunked"
    if te and cl:
        return ParseError(400, "both Content-Length and Transfer-Encoding")
    if te and version10:
        return ParseError(400, "Transfer-Encoding in an HTTP/1.0 request")
    if te and not chunked_last:
        return ParseError(400, "Transfer-Encoding does not end in chunked")
    return None
