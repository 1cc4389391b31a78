"""Schemathesis against the REST API (issue 14): the demo district on gunicorn, tested once with a liaison's token
and once with an office reviewer's, with every check, a fixed seed and a bounded number of examples.

    .venv/bin/python scripts/api_fuzz.py [--examples 10] [--seed 14] [--demo DIR] [--keep]

``make test-api-schema`` installs schemathesis and runs this; exit status 0 only when neither run found anything.

The demo is loaded into a throw-away DATA_DIR on SQLite (``--demo DIR`` copies a DATA_DIR loaded before instead:
two minutes saved when iterating) and served with the production settings, as behind a TLS proxy. Both tokens are
taken before either run: the runs post to the token endpoint too and exhaust the address's log-in rate.

Made-up ids mostly meet a 404, so each run also gets the ids its user can see (the first page of each list, the
evidence on those records and answers, the codes of those documents and half-years): schemathesis uses one of them
for half of the values it generates for a path parameter, and so reaches the views behind the 404.

Every endpoint is tested, none excluded: the API has no endpoint that ends the caller's own token, and neither
demo user may revoke documents or issue notices. One check is left out: ``positive_data_acceptance`` expects any
request that fits the schema to succeed, but a 400 also answers the rules a service checks on well-formed input
(a half-year still open, a unit the caller files for, the right password), which no schema can state.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from server import Gunicorn, new_secret_key, server_env  # noqa: E402

PYTHON = sys.executable
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
USERS = ["unit001.liaison", "office.reviewer"]  # neither needs the second factor
HTTPS = "X-Forwarded-Proto: https"  # the production settings redirect plain HTTP
CHECKS = ["--checks", "all", "--exclude-checks", "positive_data_acceptance"]  # why: the docstring
RUN_TIMEOUT = 600  # seconds; one run takes about a minute and a half on two cores
# The lists whose rows' ids (a half-year's code) are known values of ``/api/v1/<list>/{id}/``'s path parameter.
LISTS = ["plans", "records", "reports", "answers", "tasks", "documents", "findings", "notices", "organisations",
         "periods"]
KNOWN_SHARE = 0.5  # of the values schemathesis generates for a path parameter with known values


def load_demo(data_dir: Path, env: dict) -> None:
    """migrate + load_demo with the development settings (load_demo refuses production)."""
    development = {**env, "DJANGO_ENV": "development"}
    for command in (["migrate", "--noinput", "-v0"], ["load_demo", "--quiet-logins"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=development, check=True,
                       stdout=subprocess.DEVNULL)


def api(base_url: str, path: str, *, body: dict | None = None, token_key: str = ""):
    headers = {"Content-Type": "application/json", "X-Forwarded-Proto": "https"}
    if token_key:
        headers["Authorization"] = f"Token {token_key}"
    data = json.dumps(body).encode() if body is not None else None
    with urllib.request.urlopen(urllib.request.Request(base_url + path, data=data, headers=headers), timeout=60) as r:
        return json.load(r)


def token(base_url: str, username: str, password: str) -> str:
    return api(base_url, "/api/v1/auth/token/", body={"username": username, "password": password})["token"]


def known_values(base_url: str, token_key: str) -> dict[str, list]:
    """Path parameter values the user can see, by the first segment of the paths that take them."""
    rows = {name: api(base_url, f"/api/v1/{name}/?page_size=10", token_key=token_key)["results"] for name in LISTS}
    values = {name: [row.get("id", row.get("code")) for row in rows[name]] for name in LISTS}
    values["evidence"] = [file["id"] for row in rows["records"] + rows["answers"] for file in row["evidence"]]
    values["verify"] = [row["verify_code"] for row in rows["documents"]]
    return {name: found for name, found in values.items() if found}


def config(values: dict[str, list]) -> str:
    """schemathesis.toml: a dictionary of known values per path segment, bound to the parameter of its paths."""
    lines = []
    for name, found in values.items():
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(found)}", ""]
    for name in values:
        parameter = "code" if name in ("periods", "verify") else "id"
        bindings = {f"path.{parameter}": name, **({"path.evidence_id": "evidence"} if name == "records" else {})}
        table = ", ".join(f'"{key}" = {{ dictionary = "{dictionary}", probability = {KNOWN_SHARE} }}'
                          for key, dictionary in bindings.items() if dictionary in values)
        lines += ["[[operations]]", f"include-path-regex = '/api/v1/{name}/\\{{{parameter}\\}}/'",
                  f"parameters = {{ {table} }}", ""]
    return "\n".join(lines)


def schemathesis(base_url: str, token_key: str, *, seed: int, examples: int, folder: Path) -> int:
    """One run as one user; its report is schemathesis' own console output. Returns its exit status."""
    folder.mkdir(parents=True, exist_ok=True)  # its working folder: any cache it keeps stays in there
    settings = folder / "schemathesis.toml"
    settings.write_text(config(known_values(base_url, token_key)))
    command = [str(SCHEMATHESIS), "--config-file", str(settings), "run", f"{base_url}/api/v1/schema/", *CHECKS,
               "--seed", str(seed), "--max-examples", str(examples), "--workers", "1", "--generation-database",
               "none", "--no-color", "-H", HTTPS, "-H", f"Authorization: Token {token_key}"]
    try:
        return subprocess.run(command, cwd=folder, timeout=RUN_TIMEOUT).returncode
    except subprocess.TimeoutExpired:
        print(f"schemathesis did not finish within {RUN_TIMEOUT} s", flush=True)
        return 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10, help="test cases per operation and phase")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--demo", type=Path, help="a DATA_DIR with the demo loaded (db.sqlite3 and media) to copy")
    parser.add_argument("--keep", action="store_true", help="keep the DATA_DIR (database, server log, settings)")
    args = parser.parse_args()

    started = time.monotonic()
    data_dir = Path(tempfile.mkdtemp(prefix="api-fuzz-"))
    env = server_env(database_url=f"sqlite:///{data_dir / 'db.sqlite3'}", secret_key=new_secret_key(),
                     data_dir=str(data_dir))
    env["LOG_LEVEL"] = "ERROR"  # the server log keeps the tracebacks of 500s, not every refused request
    password = os.environ.get("DEMO_PASSWORD", "Anquan-Demo-2026")
    try:
        if args.demo:
            shutil.copytree(args.demo, data_dir, dirs_exist_ok=True)
        else:
            load_demo(data_dir, env)
        print(f"demo district ready in {time.monotonic() - started:.0f} s ({data_dir})", flush=True)
        log = data_dir / "server.log"
        with Gunicorn(env, workers=2, threads=2, log=log) as server:
            tokens = {user: token(server.url, user, password) for user in USERS}
            failed = []
            for user in USERS:
                print(f"\n===== schemathesis as {user}", flush=True)
                status = schemathesis(server.url, tokens[user], seed=args.seed, examples=args.examples,
                                      folder=data_dir / "runs" / user)
                if status:
                    failed.append(user)
        if failed:
            print(f"\nserver log ({log}):\n" + "".join(log.read_text().splitlines(True)[-300:]))
        print(f"\n{time.monotonic() - started:.0f} s; found something as: {', '.join(failed) or 'nobody'}")
        print(f"schemathesis: {len(USERS) - len(failed)} passed, {len(failed)} failed", flush=True)
        return 1 if failed else 0
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
