"""Fixtures of the JSON API: hosts with tokens, a client that carries no cookie, questions."""

import pytest

from quizapp.accounts import tokens
from tests.contests import conftest as live_fixtures

live_app = live_fixtures.live_app
clock = live_fixtures.clock
phone = live_fixtures.phone
host_user = live_fixtures.host_user
host_socket = live_fixtures.host_socket


class Api:
    """Calls /api/v1 with a bearer token from a client that never signed in."""

    def __init__(self, app, secret=None):
        self.client = app.test_client()
        self.secret = secret

    def call(self, method, path, json=None, headers=None, **kwargs):
        sent = dict(headers or {})
        if self.secret is not None:
            sent.setdefault("Authorization", f"Bearer {self.secret}")
        return self.client.open(f"/api/v1{path}", method=method, json=json, headers=sent,
                                **kwargs)

    def get(self, path, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.call("POST", path, json=json, **kwargs)

    def patch(self, path, json=None, **kwargs):
        return self.call("PATCH", path, json=json, **kwargs)


@pytest.fixture
def api_as(app):
    """api_as(user) -> an Api client holding a fresh token of `user`."""

    def make(user, **kwargs):
        _, secret = tokens.create_token(user, "script", **kwargs)
        return Api(app, secret)

    return make


@pytest.fixture
def questions(app):
    return live_fixtures.make_questions(6)


def refused(response, status, code, field=None):
    """Assert the API's error shape, status and code (and field); return the body."""
    body = response.get_json()
    assert response.status_code == status, (response.status_code, body)
    assert body["error"] == code and body["message"], body
    assert body["field"] == field, body
    return body


@pytest.fixture(autouse=True)
def fresh_limits(app):
    """Rate-limit counters belong to the app: each test starts with none."""
    from quizapp.live import throttle

    throttle.reset(app)
