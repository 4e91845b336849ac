"""Home page, language switch and the health check."""

import hmac

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import text

import quizapp
from quizapp.core.i18n import LANGUAGE_COOKIE
from quizapp.core.permissions import can, public
from quizapp.extensions import db, socketio
from quizapp.live import gcpolicy
from quizapp.live import status as live_status
from quizapp.live.internals import connection_count

bp = Blueprint("core", __name__)


@bp.get("/")
@public
def home():
    """Send staff to their workspace; everyone else sees how to join a contest."""
    return render_template("core/home.html", user=current_user)


@bp.post("/language/<code>")
@public
def set_language(code):
    """Remember the chosen interface language in a cookie and go back."""
    target = request.referrer if _same_site(request.referrer) else url_for("core.home")
    response = redirect(target)
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=current_app.config["HTTPS"])
    return response


@bp.get("/healthz")
@public
def healthz():
    """Answer whether this worker is alive and its database and queue reachable.

    Anyone gets the status only; an admin's session or the monitoring token
    (`Authorization: Bearer …`, QUIZAPP_MONITORING_TOKEN) also gets the version, async mode,
    worker and connection count, which tell an attacker what to aim at.
    """
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as error:  # any failure means "not reachable"; the message says which
        db.session.rollback()
        database = f"error: {type(error).__name__}"
    live = live_status.report(current_app)
    queue = live.get("message_queue")
    status = "ok" if database == "ok" and queue in (None, "ok") else "degraded"
    code = 200 if status == "ok" else 503
    if not _may_see_health_details():
        return {"status": status}, code
    return {
        "status": status,
        "database": database,
        "message_queue": queue,
        "worker": live.get("worker", "single"),
        "connections": connection_count(socketio),
        "version": quizapp.__version__,
        "async_mode": current_app.config["ASYNC_MODE"],
        "gc": gcpolicy.TIMER.report(),
    }, code


def _may_see_health_details() -> bool:
    if can(current_user, "users.manage"):
        return True
    token = current_app.config.get("MONITORING_TOKEN")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode())




def _same_site(url):
    return bool(url) and url.startswith(request.host_url)
