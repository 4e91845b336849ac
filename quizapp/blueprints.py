"""Register every feature's blueprint and the site-wide hooks."""


def register(app):
    """Attach blueprints, error pages, security headers and CLI commands to `app`."""
    from quizapp.accounts import views as accounts
    from quizapp.api import views as api
    from quizapp.bank import views as bank
    from quizapp.campaigns import views as campaigns
    from quizapp.cli import register_commands
    from quizapp.contests import views as contests
    from quizapp.contests.live import views as live
    from quizapp.core import errors, headers, templating
    from quizapp.core import views as core
    from quizapp.coverage import offline_views
    from quizapp.coverage import views as coverage
    from quizapp.gameshow import views as gameshow
    from quizapp.schools import roster_views
    from quizapp.schools import views as schools

    app.register_blueprint(core.bp)
    app.register_blueprint(accounts.bp)
    app.register_blueprint(schools.bp)
    app.register_blueprint(roster_views.bp)
    app.register_blueprint(bank.bp)
    app.register_blueprint(contests.bp)
    app.register_blueprint(live.bp)
    app.register_blueprint(campaigns.bp)
    app.register_blueprint(coverage.bp)
    app.register_blueprint(offline_views.bp)
    app.register_blueprint(gameshow.bp)
    api.init_app(app)
    errors.register(app)
    headers.register(app)
    templating.register(app)
    register_commands(app)
