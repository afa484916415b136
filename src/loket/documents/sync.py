"""pyHanko's synchronous API calls asyncio.run(); that fails on a thread whose event loop is running
(ASGI views, Playwright's sync API in tests). `off_loop` then runs the call on a short-lived thread."""

import asyncio
import threading


def off_loop(func, *args, **kwargs):
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return func(*args, **kwargs)
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = func(*args, **kwargs)
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
