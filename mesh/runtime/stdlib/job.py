"""Mesh `Job` module (spec 04 §18). `async` is a Python keyword, so `Job.async` is
`async_` (the usual `f_` rule); `await` likewise is `await_`. `await_`, `await_timeout` and
`map` are coroutines: generated code must `await` them."""

from ..actors.job import (
    job_async as async_,  # noqa: F401
    job_await as await_,  # noqa: F401
    job_await_timeout as await_timeout,  # noqa: F401
    job_map as map,  # noqa: F401,A001
)
