"""One-click pairing: the companion hands its token to the extension that asked for it.

1. The extension's options page makes a random code and opens the companion's page
   ``/pair?code=…&origin=<the extension's origin>``.
2. There the operator sees which extension asks, types their name and confirms (a
   dashboard form, so CSRF-protected): the companion keeps a *grant* bound to the code
   and that origin, for ``TTL`` seconds.
3. The extension asks ``POST /api/v1/pair/claim {"code"}``. Its browser sets the
   ``Origin`` header, which no web page can forge as an extension's; the grant is
   handed out once, only to the origin it was bound to, with the token and the name.

Grants live in the companion's memory only: a restart forgets unclaimed ones.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

from .validation import person_name

__all__ = ["CODE", "Grant", "Pairings", "PairingError", "TTL"]

TTL = 600.0  # seconds a confirmed pairing waits for the extension
MAX_PENDING = 20
CODE = re.compile(r"^[A-Za-z0-9_-]{20,128}$")
MAX_OPERATOR = 200


class PairingError(ValueError):
    """A pairing that cannot be made or claimed; ``status`` is the HTTP status to send."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.field = status, message, field


@dataclass(frozen=True)
class Grant:
    origin: str
    operator: str
    expires: float


def check_code(code: object) -> str:
    if not isinstance(code, str) or not CODE.match(code):
        raise PairingError(400, "the pairing code must be 20-128 letters, digits, - or _",
                           "code")
    return code


def check_operator(name: object) -> str:
    name = person_name(str(name or ""))  # as events and claims store it
    if not name:
        raise PairingError(400, "the operator's name is required: it is what reports show",
                           "operator")
    if len(name) > MAX_OPERATOR:
        raise PairingError(400, f"the name is longer than {MAX_OPERATOR} characters",
                           "operator")
    return name


def short(code: str) -> str:
    """The few characters both pages show, so the operator can see they match."""
    return f"{code[:4]}-{code[4:8]}".upper()


class Pairings:
    """Confirmed, not yet claimed pairings: code -> grant; thread-safe."""

    def __init__(self, clock=time.monotonic) -> None:
        self._grants: dict[str, Grant] = {}
        # Codes handed out, kept as long as a grant would be: a second claim of one is told
        # it was used (already paired), not sent back to confirm a step that was done.
        self._used: dict[str, float] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def _expire(self) -> None:
        now = self._clock()
        for code in [c for c, g in self._grants.items() if g.expires <= now]:
            del self._grants[code]
        for code in [c for c, expires in self._used.items() if expires <= now]:
            del self._used[code]

    def grant(self, code: str, origin: str, operator: str) -> Grant:
        from .security import is_extension_origin

        code = check_code(code)
        if not is_extension_origin(origin):
            raise PairingError(400, f"{origin!r} is not a browser extension's origin", "origin")
        operator = check_operator(operator)
        with self._lock:
            self._expire()
            while len(self._grants) >= MAX_PENDING:
                del self._grants[next(iter(self._grants))]  # the oldest goes
            got = Grant(origin, operator, self._clock() + TTL)
            self._grants[code] = got
            return got

    def claim(self, code: str, origin: str | None) -> Grant:
        """The grant for ``code``, removed; only for the origin it was bound to."""
        code = check_code(code)
        with self._lock:
            self._expire()
            got = self._grants.get(code)
            if got is None and code in self._used:
                raise PairingError(
                    410, "this pairing code was already used: the extension is connected; "
                    "to connect again, press «Подключить» in its options for a new code")
            if got is None:
                raise PairingError(404, "not confirmed yet: confirm on the companion's page")
            if origin != got.origin:
                raise PairingError(403, "this pairing was confirmed for another extension",
                                   "Origin")
            del self._grants[code]
            while len(self._used) >= MAX_PENDING:
                del self._used[next(iter(self._used))]  # the oldest goes
            self._used[code] = self._clock() + TTL
            return got


def of(app) -> Pairings:
    """The app's pairings (one store per companion)."""
    return app.extensions.setdefault("otklik_pairings", Pairings())
