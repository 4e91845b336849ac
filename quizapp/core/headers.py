"""Security headers on every response."""

# No inline script anywhere: every page loads its module from static/js/.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def frameable(response, ancestors: str):
    """Let ``ancestors`` frame this response (the overlay in a vision mixer's browser input)."""
    policy = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'",
                                             f"frame-ancestors {ancestors}")
    response.headers["Content-Security-Policy"] = policy
    response.frameable = True
    return response


def register(app):
    """Add the CSP, nosniff, referrer and frame headers to every response of `app`."""

    @app.after_request
    def add_security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not getattr(response, "frameable", False):  # the broadcast overlay may be framed
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response
