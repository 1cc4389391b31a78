"""API test fixtures: a token per demo user, obtained through the API's own token endpoint."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.conftest import totp_code

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """The token endpoint's rate limit counts in the cache, which outlives each test's database rollback."""
    cache.clear()
    yield
    cache.clear()


def needs_otp(username: str) -> bool:
    from django.contrib.auth import get_user_model

    from workflows.accounts.twofactor import needs_second_factor

    return needs_second_factor(get_user_model().objects.get(username=username))


@pytest.fixture
def api(demo, demo_password):
    """``api("unit001.liaison")``: an API client carrying that demo user's token."""
    clients = {}

    def client_for(username: str) -> APIClient:
        if username not in clients:
            response = APIClient().post(TOKEN_URL, {"username": username, "password": demo_password,
                                                    "otp": totp_code(username) if needs_otp(username) else ""},
                                        format="json")
            assert response.status_code == 200, response.content
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
            clients[username] = client
        return clients[username]

    return client_for
