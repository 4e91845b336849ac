"""Socket.IO room names: one per game and role, one per player."""


def players(game_id: int) -> str:
    return f"g{game_id}:players"


def player(game_id: int, player_key: str) -> str:
    return f"g{game_id}:p:{player_key}"


def screen(game_id: int) -> str:
    return f"g{game_id}:screen"


def host(game_id: int) -> str:
    return f"g{game_id}:host"
