"""The meitinker's flow under load: my work, a household timeline, a request, a resident search.

Users arrive already logged in: benchmarks/loadtest/run.py creates a database session per
simulated user (so the flow does not depend on the login form or a second factor) and writes
them, with the records each worker may open, to the file LOADTEST_PLAN names.

Redirects are not followed: a redirect to the login page would otherwise count as a 200.
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["LOADTEST_PLAN"]).read())  # noqa: SIM115
MAX_REQUESTS = int(os.environ.get("LOADTEST_MAX_REQUESTS", "20000"))
_accounts = itertools.cycle(PLAN["accounts"])


class Meitinker(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        account = next(_accounts)
        self.client.cookies.set(PLAN["cookie_name"], account["session"])
        self.my_work = account["my_work"]
        self.households = account["households"]
        self.requests = account["requests"]
        self.searches = PLAN["searches"]

    def _get(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if not 200 <= response.status_code < 300:
                response.failure(f"status {response.status_code}")
        if self.environment.runner.stats.total.num_requests >= MAX_REQUESTS:
            self.environment.runner.quit()

    @task
    def flow(self) -> None:
        self._get(self.my_work, "my work")
        self._get(random.choice(self.households), "household timeline")
        self._get(random.choice(self.requests), "request")
        self._get(random.choice(self.searches), "resident search")


@events.quitting.add_listener
def _exit_code(environment, **kwargs) -> None:
    # Any failed request fails the run: the load test asserts zero errors.
    if environment.stats.total.num_failures:
        environment.process_exit_code = 1
