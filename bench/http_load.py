"""A small HTTP/1.1 load generator: N keep-alive connections, each sending its next request as
soon as the last is answered, for a fixed time. Written on asyncio streams rather than an HTTP
client library so that the client spends as little of the machine's CPU as it can (it shares the
cores with the server it measures)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

# Builds the n-th request of a connection, as the bytes to send.
RequestMaker = Callable[[int], bytes]


@dataclass
class LoadResult:
    seconds: float
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def failures(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 300)


def request(method: str, path: str, body: bytes = b"", token: str | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: bench", f"Content-Length: {len(body)}"]
    if body:
        lines.append("Content-Type: application/json")
    if token:
        lines.append(f"Authorization: Bearer {token}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def run(
    port: int, makers: list[RequestMaker], seconds: float, warmup: float = 1.0
) -> LoadResult:
    """One connection per maker, for `warmup` then `seconds`; what was answered in `seconds`."""
    return asyncio.run(_run(port, makers, seconds, warmup))


async def _run(port: int, makers: list[RequestMaker], seconds: float, warmup: float) -> LoadResult:
    start = time.perf_counter() + warmup
    until = start + seconds
    result = LoadResult(seconds)
    await asyncio.gather(*(_connection(port, make, start, until, result) for make in makers))
    return result


async def _connection(
    port: int, make: RequestMaker, start: float, until: float, result: LoadResult
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        n = 0
        while True:
            sent = time.perf_counter()
            if sent >= until:
                break
            writer.write(make(n))
            await writer.drain()
            status = await _response(reader)
            answered = time.perf_counter()
            if sent >= start:
                result.latencies.append(answered - sent)
                result.statuses[status] += 1
            n += 1
    finally:
        writer.close()
        await writer.wait_closed()


async def _response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
        elif name.strip().lower() == "transfer-encoding" and "chunked" in value.lower():
            raise RuntimeError("chunked responses are not expected from these routes")
    if length:
        await reader.readexactly(length)
    return status
