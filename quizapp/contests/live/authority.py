"""Where a request for a game is carried out: by the game's owner.

One process owns each game (DESIGN: one authority per game). With a single process that is
always this one. With several workers (a Redis message queue), `cluster.Cluster` keeps a lease
per game in Redis and forwards requests to the owning worker; see cluster.py.
"""

from quizapp.contests.live.operations import OPERATIONS
from quizapp.engine import InvalidCommand
from quizapp.live.handlers import Refused


def call(registry, game_id: int, operation: str, *, take_lease: bool = True, **args) -> dict:
    """Carry out `operation` for `game_id` on its owner; return its result.

    Raises Refused or InvalidCommand (as raised on the owner, wherever that is). With
    ``take_lease=False`` a game nobody owns yet is not taken: the request is refused with
    `unavailable` (a TV studio's once-a-second look at its viewers' game leaves the game to
    the worker its viewers join on).
    """
    cluster = registry.cluster
    if cluster is not None and not take_lease and not cluster.owns_or_acquires(
            game_id, take=False) and cluster.owner_of(game_id) is None:
        raise Refused("unavailable")
    if cluster is None or cluster.owns_or_acquires(game_id):
        return OPERATIONS[operation](registry, game_id, **args)
    if operation == "answer" and registry.tallies is not None:
        # counted here if this worker knows the question's clock and the player's streak
        result = registry.tallies.answer(game_id, **args)
        if result is not None:
            return result
    stores_here = operation == "join" and registry.tallies is not None
    if stores_here:  # the owner admits the player, this worker stores the row (tally.py)
        args = {**args, "stored_at_origin": True}
    reply = cluster.forward(game_id, operation, args)
    if reply.get("refused"):
        raise Refused(reply["refused"])
    if reply.get("invalid"):
        raise InvalidCommand(reply["invalid"], reply.get("message", ""))
    result = reply["result"]
    if stores_here:
        registry.tallies.store_player(result.pop("row"))
    return result


def execute_forwarded(registry, game_id: int, operation: str, args: dict) -> dict:
    """Run a request another worker forwarded; return the reply it waits for."""
    try:
        return {"result": OPERATIONS[operation](registry, game_id, **args)}
    except Refused as refused:
        return {"refused": refused.code}
    except InvalidCommand as invalid:
        return {"invalid": invalid.code, "message": invalid.message}
