"""Waiting for another process: poll a condition until a deadline, never sleep a fixed time.

Deadlines are set per step from how long the step takes on a quiet 2-core machine, times a
margin for a loaded one (the suite's own processes, or CI's neighbours); the comment beside
each deadline says which. A deadline that passes fails the test with what was awaited and the
last thing seen, so a slow machine and a broken feature read differently.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")

# A loaded 2-core machine ran the slowest steps up to about 5x their quiet time; deadlines allow 10x.
MARGIN = 10


def wait_for(condition: Callable[[], T], *, seconds: float, what: str, every: float = 1.0,
             seen: Callable[[], object] | None = None) -> T:
    """Call ``condition`` until it returns something truthy and return that; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            last = f"; last seen: {seen()!r}" if seen is not None else ""
            raise AssertionError(f"{what} did not happen within {seconds:g} s{last}")
        time.sleep(min(every, max(0.0, deadline - time.monotonic())))


async def wait_for_async(condition: Callable[[], Awaitable[T]], *, seconds: float, what: str,
                         every: float = 0.1) -> T:
    """``wait_for`` inside an event loop: await ``condition()`` until it is truthy; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        result = await condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what} did not happen within {seconds:g} s")
        await asyncio.sleep(min(every, max(0.0, deadline - time.monotonic())))
