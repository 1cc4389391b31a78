"""Run every benchmark in bench/ and write one report, bench/RESULTS.md.

    .venv/bin/python bench/run.py            # full sizes (about half an hour on 2 cores)
    .venv/bin/python bench/run.py --quick    # CI sizes: keeps every benchmark working, asserts no time

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; `scripts/with-postgres.sh`
provides one). The demo district is loaded once into a template database that every benchmark copies; its
files live in a throw-away DATA_DIR. Each benchmark runs in its own process and hands its figures back as
JSON; its output goes to the terminal as it runs.
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable
sys.path.insert(0, str(BENCH))

from server import Gunicorn, new_secret_key, redis_url, server_env  # noqa: E402


def benchmarks(quick: bool) -> list[tuple[str, list[str]]]:
    """(name, arguments) of each run, in order; --quick is passed on to every script that has sizes."""
    size = ["--quick"] if quick else []
    return [
        ("documents", ["documents.py", *size]),
        ("uploads", ["uploads.py", *size]),
        ("ladder", ["ladder.py", *size]),
        ("ladder alone", ["ladder.py", "--without-documents", *size]),
        ("compliance", ["compliance.py", *size]),
        ("load", ["load.py", *size]),
        *([] if quick else [("load, sync workers", ["load.py", "--worker-class", "sync"]),
                            ("load, reads only", ["load.py", "--mix", "reads"])]),
        ("scale", ["scale.py", *size]),
    ]


def machine() -> dict[str, str]:
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal:"))
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return {"cores": str(os.cpu_count()), "memory": f"{memory_kb / 1024 / 1024:.1f} GiB", "cpu": model,
            "python": platform.python_version(), "commit": commit.stdout.strip() or "?"}


def postgres_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def database_named(url: str, name: str) -> str:
    return re.sub(r"/[^/?]*(\?|$)", rf"/{name}\1", url, count=1)


class DemoTemplate:
    """The demo district loaded once (migrate + load_demo) into a database the benchmarks copy."""

    def __init__(self, url: str, env: dict):
        self.url, self.env = url, env
        self.name = f"bench_demo_{os.getpid()}"

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(database_named(self.url, "postgres"), autocommit=True) as connection:
            connection.execute(statement)

    def __enter__(self):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{self.name}"')
        env = {**self.env, "DATABASE_URL": database_named(self.url, self.name)}
        started = time.perf_counter()
        for command in (["migrate", "--noinput", "-v0"], ["load_demo", "--quiet-logins"]):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)
        self.seconds = time.perf_counter() - started
        return self

    def __exit__(self, *exc):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def run_benchmark(name: str, arguments: list[str], env: dict, folder: Path) -> tuple[list[dict], float, int]:
    out = folder / f"{name.replace(' ', '_')}.json"
    print(f"\n=== {name}: {' '.join(arguments)}", flush=True)
    started = time.perf_counter()
    status = subprocess.run([PYTHON, str(BENCH / arguments[0]), *arguments[1:], "--json", str(out)], cwd=ROOT,
                            env=env).returncode
    seconds = time.perf_counter() - started
    rows = json.loads(out.read_text(encoding="utf-8")) if out.exists() else []
    for row in rows:
        row["bench"] = name
    return rows, seconds, status


def run_api_client(template: DemoTemplate, env: dict) -> tuple[list[dict], float, int]:
    """bench/api_client.py against gunicorn on a copy of the demo district: the whole climb over HTTP."""
    print("\n=== api client: api_client.py against gunicorn", flush=True)
    name = f"bench_api_{os.getpid()}"
    template._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    template._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template.name}"')
    started = time.perf_counter()
    try:
        server = server_env(database_url=database_named(template.url, name), secret_key=new_secret_key(),
                            data_dir=env["DATA_DIR"], redis_url=redis_url())
        server["SECURE_SSL_REDIRECT"] = "0"  # the client speaks plain HTTP to loopback, with no proxy in front
        with Gunicorn(server, workers=2, log=Path(env["DATA_DIR"]) / "api_client.log") as gunicorn:
            result = subprocess.run([PYTHON, str(BENCH / "api_client.py"), "--base", gunicorn.url], cwd=ROOT,
                                    env=env, capture_output=True, text=True)
    finally:
        template._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(result.stdout + result.stderr, flush=True)
    match = re.search(r"(\d+) 个 HTTP 请求，共 ([\d.]+) s，平均 (\d+) ms", result.stdout)
    rows = []
    if match:
        rows.append({"bench": "api client", "name": "one plan from draft to office approval over HTTP",
                     "value": match.group(3), "unit": "ms a request", "target": "", "met": None, "baseline": "",
                     "ratio": None, "note": f"{match.group(1)} requests in {match.group(2)} s, 2 gthread workers, "
                                            "each approval issues its document"})
    return rows, time.perf_counter() - started, result.returncode


def kept_from_last_report(output: Path, rows: list[dict], runs: list, only: list[str] | None):
    """With --only, the other benchmarks' figures of the last report (kept as JSON beside it) stay in it."""
    store = output.with_suffix(".json")
    if only and store.exists():
        last = json.loads(store.read_text(encoding="utf-8"))
        rows = [row for row in last["rows"] if row["bench"] not in only] + rows
        runs = [tuple(run) for run in last["runs"] if run[0] not in only] + runs
    store.write_text(json.dumps({"rows": rows, "runs": runs}, ensure_ascii=False, indent=1), encoding="utf-8")
    return rows, runs


def cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def write_results(path: Path, rows: list[dict], runs: list[tuple[str, float, int]], info: dict, quick: bool,
                  only: list[str] | None = None) -> None:
    missed = [row for row in rows if row["met"] is False]
    rerun = f" --only {' '.join(repr(name) for name in only)}" if only else ""
    kept = (" Figures of the other benchmarks are kept from the report before; each load run's notes give the load "
            "average it ran under." if only else "")
    lines = [
        "# Benchmark results",
        "",
        f"Written by `bench/run.py{' --quick' if quick else ''}{rerun}` on {info['date']} (commit {info['commit']})."
        f"{kept} "
        f"Machine: {info['cores']} cores ({info['cpu']}), {info['memory']} memory, Python {info['python']}, "
        f"PostgreSQL {info['postgres']}. Load average at the start {info['load_start']}, at the end "
        f"{info['load_end']} (other work shares this machine: figures taken while it was busy are slower).",
        "",
        "Baselines are measured in the same run: LibreOffice headless converting the same DOCX (documents), "
        "guardian's `user.has_perm(perm, obj)` called per row on the same records (lists) and the evidence "
        "images' cleaning before issue 14 M2 on the same files (uploads). A ratio is how many times slower (or, "
        "for memory, bigger) the baseline is.",
        "",
        "| benchmark | figure | value | unit | target | met | baseline | ratio | note |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        met = {True: "yes", False: "**no**", None: ""}[row["met"]]
        ratio = f"{row['ratio']}×" if row["ratio"] is not None else ""
        lines.append("| " + " | ".join(cell(v) for v in (row["bench"], row["name"], row["value"], row["unit"],
                                                          row["target"], met, row["baseline"], ratio, row["note"]))
                     + " |")
    lines += ["", "## Runs", "", "| benchmark | seconds | exit status |", "|---|---|---|"]
    lines += [f"| {name} | {seconds:.0f} | {status} |" for name, seconds, status in runs]
    lines += ["", "## Targets missed", ""]
    lines += [f"- {row['bench']}: {row['name']} = {row['value']} {row['unit']} (target {row['target']})"
              for row in missed] or ["- none"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    parser.add_argument("--only", nargs="*", help="run only these benchmarks (names as in the report)")
    parser.add_argument("--output", help="default bench/RESULTS.md; var/bench-quick.md with --quick")
    args = parser.parse_args()
    if not args.output:
        args.output = str(ROOT / "var" / "bench-quick.md" if args.quick else BENCH / "RESULTS.md")
        Path(args.output).parent.mkdir(exist_ok=True)

    url = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    if not url.startswith("postgres"):
        print("bench/run.py needs PostgreSQL: DATABASE_URL=postgres://… (scripts/with-postgres.sh gives one)")
        return 2
    data_dir = Path(tempfile.mkdtemp(prefix="bench-run-"))
    env = {**os.environ, "DATABASE_URL": url, "DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    info = {**machine(), "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "postgres": postgres_version(url),
            "load_start": " ".join(f"{v:.2f}" for v in os.getloadavg())}
    rows, runs = [], []
    try:
        with DemoTemplate(url, env) as template:
            print(f"demo district loaded into {template.name} in {template.seconds:.0f} s", flush=True)
            env["BENCH_DEMO_TEMPLATE"] = template.name
            for name, arguments in benchmarks(args.quick):
                if args.only and name not in args.only:
                    continue
                figures, seconds, status = run_benchmark(name, arguments, env, data_dir)
                rows += figures
                runs.append((name, seconds, status))
            if not args.only or "api client" in args.only:
                figures, seconds, status = run_api_client(template, env)
                rows += figures
                runs.append(("api client", seconds, status))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    info["load_end"] = " ".join(f"{v:.2f}" for v in os.getloadavg())
    rows, runs = kept_from_last_report(Path(args.output), rows, runs, args.only)
    write_results(Path(args.output), rows, runs, info, args.quick, args.only)
    print(f"\nwrote {args.output}: {len(rows)} figures from {len(runs)} runs")
    failed = [name for name, _seconds, status in runs if status]
    if failed:
        print(f"failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
