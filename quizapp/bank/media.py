"""Question images: checked by content (not by name), size-limited, stored by their hash."""

import hashlib
import io
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from PIL import Image, UnidentifiedImageError

from quizapp.bank.models import Media
from quizapp.extensions import db

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 4096 * 4096
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


class ImageRefused(ValueError):
    """The upload is not an acceptable image; the message says why (Vietnamese)."""


def media_dir() -> Path:
    path = Path(current_app.instance_path) / "media"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_image(data: bytes, user) -> Media:
    """Validate an uploaded image and keep it (once per content); return its Media row."""
    if not data:
        raise ImageRefused(_("tệp ảnh rỗng"))
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageRefused(_("ảnh lớn hơn 2 MB"))
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            width, height = image.size
            if kind not in FORMATS:
                raise ImageRefused(_("chỉ nhận ảnh PNG, JPEG hoặc WebP"))
            if width * height > MAX_PIXELS:
                raise ImageRefused(_("ảnh quá nhiều điểm ảnh (tối đa 4096×4096)"))
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ImageRefused(_("tệp không phải ảnh hợp lệ")) from None
    digest = hashlib.sha256(data).hexdigest()
    media = Media.query.filter_by(sha256=digest).first()
    if media is None:
        (media_dir() / digest).write_bytes(data)
        media = Media(sha256=digest, content_type=FORMATS[kind], size=len(data), width=width,
                      height=height, uploaded_by_id=getattr(user, "id", None))
        db.session.add(media)
        db.session.flush()
    return media


def media_path(media: Media) -> Path:
    return media_dir() / media.sha256


_MEDIA_SALT = "quizapp.media"


def media_token(media_id: int) -> str:
    """Return the signed, unguessable name of an image for the pages that may show it."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_MEDIA_SALT).dumps(media_id)


def media_url(media_id: int) -> str:
    """Where phones and screens fetch an image: only a context that shows it hands this out."""
    return f"/play/media/{media_token(media_id)}"


def media_of_token(token: str) -> int | None:
    """Return the media id a token names, or None for a forged or malformed one."""
    if not token or len(token) > 200:
        return None
    try:
        media_id = URLSafeSerializer(current_app.config["SECRET_KEY"],
                                     salt=_MEDIA_SALT).loads(token)
    except BadSignature:
        return None
    return media_id if isinstance(media_id, int) and not isinstance(media_id, bool) else None
