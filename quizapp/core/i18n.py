"""Pick the interface language: the user's choice (a cookie), else Vietnamese."""

from flask import current_app, request

LANGUAGE_COOKIE = "quizapp_lang"


def select_locale():
    """Return 'vi' or 'en' for this request; Vietnamese unless the visitor chose English."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]
