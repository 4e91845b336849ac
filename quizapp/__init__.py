"""quizapp: live quizzes, self-paced campaigns and a TV gameshow for information-security awareness.

The package import stays light on purpose: the launcher must be able to monkey-patch for the
async mode (eventlet) before Flask and friends are imported, so everything loads in create_app.
"""

__version__ = "0.1.0"


def create_app(config=None):
    """Build the Flask app: config, extensions, blueprints, Socket.IO namespaces, CLI.

    `config` is a mapping that overrides the settings read from QUIZAPP_* environment variables.
    """
    from flask import Flask

    from quizapp import blueprints, extensions
    from quizapp import config as settings
    from quizapp.contests import live as live_games
    from quizapp.gameshow import studio

    app = Flask(__name__, instance_relative_config=True,
                template_folder="../templates", static_folder="../static")
    settings.configure(app, config or {})
    extensions.init_app(app)
    blueprints.register(app)
    live_games.init_app(app, extensions.socketio)
    studio.init_app(app, extensions.socketio)
    return app
