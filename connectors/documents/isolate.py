"""Parsing each file in a worker process with a time and memory bound, so no file stops the run.

A corrupt, encrypted, enormous or hanging file costs at most ``timeout`` seconds and
``memory_mb`` of memory: a worker that runs over its time is killed and replaced, one that
runs out of memory (its address space is capped with RLIMIT_AS) reports it or dies, and
either way the file is quarantined with the reason while the other files go on. Workers are
started once per extract and reused; results come back in the order the files were given,
whatever order the workers finish in, so output stays deterministic.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from connectors.documents.formats import parse_file
from connectors.documents.model import DocumentError, Parsed, SetupError
from plantset.core.errors import without_values

WORKERS = max(1, min(2, os.cpu_count() or 1))


@dataclass
class Outcome:
    """What parsing one file gave: the document, or the reason it is quarantined."""

    path: Path
    parsed: Parsed | None = None
    reason: str | None = None
    seconds: float = 0.0
    transient: bool = False  # a timeout or a crash: may pass on a quieter machine, so tried again next run


def _serve(conn: Connection, memory_mb: int, ocr: bool) -> None:
    """A worker: parse the paths it is sent until it is sent None."""
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # ocr.py and korean.py keep Tesseract and Kiwi within it

    while True:
        path = conn.recv()
        if path is None:
            return
        try:
            conn.send(("ok", parse_file(Path(path), ocr=ocr)))
        except SetupError as exc:
            conn.send(("setup", str(exc)))
        except DocumentError as exc:
            conn.send(("quarantine", str(exc)))
        except MemoryError:
            conn.send(("quarantine", f"the parser needed more than {memory_mb} MB of memory; raise `memory_mb` "
                                     "for this source or split the file"))
        except Exception as exc:  # noqa: BLE001 — any parser failure quarantines the file, never the run
            detail = without_values((str(exc).splitlines() or [""])[0][:200])  # a parser's message may quote the text
            conn.send(("quarantine", f"unreadable: {type(exc).__name__}: {detail}"))


class _Worker:
    def __init__(self, context, memory_mb: int, ocr: bool):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, memory_mb, ocr), daemon=True)
        self.process.start()
        child.close()
        self.task: int | None = None
        self.started = 0.0

    def send(self, index: int, path: Path) -> None:
        self.task, self.started = index, time.monotonic()
        self.conn.send(str(path))

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.process.kill()
            else:
                self.conn.send(None)
        except (OSError, BrokenPipeError):
            pass
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)


def parse_isolated(paths: list[Path], *, timeout: float, memory_mb: int, ocr: bool = True,
                   workers: int = WORKERS) -> Iterator[Outcome]:
    """Parse ``paths`` in worker processes; yield one outcome per path, in order."""
    if not paths:
        return
    context = multiprocessing.get_context("spawn")  # no inherited threads or locks: safe inside Airflow tasks
    pool = [_Worker(context, memory_mb, ocr) for _ in range(min(workers, len(paths)))]
    done: dict[int, Outcome] = {}
    queue = list(range(len(paths)))
    emitted = 0
    try:
        while emitted < len(paths):
            for worker in pool:
                if worker.task is None and queue:
                    index = queue.pop(0)
                    worker.send(index, paths[index])
            busy = [w for w in pool if w.task is not None]
            deadline = min(w.started for w in busy) + timeout
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                         timeout=max(0.0, deadline - time.monotonic()))
            for worker in busy:
                index = worker.task
                seconds = time.monotonic() - worker.started
                if worker.conn in ready and worker.conn.poll():
                    status, value = worker.conn.recv()
                    if status == "setup":
                        raise SetupError(value)
                    done[index] = (Outcome(paths[index], parsed=value, seconds=seconds) if status == "ok"
                                   else Outcome(paths[index], reason=value, seconds=seconds))
                    worker.task = None
                elif worker.process.sentinel in ready or not worker.process.is_alive():
                    code = worker.process.exitcode
                    done[index] = Outcome(paths[index], seconds=seconds, transient=True, reason=(
                        f"the parser crashed (exit code {code}), most likely out of memory (limit {memory_mb} MB); "
                        "raise `memory_mb` or split the file"))
                    pool[pool.index(worker)] = _Worker(context, memory_mb, ocr)
                elif seconds >= timeout:
                    worker.stop(kill=True)
                    done[index] = Outcome(paths[index], seconds=seconds, transient=True, reason=(
                        f"parsing took longer than {timeout:g} s and was stopped; raise `timeout_seconds` for this "
                        "source if the file is merely large"))
                    pool[pool.index(worker)] = _Worker(context, memory_mb, ocr)
            while emitted in done:
                yield done.pop(emitted)
                emitted += 1
    finally:
        for worker in pool:
            worker.stop(kill=worker.task is not None)
