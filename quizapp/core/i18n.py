"""Pick the interface language: the user's choice (a cookie), else Vietnamese; a program
calling the JSON API asks with Accept-Language."""

from flask import current_app, has_request_context, request

LANGUAGE_COOKIE = "quizapp_lang"


def select_locale():
    """Return 'vi' or 'en' for this request; Vietnamese unless the visitor chose English."""
    # A socket handler without a request (the lean answer path) speaks the default language;
    # the pages look error codes up in their own strings (socket_messages) instead.
    chosen = request.cookies.get(LANGUAGE_COOKIE) if has_request_context() else None
    if has_request_context() and request.path.startswith("/api/"):
        chosen = request.accept_languages.best_match(current_app.config["LANGUAGES"])
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]
