"""Pick the interface language: the user's choice (a cookie), else Vietnamese."""

from flask import current_app, has_request_context, request

LANGUAGE_COOKIE = "quizapp_lang"


def select_locale():
    """Return 'vi' or 'en' for this request; Vietnamese unless the visitor chose English."""
    # A socket handler without a request (the lean answer path) speaks the default language;
    # the pages look error codes up in their own strings (socket_messages) instead.
    chosen = request.cookies.get(LANGUAGE_COOKIE) if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]
