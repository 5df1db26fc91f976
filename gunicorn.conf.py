"""gunicorn's settings for production, from the environment (README, "Running in production").

    gunicorn -c gunicorn.conf.py

Each worker is a process of its own with nothing shared in memory: answers live in the
database, sessions in signed cookies, rate-limit counts in RATELIMIT_STORAGE_URI. So any
number of workers, on any number of machines behind a load balancer, can serve the same
PostgreSQL database.
"""

import multiprocessing
import os

wsgi_app = "webapp:create_app()"
bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers: one request at a time each; about two per CPU (pages take a few ms of CPU).
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2)))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter), so no worker grows for ever.
max_requests = 2000
max_requests_jitter = 200
# Only these addresses (the load balancer) may say the request came over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Request lines and headers: gunicorn's limits, stated (an over-long line is refused with 400).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Access log without the client's address or the query string: no personal data in logs.
accesslog = os.environ.get("ACCESS_LOG", "-")
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
