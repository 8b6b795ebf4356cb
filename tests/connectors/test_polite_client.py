"""PoliteClient: rate limit, retries on transient answers and broken connections, Retry-After."""

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jamlik.connectors import PoliteClient, RateLimit, retry_after
from jamlik.errors import ArgumentError, ConnectorError


class Clock:
    """A fake clock that advances only when the client sleeps."""

    def __init__(self):
        self.now = 0.0
        self.slept = []

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds

    def __call__(self):
        return self.now


def scripted(*answers):
    """A client that answers with ``answers`` in turn (a Response or an exception to raise)."""
    queue = list(answers)
    sent = []

    def handler(request):
        sent.append(request)
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.Client(transport=httpx.MockTransport(handler)), sent


def test_a_429_waits_as_long_as_retry_after_says_then_succeeds():
    client, sent = scripted(httpx.Response(429, headers={"Retry-After": "7"}),
                            httpx.Response(200, json={"ok": True}))
    clock = Clock()
    polite = PoliteClient(client, name="SCB", sleep=clock.sleep, clock=clock)
    assert polite.get("https://x.test/a").json() == {"ok": True}
    assert clock.slept == [7.0] and len(sent) == 2


def test_503_and_a_dropped_connection_back_off_exponentially():
    client, sent = scripted(httpx.Response(503), httpx.RemoteProtocolError("peer closed"),
                            httpx.Response(200, json=[]))
    clock = Clock()
    polite = PoliteClient(client, name="Kolada", backoff=0.5, sleep=clock.sleep, clock=clock)
    assert polite.get("https://x.test/a").status_code == 200
    assert clock.slept == [0.5, 1.0]


def test_gives_up_after_max_retries_with_a_message_naming_service_and_url():
    client, _ = scripted(*[httpx.Response(503)] * 3)
    clock = Clock()
    polite = PoliteClient(client, name="SCB", max_retries=2, sleep=clock.sleep, clock=clock)
    with pytest.raises(ConnectorError) as error:
        polite.get("https://x.test/tab")
    assert str(error.value) == ("SCB svarade 503 för https://x.test/tab, 3 försök; försök igen "
                                "senare (redan hämtade delar finns i cachen)")


def test_a_retry_after_longer_than_max_wait_is_an_error_not_a_hang():
    client, _ = scripted(httpx.Response(429, headers={"Retry-After": "3600"}))
    polite = PoliteClient(client, name="SCB", max_wait=60, sleep=pytest.fail)
    with pytest.raises(ConnectorError, match="ber oss vänta 3600 s"):
        polite.get("https://x.test/tab")


def test_a_client_error_is_not_retried():
    client, sent = scripted(httpx.Response(400, text="bad query"))
    polite = PoliteClient(client, name="SCB", sleep=pytest.fail)
    with pytest.raises(ConnectorError, match="SCB svarade 400 för https://x.test/q: bad query"):
        polite.post("https://x.test/q", json={})
    assert len(sent) == 1


def test_the_rate_limit_never_lets_more_calls_into_one_window():
    answers = [httpx.Response(200)] * 25
    client, _ = scripted(*answers)
    clock = Clock()
    times = []
    polite = PoliteClient(client, name="SCB", rate_limit=RateLimit(10, 10.0),
                          sleep=clock.sleep, clock=clock)
    for _ in range(25):
        polite.get("https://x.test/")
        times.append(clock.now)
    for start in times:
        assert sum(1 for t in times if start <= t < start + 10.0) <= 10
    assert 20.0 <= times[-1] <= 21.0  # two full waits, with the jitter margin


def test_rate_limit_and_client_are_checked():
    with pytest.raises(ArgumentError, match="calls måste vara ett heltal ≥ 1"):
        RateLimit(0, 10)
    with pytest.raises(ArgumentError, match="client måste vara en httpx.Client"):
        PoliteClient("http://x", name="SCB")


@given(st.integers(min_value=0, max_value=10**6))
def test_retry_after_reads_delay_seconds(seconds):
    assert retry_after(str(seconds)) == float(seconds)
