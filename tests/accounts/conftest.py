import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_counts():
    """django-ratelimit counts in the cache, which outlives each test's database rollback."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password_log_in(client, demo, demo_password):
    """Post the password step only (the TOTP step, if any, is left to the test)."""

    def post(username: str, password: str | None = None, **extra):
        return client.post("/accounts/login/", {"username": username, "password": password or demo_password},
                           **extra)

    return post
