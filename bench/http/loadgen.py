"""Fallback load generator when `wrk` is missing: N keep-alive connections on asyncio in
one process, fixed duration. Prints `rps p99_ms` on stdout."""

import asyncio
import sys
import time

REQ = b"GET /text HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


async def conn(port, stop, lat):
    r, w = await asyncio.open_connection("127.0.0.1", port)
    while time.perf_counter() < stop:
        t0 = time.perf_counter()
        w.write(REQ)
        head = await r.readuntil(b"\r\n\r\n")
        n = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                n = int(line.split(b":")[1])
        await r.readexactly(n)
        lat.append(time.perf_counter() - t0)
    w.close()


async def main(port, conns, secs):
    lat = []
    stop = time.perf_counter() + secs
    t0 = time.perf_counter()
    await asyncio.gather(*(conn(port, stop, lat) for _ in range(conns)))
    el = time.perf_counter() - t0
    lat.sort()
    print(f"{len(lat) / el:.0f} {lat[int(len(lat) * 0.99)] * 1000:.2f}")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])))
