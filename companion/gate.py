"""What waitress does before Flask sees a request: refuse early, answer in our shape,
and keep cheap calls out of the queue behind heavy ones.

- Host, Origin and the pairing token are checked as soon as the headers are in, so a web
  page cannot make the companion read (and spool to disk) a body it will refuse; the
  body limit is waitress's own ``max_request_body_size``, checked on Content-Length.
- waitress's own errors (413, 431, a malformed request) come as ``{"error": {...}}``.
- ``/api/v1/health`` and error answers run on a small pool of their own, so eight
  500-comment ``/analyze`` calls holding every worker thread do not make the
  extension's 3-second health probe time out (it would show the companion offline).
- ``/analyze`` calls run on a lane of their own (``ANALYZE_THREADS``): their threads
  mostly wait for an analysis worker (``companion.analysis_pool``), and events, draft
  checks and the dashboard must not queue behind them; more calls than the lane has
  threads wait in waitress's queue, holding no thread.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.task import ErrorTask, ThreadedTaskDispatcher
from waitress.utilities import Error

from . import __version__
from .errors import ApiError, error_json
from .security import check_headers, is_extension_origin

LIGHT_PATHS = frozenset({"/api/v1/health"})
LIGHT_THREADS = 2
ANALYZE_PATH = "/api/v1/analyze"
# As many calls as analyse at once at most (companion.api.analyze.ANALYSIS_SLOTS caps
# the server's own analysis at 4; the workers are at most 2 by default).
ANALYZE_THREADS = 4


class Refused(Error):
    """A waitress error carrying an ApiError, answered in the API's error shape."""

    def __init__(self, err: ApiError) -> None:
        super().__init__(err.message)
        self.code = err.status
        self.reason = HTTPStatus(err.status).phrase
        self.err = err


def _json_error(error: Error, origin: str | None) -> tuple[str, list[tuple[str, str]], bytes]:
    if isinstance(error, Refused):
        err = error.err
        status, code, message, field = err.status, err.code, err.message, err.field
    else:
        status, code, field = error.code, None, None
        message = f"{error.reason}: {error.body}"
        if status == 413:
            message = f"Request body is over the limit ({error.body})"
    body = error_json(status, message, field, code)
    headers = [
        ("Content-Type", "application/json"),
        ("X-Content-Type-Options", "nosniff"),
        # The extension tells the companion from another program on the port by this,
        # and reads a 401 as "wrong token" only when it can see it (CORS).
        ("X-Otklik-Version", __version__),
    ]
    if origin and is_extension_origin(origin):
        headers += [
            ("Access-Control-Allow-Origin", origin),
            ("Access-Control-Expose-Headers", "X-Otklik-Version"),
            ("Vary", "Origin"),
        ]
    return f"{status} {error.reason}", headers, body


class JsonErrorTask(ErrorTask):
    def execute(self) -> None:
        origin = self.request.headers.get("ORIGIN")
        status, headers, body = _json_error(self.request.error, origin)
        self.status = status
        self.response_headers.extend(headers)
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


def make_channel_class(config: Mapping) -> type[HTTPChannel]:
    """A waitress channel whose parser runs the header checks of ``config``'s app."""

    class GuardedParser(HTTPRequestParser):
        def parse_header(self, header_plus: bytes) -> None:
            super().parse_header(header_plus)
            headers = self.headers

            def header(name: str) -> str | None:
                return headers.get(name.upper().replace("-", "_"))

            try:
                check_headers(self.command, self.path, header, config)
            except ApiError as err:
                # Answered at once; the body (if any) is never read: the connection
                # closes after the answer.
                self.error = Refused(err)
                self.completed = True
                # ...and waitress's Content-Length check that follows must not turn
                # this answer into a 413.
                self.content_length = 0
                self.body_rcv = None

    class GuardedChannel(HTTPChannel):
        parser_class = GuardedParser
        error_task_class = JsonErrorTask

    return GuardedChannel


def is_light(channel: HTTPChannel) -> bool:
    """Whether the channel's next request is cheap: a health probe, a preflight, an error."""
    if not channel.requests:
        return False
    request = channel.requests[0]
    return (
        request.error is not None
        or request.command == "OPTIONS"  # a CORS preflight: headers only
        or (request.command in ("GET", "HEAD") and request.path in LIGHT_PATHS)
    )


QUIET_QUEUE = logging.getLogger("otklik.analysis_queue")
QUIET_QUEUE.setLevel(logging.ERROR)


def is_analysis(channel: HTTPChannel) -> bool:
    """Whether the channel's next request is a ``POST /analyze`` (checks passed)."""
    if not channel.requests:
        return False
    request = channel.requests[0]
    return request.command == "POST" and request.path == ANALYZE_PATH


def install(server, config: Mapping) -> list[ThreadedTaskDispatcher]:
    """Guard ``server`` (a waitress server) and give cheap requests, and analysis calls,
    threads of their own; returns those two pools (for the shutdown to wait on)."""
    server.channel_class = make_channel_class(config)
    light = ThreadedTaskDispatcher()
    light.set_thread_count(LIGHT_THREADS)
    analysis = ThreadedTaskDispatcher()
    analysis.set_thread_count(ANALYZE_THREADS)
    # Calls waiting for the lane is how it is meant to work, not a warning per call.
    analysis.queue_logger = QUIET_QUEUE
    other_add = server.add_task

    def add_task(channel: HTTPChannel) -> None:
        if is_light(channel):
            light.add_task(channel)
        elif is_analysis(channel):
            analysis.add_task(channel)
        else:
            other_add(channel)

    server.add_task = add_task
    return [light, analysis]
