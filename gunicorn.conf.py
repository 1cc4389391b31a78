"""gunicorn settings for 安全宣讲:  .venv/bin/gunicorn -c gunicorn.conf.py project.wsgi

Four gthread workers of four threads on a two-core machine (bench/load.py measures the choice): most
requests wait on PostgreSQL, a few render a stamped PDF or re-encode a photo for a few hundred
milliseconds; threads let a worker keep serving pages while one of its threads does that, and the
gthread worker keeps HTTP connections alive. Each worker renders and signs one throw-away document
before it takes its first request, so no reviewer waits for the renderer's cold start.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = 5
timeout = 120
graceful_timeout = 20


def post_worker_init(worker):
    from django.db import connection

    from workflows.documents.warmup import warm_up_process

    warm_up_process()
    connection.close()  # the worker's threads open their own
