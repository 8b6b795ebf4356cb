"""A polite HTTP client for the statistics APIs: a rate limit, retries and ``Retry-After``.

Statistics Sweden's PxWeb API allows a fixed number of calls per time window (30 per
10 s in its ``/config``) and answers 429 beyond it; Kolada and PxWeb also answer 502/503
when busy. A batch fetch of many tables must neither hammer the service nor give up at
the first busy answer, so every connector sends its requests through :class:`PoliteClient`.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import httpx

from jamlik.errors import ArgumentError, ConnectorError

__all__ = ["PoliteClient", "RateLimit"]

# Answers that mean "try again later" (RFC 9110 §15.6.4, §15.5.x; RFC 6585 §4).
_TRANSIENT = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RateLimit:
    """At most ``calls`` requests in any window of ``seconds`` seconds."""

    calls: int
    seconds: float

    def __post_init__(self) -> None:
        if isinstance(self.calls, bool) or not isinstance(self.calls, int) or self.calls < 1:
            raise ArgumentError(f"calls måste vara ett heltal ≥ 1, fick {self.calls!r}")
        if not self.seconds > 0:
            raise ArgumentError(f"seconds måste vara > 0, fick {self.seconds!r}")


class PoliteClient:
    """Send requests through an injectable :class:`httpx.Client`, politely.

    Parameters
    ----------
    client
        The HTTP client (tests pass one with a ``MockTransport`` or pointed at a local
        fake server; nothing here reaches the internet by itself).
    name
        The service's name, for messages (``"SCB"``, ``"Kolada"``).
    rate_limit
        The service's limit; calls wait for a free slot in a sliding window.
    max_retries
        How many times a transient answer (408, 425, 429, 5xx) or a broken connection is
        retried before a :class:`~jamlik.errors.ConnectorError`.
    backoff
        First wait in seconds when the server gives no ``Retry-After``; doubled each try.
    max_wait
        The longest single wait accepted; a longer ``Retry-After`` is an error that says
        when to try again.
    sleep, clock
        ``time.sleep`` and ``time.monotonic`` unless a test injects its own.
    """

    def __init__(self, client: httpx.Client, *, name: str, rate_limit: RateLimit | None = None,
                 max_retries: int = 5, backoff: float = 1.0, max_wait: float = 120.0,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if not isinstance(client, httpx.Client):
            raise ArgumentError(f"client måste vara en httpx.Client, fick {type(client).__name__}")
        self.client, self.name, self.rate_limit = client, name, rate_limit
        self.max_retries, self.backoff, self.max_wait = max_retries, backoff, max_wait
        self._sleep, self._clock = sleep, clock
        # Calls are counted even before the limit is known (v2's /config is itself a call).
        self._sent: deque[float] = deque(maxlen=10_000)
        self.waited = 0.0

    def get(self, url: str, *, params: dict | None = None) -> httpx.Response:
        return self.request("GET", url, params=params)

    def post(self, url: str, *, json: object, params: dict | None = None) -> httpx.Response:
        return self.request("POST", url, params=params, json=json)

    def request(self, method: str, url: str, *, params: dict | None = None,
                json: object = None) -> httpx.Response:
        """One request, retried on transient answers; a final failure is a ConnectorError."""
        problem = ""
        for attempt in range(self.max_retries + 1):
            self._wait_for_slot()
            try:
                response = self.client.request(method, url, params=params, json=json)
            except httpx.TransportError as error:
                problem = f"förbindelsen bröts ({type(error).__name__})"
                self._pause(self.backoff * 2 ** attempt, url, problem)
                continue
            if response.status_code in _TRANSIENT:
                problem = f"svarade {response.status_code}"
                wait = retry_after(response.headers.get("Retry-After"))
                self._pause(self.backoff * 2 ** attempt if wait is None else wait, url, problem)
                continue
            if response.status_code >= 400:
                text = " ".join(response.text.split())[:200]
                raise ConnectorError(f"{self.name} svarade {response.status_code} för {url}: "
                                     f"{text or 'tomt svar'}")
            return response
        raise ConnectorError(f"{self.name} {problem} för {url}, {self.max_retries + 1} försök; "
                             "försök igen senare (redan hämtade delar finns i cachen)")

    def _pause(self, seconds: float, url: str, problem: str) -> None:
        if seconds > self.max_wait:
            raise ConnectorError(f"{self.name} {problem} för {url} och ber oss vänta "
                                 f"{seconds:.0f} s (mer än {self.max_wait:.0f} s); försök igen senare")
        self.waited += seconds
        self._sleep(seconds)

    def _wait_for_slot(self) -> None:
        now = self._clock()
        if self.rate_limit is None:
            self._sent.append(now)
            return
        # The server starts its window when a call arrives, a little after we send it:
        # a small margin keeps jitter from making a sixth call land inside a window of five.
        window = self.rate_limit.seconds * 1.02 + 0.05
        while self._sent and now - self._sent[0] >= window:
            self._sent.popleft()
        if len(self._sent) >= self.rate_limit.calls:
            wait = window - (now - self._sent[0])
            self.waited += wait
            self._sleep(wait)
            now = self._clock()
            self._sent.popleft()
        self._sent.append(now)


def retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delay-seconds or an HTTP-date).

    RFC 9110 §10.2.3. An unreadable value gives ``None`` (fall back to back-off).

    >>> retry_after("7")
    7.0
    >>> retry_after("Wed, 21 Oct 2015 07:28:10 GMT",
    ...             now=datetime(2015, 10, 21, 7, 28, 0, tzinfo=timezone.utc))
    10.0
    >>> retry_after("soon") is None
    True
    """
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())
