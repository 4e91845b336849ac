"""QR codes of join URLs: SVG for pages and posters, text for the terminal."""

import io

import qrcode
import qrcode.image.svg


def svg_qr(url: str) -> str:
    """Return an SVG QR code of `url` (scales without blur on a projector)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue().decode()


def terminal_qr(url: str) -> str:
    """Return `url` as a QR code drawn with block characters, for the terminal."""
    code = qrcode.QRCode(border=1)
    code.add_data(url)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()
