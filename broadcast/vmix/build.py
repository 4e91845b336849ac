"""Write quizapp.gtzip, the sample vMix GT title, from its readable source quizapp.gtxml.

    python3 broadcast/vmix/build.py [OUTPUT]      (default: broadcast/vmix/quizapp.gtzip)

A .gtzip is a zip holding the GT document (``document.xml``), ``resources.xml``,
``[Content_Types].xml`` and the title's images (this title has none). vMix does not publish the
format: the layout here follows what GT Title Designer is reported to write (the MIT-licensed
pyGTGraphics generator, and unpacked titles described on the vMix forum). It was not opened in
vMix for this kit (see broadcast/README.md).

The output is reproducible: the same source gives the same bytes (fixed entry order and
timestamps, no comments), so the committed .gtzip can be checked against its source.
Standard library only.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "quizapp.gtxml"
OUTPUT = HERE / "quizapp.gtzip"
STAMP = (1980, 1, 1, 0, 0, 0)  # the zip format's earliest date: no build time in the file
CONTENT_TYPES = ('<?xml version="1.0" encoding="utf-8"?>\n'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="xml" ContentType="text/xml" />'
                 '<Default Extension="png" ContentType="image/png" /></Types>\n')
RESOURCES = "<resources />\n"
SAFE = (96, 54, 1824, 1026)  # the 90% graphics-safe area at 1920×1080


def document(source: Path = SOURCE) -> ElementTree.Element:
    """The title's XML, parsed (comments dropped); raises ValueError if it is not a GT title."""
    root = ElementTree.parse(source).getroot()
    if root.tag != "Composition" or (root.get("Width"), root.get("Height")) != ("1920", "1080"):
        raise ValueError(f"{source.name}: expected a 1920×1080 <Composition>")
    names = [obj.get("Name") for obj in root.iter() if obj.get("Location")]
    if len(names) != len(set(names)):
        raise ValueError(f"{source.name}: two objects share a name")
    return root


def text_fields(root: ElementTree.Element) -> list[str]:
    """The names of the title's text objects: the feed columns they show."""
    return [block.get("Name", "") for block in root.iter("TextBlock")]


def document_bytes(root: ElementTree.Element) -> bytes:
    """document.xml as GT Title Designer writes it: UTF-16 with a byte order mark."""
    body = ElementTree.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-16"?>\n' + body + "\n").encode("utf-16")


def build(output: Path = OUTPUT, source: Path = SOURCE) -> Path:
    root = document(source)
    entries = {"[Content_Types].xml": CONTENT_TYPES.encode("utf-8"),
               "document.xml": document_bytes(root),
               "resources.xml": RESOURCES.encode("utf-8")}
    # Stored, not deflated: the bytes then depend on no zlib version.
    with zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return output


if __name__ == "__main__":
    written = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    print(f"{written} ({written.stat().st_size} bytes)")
