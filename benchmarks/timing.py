"""Timing of GETs in-process, shared by the in-process benchmarks (bench_rows, bench_dashboard)."""

from __future__ import annotations

import time


def timed_gets(client, url: str, renders: int):
    """``renders`` GETs of ``url``: (wall ms per GET, CPU ms of the process per GET, the last response)."""
    wall, cpu, response = [], [], None
    for _ in range(renders):
        t, c = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        assert response.status_code == 200, url
    return wall, cpu, response
