"""Settings from QUIZAPP_* environment variables, with defaults that work offline on a laptop."""

import os
import secrets
import socket
from pathlib import Path

ASYNC_MODES = ("eventlet", "gevent", "threading")


def configure(app, overrides):
    """Fill app.config from the environment, then from `overrides` (tests pass a dict)."""
    env = os.environ
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    cfg = app.config
    cfg.update(
        SQLALCHEMY_DATABASE_URI=database_url(env.get("QUIZAPP_DATABASE_URL"))
        or f"sqlite:///{instance / 'quizapp.sqlite3'}",
        MESSAGE_QUEUE=env.get("QUIZAPP_MESSAGE_QUEUE") or None,
        ASYNC_MODE=async_mode(env),
        PUBLIC_URL=env.get("QUIZAPP_PUBLIC_URL") or None,
        SERVER_PORT=5000,
        HTTPS=env.get("QUIZAPP_HTTPS", "") in ("1", "true", "yes"),
        BABEL_DEFAULT_LOCALE="vi",
        # The zone every time is shown in (stored times are UTC): see core/clock.py.
        TIMEZONE=env.get("QUIZAPP_TIMEZONE", "Asia/Ho_Chi_Minh"),
        LANGUAGES=("vi", "en"),
        UPLOAD_MAX_BYTES=int(env.get("QUIZAPP_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)),
        # The largest Socket.IO message a client may send (answers and commands are tiny).
        SOCKETIO_MAX_MESSAGE_BYTES=int(env.get("QUIZAPP_SOCKET_MAX_MESSAGE_BYTES", 16 * 1024)),
        # K: the participants a program needs from a school to count for it (coverage).
        COVERAGE_MIN_PARTICIPANTS=int(env.get("QUIZAPP_COVERAGE_MIN_PARTICIPANTS", "10")),
        # Switches for tests that drive time by hand: the heartbeat task, batched answer writes.
        LIVE_TICKER=True,
        LIVE_BATCH_ANSWERS=True,
        # Login throttle: failures in the window beyond the free ones make every further try
        # wait base, 2×base, 4×base … seconds (at most the cap); never a lock of the account.
        LOGIN_WINDOW_SECONDS=15 * 60,
        LOGIN_FREE_FAILURES=5,
        LOGIN_FREE_FAILURES_PER_ADDRESS=20,
        LOGIN_BASE_DELAY_SECONDS=1,
        LOGIN_MAX_DELAY_SECONDS=5 * 60,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        # Origins allowed to open Socket.IO connections besides this site (e.g. a broadcast
        # graphics machine); None means this site only.
        SOCKETIO_ORIGINS=_list(env.get("QUIZAPP_ALLOWED_ORIGINS")),
        # Reverse proxies in front of the app (nginx: 1), so client addresses are real.
        PROXY_COUNT=int(env.get("QUIZAPP_PROXY_COUNT", "0")),
        # How long the links of a finished game or show (big screen, player tokens, studio
        # screen, overlay, feed, seat links) keep working after its end.
        LINK_GRACE_SECONDS=int(env.get("QUIZAPP_LINK_GRACE_SECONDS", 2 * 3600)),
        # Where rate-limit counters shared by the workers live (a `limits` storage URI); by
        # default the Redis message queue, or this process's memory without one.
        RATE_LIMIT_STORAGE=env.get("QUIZAPP_RATE_LIMIT_STORAGE") or None,
        # A school with a single editor may let authors approve their own questions; each such
        # approval is recorded as self-approved in the question's history.
        BANK_SELF_APPROVAL=env.get("QUIZAPP_BANK_SELF_APPROVAL", "") in ("1", "true", "yes"),
        # Bearer token a monitoring system sends to /healthz to get the details (version,
        # worker, connections); without it the answer is the status only.
        MONITORING_TOKEN=env.get("QUIZAPP_MONITORING_TOKEN") or None,
        # Who may frame the broadcast overlay (OBS / vMix browser inputs, a graphics page).
        OVERLAY_FRAME_ANCESTORS=env.get("QUIZAPP_OVERLAY_FRAME_ANCESTORS", "*"),
        # How long a buzzer press waits, once stamped, before it takes the show's lock: presses
        # arriving meanwhile are stamped on arrival too (docs/gameshow.md, Fair buzzers).
        STUDIO_PRESS_WINDOW_MS=int(env.get("QUIZAPP_STUDIO_PRESS_WINDOW_MS", "10")),
        # Origins whose pages may read the data feed (HTML graphics that poll it); none by default.
        FEED_CORS_ORIGINS=_list(env.get("QUIZAPP_FEED_CORS_ORIGINS")) or [],
        # The CasparCG server the bridge pushes the feed to (host:port); unset: no bridge.
        CASPARCG_URL=env.get("QUIZAPP_CASPARCG_URL") or None,
        CASPARCG_CHANNEL_LAYER=env.get("QUIZAPP_CASPARCG_CHANNEL_LAYER", "1-20"),
        CASPARCG_FLASH_LAYER=env.get("QUIZAPP_CASPARCG_FLASH_LAYER", "1"),
        CASPARCG_TEMPLATE=env.get("QUIZAPP_CASPARCG_TEMPLATE", "quizapp/quizapp"),
        CASPARCG_EPISODE=env.get("QUIZAPP_CASPARCG_EPISODE") or None,
        # The coverage report as an administrative document (Nghị định 30/2020): who issues
        # it, where, to whom, who signs. Defaults for the merged province; change them here.
        REPORT_PARENT_BODY=env.get("QUIZAPP_REPORT_PARENT_BODY", "UBND TỈNH QUẢNG NGÃI"),
        REPORT_ISSUER=env.get("QUIZAPP_REPORT_ISSUER", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
        REPORT_ISSUER_CODE=env.get("QUIZAPP_REPORT_ISSUER_CODE", "SGDĐT"),
        REPORT_PLACE=env.get("QUIZAPP_REPORT_PLACE", "Quảng Ngãi"),
        REPORT_RECIPIENTS=_list(env.get("QUIZAPP_REPORT_RECIPIENTS"), ";") or [
            "Sở Khoa học và Công nghệ (để tổng hợp)", "UBND tỉnh (để báo cáo)", "Lưu: VT"],
        REPORT_SIGNER_TITLE=env.get("QUIZAPP_REPORT_SIGNER_TITLE", "GIÁM ĐỐC"),
        REPORT_SIGNER_NAME=env.get("QUIZAPP_REPORT_SIGNER_NAME", ""),
        # Names of pupils are deleted this many months after the period they played in was
        # frozen (`quizapp privacy purge`); 0 keeps them until an admin anonymises a year.
        # Keys the pupil identity hashes (default: the secret key). Keep it when rotating the
        # secret key, or every stored identity changes meaning.
        IDENTITY_KEY=env.get("QUIZAPP_IDENTITY_KEY") or None,
        PRIVACY_RETENTION_MONTHS=int(env.get("QUIZAPP_PRIVACY_RETENTION_MONTHS", "12")),
    )
    cfg.update(overrides)
    cfg["SQLALCHEMY_DATABASE_URI"] = database_url(cfg["SQLALCHEMY_DATABASE_URI"])
    cfg["MAX_CONTENT_LENGTH"] = cfg["UPLOAD_MAX_BYTES"] + 64 * 1024
    cfg["SESSION_COOKIE_SECURE"] = cfg["HTTPS"]
    cfg["REMEMBER_COOKIE_SECURE"] = cfg["HTTPS"]
    cfg["REMEMBER_COOKIE_HTTPONLY"] = True
    from quizapp.core.clock import check_zone  # here: this module must not import Flask

    check_zone(cfg["TIMEZONE"])
    if cfg["ASYNC_MODE"] not in ASYNC_MODES:
        raise ValueError(f"QUIZAPP_ASYNC_MODE must be one of {', '.join(ASYNC_MODES)}")
    if not cfg.get("SECRET_KEY"):
        cfg["SECRET_KEY"] = env.get("QUIZAPP_SECRET_KEY") or _instance_secret(instance)


def async_mode(env=os.environ) -> str:
    """Return the configured async mode before any app exists (the launcher patches first)."""
    return env.get("QUIZAPP_ASYNC_MODE", "eventlet")


def _list(value, separator=","):
    items = [item.strip() for item in (value or "").split(separator) if item.strip()]
    return items or None


def database_url(url):
    """Pin plain PostgreSQL URLs to psycopg2, the driver psycogreen makes cooperative."""
    if url and url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg2://" + url.split("://", 1)[1]
    return url


def _instance_secret(instance: Path) -> str:
    """Return the secret key kept in instance/, creating it on first run (never a constant)."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def public_url(app) -> str:
    """Return the base URL printed in QR codes: QUIZAPP_PUBLIC_URL, else this machine on the LAN."""
    return (app.config["PUBLIC_URL"] or f"http://{lan_address()}:{app.config['SERVER_PORT']}"
            ).rstrip("/")


def lan_address() -> str:
    """Guess this machine's address on the LAN, so a phone on the school Wi-Fi can reach it.

    Connecting a UDP socket sends no packet: it only asks the kernel which local address
    would route to that destination.
    """
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 1))
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()
