"""Admission control: with every slot taken, other requests wait their turn and the health check does not."""

from __future__ import annotations

import asyncio
import threading

from storyline.web.admission import Admission


def test_requests_wait_for_a_slot_and_the_health_check_goes_straight_through() -> None:
    release = asyncio.Event()
    order: list[str] = []

    async def app(scope, receive, send) -> None:
        order.append(f"start {scope['path']}")
        if scope["path"] == "/slow":
            await release.wait()
        order.append(f"end {scope['path']}")

    guarded = Admission(app, limit=1)

    async def request(path: str) -> None:
        await guarded({"type": "http", "path": path}, None, None)

    async def scenario() -> None:
        slow = asyncio.create_task(request("/slow"))
        await asyncio.sleep(0)
        waiting = asyncio.create_task(request("/stories"))
        await asyncio.wait_for(request("/api/v1/health"), timeout=1.0)  # not behind /slow
        assert "start /stories" not in order  # still waiting for the slot /slow holds
        release.set()
        await asyncio.gather(slow, waiting)

    # In a thread of its own: a test before this one may leave an event loop running in the main thread.
    errors: list[BaseException] = []
    runner = threading.Thread(target=lambda: _run(scenario, errors))
    runner.start()
    runner.join(timeout=10)
    assert not errors, errors
    assert order == [
        "start /slow",
        "start /api/v1/health",
        "end /api/v1/health",
        "end /slow",
        "start /stories",
        "end /stories",
    ]


def _run(scenario, errors: list[BaseException]) -> None:
    try:
        asyncio.run(scenario())
    except BaseException as exc:
        errors.append(exc)
