"""Production settings pass ``check --deploy`` with no warnings; the Content-Security-Policy is sent everywhere
and our pages carry no inline script it would block."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def production(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(60),
           "ALLOWED_HOSTS": "example.gov.cn"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_check_deploy_is_clean_in_production():
    result = production("check", "--deploy")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_has_no_debug_pages_and_https_only_cookies():
    code = ("from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SECURE_HSTS_SECONDS > 0, s.SECURE_SSL_REDIRECT)")
    assert production("shell", "-c", code).stdout.splitlines()[-1].split() == ["False", "True", "True", "True", "True"]


def test_a_weak_secret_key_fails_the_deploy_check():
    env = {**os.environ, "DJANGO_ENV": "production", "SECRET_KEY": "short", "ALLOWED_HOSTS": "example.gov.cn"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert "security.W009" in result.stdout + result.stderr


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_every_page_sends_the_policy(client, login):
    for response in (client.get("/accounts/login/"), login("unit001.liaison").get("/workbench/"),
                     client.get("/api/v1/me/")):
        directives = policy(response)
        assert directives["default-src"] == "default-src 'self'"
        assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
        assert directives["frame-ancestors"] == "frame-ancestors 'none'"
        assert directives["object-src"] == "object-src 'none'"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


@pytest.mark.parametrize(("username", "url"), [
    ("unit001.liaison", "/workbench/"),
    ("unit001.liaison", "/lectures/plans/"),
    ("office.director", "/ladder/tasks/"),
    ("office.director", "/dashboards/"),
    ("dept01.leader", "/ladder/tasks/"),
    ("secadmin", "/accounts/locked/"),
    ("unit001.liaison", "/accounts/two-factor/"),
    (None, "/accounts/login/"),
    (None, "/api/v1/docs/"),
])
def test_pages_have_no_inline_script_the_policy_would_block(client, login, username, url):
    if username:
        login(username)
    html = client.get(url, follow=True).content.decode()
    assert INLINE_SCRIPT.findall(html) == []
    assert INLINE_HANDLER.findall(html) == []


def test_in_production_the_api_schema_and_docs_need_a_log_in():
    code = ("from django.test import Client; c = Client(); "
            "print(c.get('/api/v1/schema/', secure=True, HTTP_HOST='example.gov.cn').status_code, "
            "c.get('/api/v1/docs/', secure=True, HTTP_HOST='example.gov.cn').status_code)")
    assert production("shell", "-c", code).stdout.split()[-2:] == ["401", "401"]
