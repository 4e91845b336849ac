"""What live games do on each heartbeat: store answer batches, fire deadlines, coalesce."""

from quizapp.contests.live import joincode
from quizapp.engine import InvalidCommand, Tick
from quizapp.live import dispatch


def beat(registry) -> None:
    """Store the pending batch, tick the games that are due, send coalesced updates."""
    registry.writer.flush()
    if registry.tallies is not None:
        registry.tallies.writer.flush()
    now = registry.clock()
    registry.gc_policy.beat(bool(registry.connections), now)
    for live in registry.due_games(now):
        try:
            registry.run(live, Tick())
        except InvalidCommand:
            continue
    secret = registry.app.config["SECRET_KEY"]
    for live in list(registry.games.values()):
        dispatch.flush_coalesced(live, now)
        if live.options.get("join_code") and joincode.window(now) != live.code_window:
            live.code_window = joincode.window(now)
            dispatch.send_join_code(live, joincode.join_code(secret, live.id, now),
                                    joincode.seconds_left(now))
