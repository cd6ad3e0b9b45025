"""gunicorn settings for the container and the load test; the command line may override them.

Sync workers, two per core plus one (gunicorn's rule of thumb), since a request here is mostly
waiting on PostgreSQL. WEB_CONCURRENCY and PORT follow the usual platform conventions.
"""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
# A worker that takes longer than this on one request is killed and replaced.
timeout = 30
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = None
errorlog = "-"
# Import the app once in the master: workers fork ready, so the first requests are not slow.
preload_app = True
