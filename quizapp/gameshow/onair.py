"""What of the viewers' game may go on air: nothing a viewer typed that nobody checked.

Nicknames passed the word filter when the viewer joined. A school goes on air only when it is a
school of the registry (a viewer's free text never does, whatever it says), and the producer
hides any nickname or school from air in one click (kept on the episode, `Episode.off_air`).
The staff pages get every entry with why it is or is not on air, so it can be put back.
An ask-the-audience poll nobody has voted in stays off air (no 0% bars); staff see it empty.
"""

from quizapp.extensions import db
from quizapp.gameshow.models import Episode
from quizapp.schools.models import School

KINDS = ("player", "school")
MAX_HIDDEN = 500


def registry_names() -> set[str]:
    """The names of the registry's active schools (what a matched viewer's school is called)."""
    return {name for (name,) in db.session.query(School.name).filter(School.active.is_(True))}


def hidden_entries(episode_id: int) -> set[tuple[str, str]]:
    row = db.session.get(Episode, episode_id)
    return {(item["kind"], item["name"]) for item in (row.off_air or [])} if row else set()


def set_hidden(episode: Episode, kind: str, name: str, hidden: bool) -> None:
    """Hide (or put back) one nickname or school on air."""
    entries = [item for item in (episode.off_air or [])
               if (item["kind"], item["name"]) != (kind, name)]
    if hidden:
        entries.append({"kind": kind, "name": name})
    episode.off_air = entries[-MAX_HIDDEN:]
    db.session.commit()


def split(state: dict, names: set[str], hidden: set[tuple[str, str]]) -> tuple[dict, dict]:
    """Return (the block for air, the block for staff) from the audience game's block."""

    def school_status(school: str) -> str | None:
        if not school:
            return None
        if ("school", school) in hidden:
            return "hidden"
        return None if school in names else "unmatched"

    public_rows, staff_rows = [], []
    for row in state.get("leaderboard", []):
        player_hidden = ("player", row["nickname"]) in hidden
        school = school_status(row.get("school") or "")
        staff_rows.append({**row, "hidden": player_hidden, "school_off_air": school})
        if not player_hidden:
            public_rows.append({**row, "school": row.get("school") if school is None else ""})
    public_schools, staff_schools = [], []
    for entry in state.get("schools", []):
        status = school_status(entry["school"]) or ("unmatched" if not entry["school"] else None)
        staff_schools.append({**entry, "off_air": status})
        if status is None:
            public_schools.append(entry)
    public = {**state, "leaderboard": public_rows, "schools": public_schools}
    poll = state.get("poll")
    if poll is not None and not sum(poll.get("counts") or ()):
        public["poll"] = None  # no votes: nothing on air; the MC's console says so
    staff = {**state, "leaderboard": staff_rows, "schools": staff_schools}
    return public, staff
