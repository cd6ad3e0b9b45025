"""The meitinker's flow under load: my work, a household timeline, a request, a resident search.

Users arrive already logged in: benchmarks/loadtest/run.py creates a database session per
simulated user (so the flow does not depend on the login form or a second factor) and writes
them, with the records each worker may open, to the file LOADTEST_PLAN names.

Each page is followed by a think time (LOADTEST_THINK seconds, default 5-15: reading a timeline,
typing a note); LOADTEST_THINK=0-1 turns the run into a throughput test.

Redirects are not followed: a redirect to the login page would otherwise count as a 200.
"""

from __future__ import annotations

import itertools
import json
import os
import random

import gevent
from locust import HttpUser, SequentialTaskSet, between, events, task

PLAN = json.loads(open(os.environ["LOADTEST_PLAN"]).read())  # noqa: SIM115
MAX_REQUESTS = int(os.environ.get("LOADTEST_MAX_REQUESTS", "20000"))
# Seconds a meitinker spends on a page before the next click (LOADTEST_THINK, "min-max").
THINK = tuple(float(s) for s in os.environ.get("LOADTEST_THINK", "5-15").split("-", 1))
_accounts = itertools.cycle(PLAN["accounts"])


class Flow(SequentialTaskSet):
    """One round of the flow, a think time after every page."""

    def _get(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if not 200 <= response.status_code < 300:
                response.failure(f"status {response.status_code}")
        if self.user.environment.runner.stats.total.num_requests >= MAX_REQUESTS:
            self.user.environment.runner.quit()

    @task
    def my_work(self) -> None:
        self._get(self.user.my_work, "my work")

    @task
    def household(self) -> None:
        self._get(random.choice(self.user.households), "household timeline")

    @task
    def request(self) -> None:
        self._get(random.choice(self.user.requests), "request")

    @task
    def search(self) -> None:
        self._get(random.choice(self.user.searches), "resident search")


class Meitinker(HttpUser):
    wait_time = between(*THINK)
    tasks = [Flow]

    def on_start(self) -> None:
        account = next(_accounts)
        self.client.cookies.set(PLAN["cookie_name"], account["session"])
        self.my_work = account["my_work"]
        self.households = account["households"]
        self.requests = account["requests"]
        self.searches = PLAN["searches"]
        # Users arrive spread over one think time, not all on "my work" in the same second.
        gevent.sleep(random.uniform(*THINK))


@events.quitting.add_listener
def _exit_code(environment, **kwargs) -> None:
    # Any failed request fails the run: the load test asserts zero errors.
    if environment.stats.total.num_failures:
        environment.process_exit_code = 1
