"""Results tests play real games: reuse the live fixtures."""

from tests.live.conftest import (  # noqa: F401 (fixtures)
    clock,
    contest_factory,
    game,
    host_socket,
    host_user,
    live_app,
    phone,
)
