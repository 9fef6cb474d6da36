"""The shared request loop, unit by unit over httpx's MockTransport: retries, Retry-After within
bounds, and the outcome rule, for an API that is neither Medium nor GitHub (any API supplies its
envelope). The loopback tests of each real client stay in test_medium.py and test_github.py."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from medium_action.http.loop import Api, Repeat, send
from medium_action.http.retry import RetryPolicy, retry_after

FAST = RetryPolicy(attempts=3, base_delay=0.5, max_delay=0.5, max_retry_after=10, jitter=False)


class Refused(Exception):
    """The API's own error."""


class Uncertain(Exception):
    pass


class Unreachable(Exception):
    pass


class Lost(Exception):
    def __init__(self, sent_once: bool) -> None:
        super().__init__("lost")
        self.sent_once = sent_once


class ForemLike(Api):
    """An API whose error envelope is ``{"error": str, "status": int}`` (dev.to's shape)."""

    def own_error(self, response: httpx.Response) -> bool:
        try:
            body = response.json()
        except ValueError:
            return False
        return isinstance(body, dict) and isinstance(body.get("error"), str)

    def error(self, response: httpx.Response) -> Exception:
        return Refused(response.status_code)

    def unreachable(self, error: httpx.RequestError) -> Exception:
        return Unreachable(str(error))

    def lost(self, error: httpx.RequestError, *, sent_once: bool) -> Exception:
        return Lost(sent_once)

    def uncertain(self, response: httpx.Response) -> Exception:
        return Uncertain(response.status_code)


Answer = httpx.Response | Exception


def scripted(answers: list[Answer]) -> tuple[httpx.Client, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.Client(
        base_url="https://api.example/", transport=httpx.MockTransport(handle)
    ), seen


def own(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json={"error": "no", "status": status}, headers=headers)


def page(status: int) -> httpx.Response:
    return httpx.Response(status, text="<html>Bad gateway</html>")


def run(
    answers: list[Answer], repeat: Repeat, sleeps: list[float]
) -> tuple[Callable[[], httpx.Response], list[httpx.Request]]:
    http, seen = scripted(answers)

    def call() -> httpx.Response:
        return send(
            http, ForemLike(), "POST", "articles", repeat=repeat, retry=FAST, sleep=sleeps.append
        )

    return call, seen


def connect_error() -> Exception:
    return httpx.ConnectError("refused")


def read_timeout() -> Exception:
    return httpx.ReadTimeout("slow")


# (name, answers, repeat, outcome: status returned or the error type raised, requests sent)
CASES: list[tuple[str, list[Answer], Repeat, int | type[Exception], int]] = [
    ("a success", [httpx.Response(201, json={})], "only-if-not-sent", 201, 1),
    (
        "nothing sent, then a success",
        [connect_error(), httpx.Response(201)],
        "only-if-not-sent",
        201,
        2,
    ),
    ("never reachable", [connect_error()] * 3, "only-if-not-sent", Unreachable, 3),
    ("answer lost after sending a create", [read_timeout()], "only-if-not-sent", Lost, 1),
    (
        "answer lost on a safe request, then answered",
        [read_timeout(), httpx.Response(200)],
        "safe",
        200,
        2,
    ),
    ("a proxy's 502 page after a create", [page(502)], "only-if-not-sent", Uncertain, 1),
    ("an empty 500 after a create", [httpx.Response(500)], "only-if-not-sent", Uncertain, 1),
    ("the API's own 422 after a create", [own(422)], "only-if-not-sent", Refused, 1),
    ("the API's own 500 after a create", [own(500)], "only-if-not-sent", Refused, 1),
    (
        "the API's own 429, then created",
        [own(429), httpx.Response(201)],
        "only-if-not-sent",
        201,
        2,
    ),
    ("a 429 page that is not the API's", [page(429)], "only-if-not-sent", Uncertain, 1),
    ("a passing 503 on a safe request", [page(503), httpx.Response(200)], "safe", 200, 2),
    ("a 404 is final", [own(404)], "safe", Refused, 1),
    ("429 every time", [own(429)] * 3, "safe", Refused, 3),
]


@pytest.mark.parametrize(
    ("answers", "repeat", "outcome", "sent"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_loop_decides_by_the_outcome_rule(
    answers: list[Answer], repeat: Repeat, outcome: int | type[Exception], sent: int
) -> None:
    sleeps: list[float] = []
    call, seen = run(list(answers), repeat, sleeps)
    if isinstance(outcome, int):
        assert call().status_code == outcome
    else:
        with pytest.raises(outcome):
            call()
    assert len(seen) == sent
    assert len(sleeps) == sent - 1  # a wait before each attempt after the first, no more


def test_a_lost_answer_says_whether_the_request_may_have_made_something() -> None:
    call, _ = run([read_timeout()], "only-if-not-sent", [])
    with pytest.raises(Lost) as caught:
        call()
    assert caught.value.sent_once
    call, _ = run([read_timeout()] * 3, "safe", [])
    with pytest.raises(Lost) as caught:
        call()
    assert not caught.value.sent_once


def test_retry_after_is_honoured_within_its_bound() -> None:
    sleeps: list[float] = []
    call, _ = run(
        [own(429, {"Retry-After": "3"}), own(429, {"Retry-After": "3600"}), httpx.Response(201)],
        "only-if-not-sent",
        sleeps,
    )
    assert call().status_code == 201
    assert sleeps == [3.0, 10.0]  # the second wait is capped at max_retry_after


def test_backoff_without_retry_after_doubles_up_to_its_cap() -> None:
    policy = RetryPolicy(base_delay=1, max_delay=5, jitter=False)
    assert [policy.delay(attempt, None) for attempt in range(5)] == [1, 2, 4, 5, 5]
    jittered = RetryPolicy(base_delay=1, max_delay=5)
    assert all(0 <= jittered.delay(3, None) <= 5 for _ in range(50))


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("7", 7.0), ("0.5", 0.5), ("-3", 0.0), ("soon", None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_retry_after_reads_seconds_and_dates(header: str, seconds: float | None) -> None:
    assert retry_after(httpx.Response(429, headers={"Retry-After": header})) == seconds
