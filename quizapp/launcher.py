"""The `quizapp` console script: pick the async mode before anything else is imported.

eventlet (the default) must monkey-patch the standard library before Flask, SQLAlchemy and
the database drivers are imported, so this module imports nothing of the app until it has.
Only the commands that run the server patch; the others stay plain Python.
"""

import sys
import warnings

SERVER_COMMANDS = {"demo", "serve"}


def main():
    # eventlet announces its maintenance status on import; the client chose it knowingly.
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    if len(sys.argv) > 1 and sys.argv[1] in SERVER_COMMANDS:
        from quizapp.config import async_mode
        from quizapp.live.asyncmode import prepare

        prepare(async_mode())
    from quizapp.cli import cli

    cli()
