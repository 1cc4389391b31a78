"""gunicorn on loopback against a benchmark's scratch database: started, waited for, measured, stopped."""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(*, database_url: str, secret_key: str, data_dir: str, redis_url: str = "") -> dict[str, str]:
    """Production settings as behind a TLS-terminating proxy (clients send X-Forwarded-Proto: https)."""
    env = {**os.environ, "DJANGO_ENV": "production", "SECRET_KEY": secret_key, "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "DATABASE_URL": database_url, "DATABASE_CONN_MAX_AGE": "60", "DATA_DIR": data_dir,
           "LOG_LEVEL": "WARNING", "API_TOKEN_RATE": "100000/min"}
    env.pop("TEST_DATABASE_NAME", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def redis_url() -> str:
    """Redis on loopback (database 9, away from development's 0) when one answers, else none."""
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", 6379), timeout=1):
        return "redis://127.0.0.1:6379/9"
    return ""


def new_secret_key() -> str:
    return secrets.token_urlsafe(50)


def rss_mb(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) of a process in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", float("nan")), values.get("VmHWM", float("nan"))


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Gunicorn:
    """``with Gunicorn(env, workers=4, worker_class="gthread", threads=4) as server: server.url``."""

    def __init__(self, env: dict, *, workers: int = 4, worker_class: str = "gthread", threads: int = 4,
                 log: Path | None = None):
        self.env, self.workers, self.worker_class, self.threads = env, workers, worker_class, threads
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = None

    def __enter__(self):
        command = [str(GUNICORN), "--config", str(ROOT / "gunicorn.conf.py"), "--chdir", str(ROOT),
                   "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
                   "--worker-class", self.worker_class, "--log-level", "warning", "project.wsgi:application"]
        if self.worker_class == "gthread":
            command += ["--threads", str(self.threads)]
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL
        self.process = subprocess.Popen(command, env=self.env, stdout=out, stderr=out, cwd=ROOT)
        self._wait_until_up()
        return self

    def _wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode} (see {self.log})")
            with contextlib.suppress(OSError):
                request = urllib.request.Request(self.url + "/accounts/login/",
                                                 headers={"X-Forwarded-Proto": "https"})
                with urllib.request.urlopen(request, timeout=5):
                    if len(self.worker_pids()) >= self.workers:
                        return
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within a minute")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
