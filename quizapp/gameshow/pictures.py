"""Obstacle pictures: the keyword's hint, so never at a public URL.

Content names a picture as a shipped file (``obstacle-1.svg``; the older
``/static/gameshow/obstacle-1.svg`` still reads) or an uploaded image (``/play/media/<id>``).
The studio screen fetches it through ``/studio/<id>/picture`` with the episode's studio key.
"""

import re
from pathlib import Path

PICTURE_DIR = Path(__file__).parent / "pictures"
TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
         ".jpeg": "image/jpeg"}
# A fixed table of the shipped pictures: a name from content is looked up, never joined.
SHIPPED = {path.name: path for path in sorted(PICTURE_DIR.iterdir())
           if path.suffix in TYPES} if PICTURE_DIR.is_dir() else {}
PICTURE = re.compile(r"^(?:/static/gameshow/)?([\w.-]{1,80})$|^/play/media/(\d{1,12})$")


def parse(value) -> tuple[str, object] | None:
    """Return ("file", Path) or ("media", id) for a content picture, None when unknown."""
    match = PICTURE.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    if match.group(2):
        return "media", int(match.group(2))
    path = SHIPPED.get(match.group(1))
    return ("file", path) if path else None


def pictures_of(content: dict) -> set[str]:
    """Every picture value an episode's content names (obstacle rounds)."""
    found = set()

    def walk(value):
        if isinstance(value, dict):
            for name, item in value.items():
                if name == "picture" and isinstance(item, str):
                    found.add(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(content)
    return found


def load(value) -> tuple[bytes, str] | None:
    """Return (bytes, mimetype) of a picture, or None."""
    from quizapp.bank.media import media_path
    from quizapp.bank.models import Media
    from quizapp.extensions import db

    parsed = parse(value)
    if parsed is None:
        return None
    kind, ref = parsed
    if kind == "file":
        return ref.read_bytes(), TYPES[ref.suffix]
    item = db.session.get(Media, ref)
    return (media_path(item).read_bytes(), item.content_type) if item else None
