"""Socket.IO room names: one per game and role, one per player."""


def players(game_id: int) -> str:
    return f"g{game_id}:players"


def player(game_id: int, player_key: str) -> str:
    return f"g{game_id}:p:{player_key}"


def screen(game_id: int) -> str:
    return f"g{game_id}:screen"


def host(game_id: int) -> str:
    return f"g{game_id}:host"


def show_staff(episode_id: int) -> str:
    """The MC, the judge and the studio keyboard of a show."""
    return f"s{episode_id}:staff"


def show_public(episode_id: int) -> str:
    """The studio screen and the broadcast overlay of a show."""
    return f"s{episode_id}:public"


def show_seat(episode_id: int, seat: int) -> str:
    return f"s{episode_id}:seat:{seat}"
