"""The contest's nickname policy: free choice, generated names, or a class roster."""

import secrets

from quizapp.engine import fold_accents

ANIMALS = ["Hổ", "Voi", "Rái cá", "Chim sẻ", "Cá heo", "Gấu", "Sóc", "Công", "Hươu", "Cú mèo",
           "Rùa", "Báo", "Sơn ca", "Đại bàng", "Thỏ", "Ngựa"]
COLOURS = ["Xanh", "Đỏ", "Vàng", "Tím", "Cam", "Bạc", "Nâu", "Hồng", "Lam", "Lục"]


class NotOnRoster(ValueError):
    """The name is not on the class roster of this contest."""


def generated_nickname() -> str:
    return (f"{secrets.choice(ANIMALS)} {secrets.choice(COLOURS)} "
            f"{secrets.randbelow(90) + 10}")


def roster_name(typed: str, roster: list[str]) -> str:
    """Return the roster's spelling of `typed` (case and accents are forgiven)."""
    wanted = " ".join(fold_accents(typed).casefold().split())
    for name in roster:
        if " ".join(fold_accents(name).casefold().split()) == wanted:
            return name
    raise NotOnRoster(typed)
