"""Personal API tokens: made and revoked on the account page, shown once, stored hashed, and
refused when wrong, expired, revoked, or when the user's sessions end."""

from datetime import timedelta

import pytest

from quizapp.accounts import tokens
from quizapp.accounts.models import ApiToken
from quizapp.core.clock import utcnow
from quizapp.extensions import db

from .conftest import Api, refused


def test_a_token_is_shown_once_and_only_its_hash_is_kept(app, client, login_as):
    user = login_as("host")
    page = client.post("/account/tokens", data={"name": "Máy chủ trường", "expires_in_days": 90})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    secret = html.split('id="new-api-token">', 1)[1].split("<", 1)[0]
    assert secret.startswith("qzp_") and len(secret) == 47
    stored = ApiToken.query.filter_by(user_id=user.id).one()
    assert stored.secret_hash == tokens.hash_secret(secret) and secret not in str(
        [stored.secret_hash, stored.prefix, stored.name])
    assert timedelta(days=89) < stored.expires_at - utcnow() <= timedelta(days=90)
    again = client.get("/account").get_data(as_text=True)
    assert secret not in again and stored.prefix in again and "Máy chủ trường" in again
    assert Api(app, secret).get("/contests").status_code == 200


def test_the_account_page_refuses_bad_token_names_and_expiries(client, login_as):
    login_as("host")
    assert client.post("/account/tokens", data={"name": "", "expires_in_days": 90}
                       ).status_code == 400
    assert client.post("/account/tokens", data={"name": "x" * 81, "expires_in_days": 90}
                       ).status_code == 400
    assert client.post("/account/tokens", data={"name": "ok", "expires_in_days": 7}
                       ).status_code == 400
    assert ApiToken.query.count() == 0


def test_only_hosts_and_admins_hold_tokens(client, login_as, make_user):
    login_as("editor")
    assert client.post("/account/tokens", data={"name": "x", "expires_in_days": 0}
                       ).status_code == 403
    assert "Mã API" not in client.get("/account").get_data(as_text=True)
    with pytest.raises(tokens.TokenError):
        tokens.create_token(make_user("viewer"), "x")


def test_a_revoked_token_is_refused_and_nobody_revokes_anothers(app, client, login_as,
                                                                  make_user):
    other = make_user("host", username="gv.khac")
    theirs, their_secret = tokens.create_token(other, "theirs")
    user = login_as("host")
    mine, secret = tokens.create_token(user, "mine")
    client.post(f"/account/tokens/{theirs.id}/revoke")
    assert Api(app, their_secret).get("/contests").status_code == 200
    client.post(f"/account/tokens/{mine.id}/revoke")
    assert ApiToken.query.filter_by(user_id=user.id).count() == 0
    refused(Api(app, secret).get("/contests"), 401, "invalid_token")


def test_wrong_and_missing_tokens(app, make_user):
    make_user("host")
    refused(Api(app).get("/contests"), 401, "token_required")
    for header in ("Bearer", "Basic dXNlcjpwdw==", "Bearer qzp_" + "x" * 43, "Bearer abc",
                   "Bearer " + "qzp_" + "y" * 5000, "Bearer qzp_\u00e9\u0000"):
        response = Api(app).get("/contests", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.get_json()["error"] in ("token_required", "invalid_token")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_is_refused(app, make_user, api_as):
    api = api_as(make_user("host"), expires_in_days=30)
    ApiToken.query.one().expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    refused(api.get("/contests"), 401, "token_expired")


def test_tokens_die_with_the_users_sessions(app, make_user, api_as):
    """Log out everywhere, a password change and deactivation end tokens like cookies."""
    user = make_user("host")
    for end in (lambda: user.end_all_sessions(), lambda: user.set_password("another-pass-1"),
                lambda: setattr(user, "active", False)):
        api = api_as(user)
        assert api.get("/contests").status_code == 200
        end()
        db.session.commit()
        refused(api.get("/contests"), 401, "invalid_token")
    user.active = True
    db.session.commit()


def test_a_user_who_no_longer_runs_contests_is_forbidden(app, make_user, api_as):
    user = make_user("host")
    api = api_as(user)
    user.role = "viewer"
    db.session.commit()
    refused(api.get("/contests"), 403, "forbidden")


def test_a_signed_in_browser_cannot_use_the_api(app, client, login_as):
    """The API reads no cookie: a session alone (what a forged cross-site request carries)
    is `token_required`, for reads and writes alike."""
    login_as("host")
    refused(client.get("/api/v1/contests"), 401, "token_required")
    refused(client.post("/api/v1/contests", json={"title": "x"}), 401, "token_required")


def test_guessing_tokens_from_one_address_is_rate_limited(app, make_user, api_as):
    api = api_as(make_user("host"))
    for _ in range(20):
        refused(Api(app, "qzp_" + "z" * 43).get("/contests"), 401, "invalid_token")
    response = refused(api.get("/contests"), 429, "rate_limited")
    assert response and api.get("/contests").headers["Retry-After"] == "60"


def test_each_token_has_a_request_budget(app, make_user, api_as, monkeypatch):
    from quizapp.api import auth

    monkeypatch.setattr(auth, "REQUESTS_PER_MINUTE", 3)
    user = make_user("host")
    api, other = api_as(user), api_as(user)
    for _ in range(3):
        assert api.get("/contests").status_code == 200
    refused(api.get("/contests"), 429, "rate_limited")
    assert other.get("/contests").status_code == 200  # a budget per token


def test_a_token_records_its_use_and_a_user_has_at_most_twenty(app, make_user, api_as):
    user = make_user("host")
    api = api_as(user)
    assert ApiToken.query.one().last_used_at is None
    api.get("/contests")
    assert ApiToken.query.one().last_used_at is not None
    for number in range(tokens.MAX_TOKENS - 1):
        tokens.create_token(user, f"script {number}")
    with pytest.raises(tokens.TokenError):
        tokens.create_token(user, "one too many")
    assert ApiToken.query.filter_by(user_id=user.id).count() == tokens.MAX_TOKENS
