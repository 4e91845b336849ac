"""Who is calling: a personal API token in `Authorization: Bearer`, and nothing else.

The API never reads the session cookie, so a page on another site cannot make a signed-in
browser call it: that is why it needs no CSRF token. Each token may make REQUESTS_PER_MINUTE
requests; an address that keeps presenting bad tokens is stopped before they are even looked
up (the shared limiter of live/throttle, in Redis when the app has a message queue).
"""

from functools import wraps

from flask import g, request

from quizapp.accounts import tokens
from quizapp.api.errors import ApiError, error_response
from quizapp.core.permissions import can
from quizapp.live import throttle

REQUESTS_PER_MINUTE = 300
BAD_TOKENS_PER_MINUTE = 20


def token_view(view):
    """Run `view` for the user of a valid token allowed to run contests; answer refusals
    (the view's own ApiErrors too) in the API's JSON shape."""

    @wraps(view)
    def guarded(*args, **kwargs):
        try:
            g.api_user = _authenticate()
            return view(*args, **kwargs)
        except ApiError as refused:
            return error_response(refused)

    guarded.required_permission = tokens.PERMISSION
    return guarded


def _authenticate():
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiError("token_required")
    address = f"api-bad-token:{request.remote_addr or 'unknown'}"
    if throttle.used(address, BAD_TOKENS_PER_MINUTE, 60) >= BAD_TOKENS_PER_MINUTE:
        raise ApiError("rate_limited", retry_after=60)
    try:
        user, token = tokens.authenticate(secret.strip())
    except tokens.TokenRefused as refused:
        throttle.allow(address, BAD_TOKENS_PER_MINUTE, 60)
        raise ApiError(refused.code) from None
    if not can(user, tokens.PERMISSION):
        raise ApiError("forbidden")
    if not throttle.allow(f"api-token:{token.id}", REQUESTS_PER_MINUTE, 60):
        raise ApiError("rate_limited", retry_after=60)
    return user
