"""Mesh `Http` module: the client builder API of spec 05 §12.2–§12.4.

Builders, `client` and `cancel` are plain calls; `send`, `send_with`, `client_close`,
`stream`, `stream_bytes` are coroutines."""

from ..http.client import (  # noqa: F401
    body,
    build,
    cancel,
    client,
    client_close,
    header,
    json,
    query,
    send,
    send_with,
    stream,
    stream_bytes,
    timeout,
)
