"""The sample vMix GT title in broadcast/vmix/: built from its source, and every text field it
shows is a column of the feed a real episode serves (a renamed feed field breaks this test)."""

import importlib.util
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from quizapp.live.tokens import studio_key

from .conftest import command

VMIX = Path(__file__).resolve().parents[2] / "broadcast" / "vmix"
spec = importlib.util.spec_from_file_location("vmix_build", VMIX / "build.py")
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)


def unpacked(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_committed_gtzip_is_what_its_source_builds(tmp_path):
    first, second = tmp_path / "a.gtzip", tmp_path / "b.gtzip"
    build.build(first)
    build.build(second)
    assert first.read_bytes() == second.read_bytes()  # reproducible
    assert first.read_bytes() == (VMIX / "quizapp.gtzip").read_bytes(), \
        "run python3 broadcast/vmix/build.py after editing quizapp.gtxml"
    files = unpacked(first)
    assert sorted(files) == ["[Content_Types].xml", "document.xml", "resources.xml"]
    for data in files.values():
        ElementTree.fromstring(data)  # every part is well-formed XML
    document = files["document.xml"]
    assert document.startswith(b"\xff\xfe")  # UTF-16 with its byte order mark
    root = ElementTree.fromstring(document)
    assert (root.tag, root.get("Width"), root.get("Height")) == ("Composition", "1920", "1080")
    assert [layer.get("Name") for layer in root.findall("Layer")] == [
        "scoreboard", "answer", "lower"]
    # Every object inside the 90% graphics-safe area (96…1824 × 54…1026).
    left, top, right, bottom = build.SAFE
    for item in root.iter():
        if item.get("Location"):
            x, y, _ = map(int, item.get("Location").split(","))
            w, h, _ = map(int, item.get("Dimensions").split(","))
            assert left <= x and x + w <= right and top <= y and y + h <= bottom, \
                item.get("Name")


def test_every_text_field_of_the_title_is_a_column_of_a_real_episodes_feed(studio, client):
    mc = studio.staff("mc")
    command(mc, "start_round")
    command(mc, "next_question")
    command(mc, "start_timer")
    key = studio_key(studio.episode.id)
    rows = client.get(f"/studio/{studio.episode.id}/feed-vmix.json?k={key}&rows=one").get_json()
    assert len(rows) == 1
    columns = rows[0]
    fields = build.text_fields(build.document())
    assert fields and len(fields) == len(set(fields))
    missing = [name for name in fields if name not in columns]
    assert not missing, f"text fields with no feed column: {missing}"
    # what the title is for: the four contestants, the question and its clock, on air now
    assert {f"seat{n}_{part}" for n in (1, 2, 3, 4) for part in ("name", "score")} <= \
        set(fields)
    assert columns["seat1_name"] == "Nguyễn An" and columns["question_text"]
    assert columns["timer_s"] and columns["round_title"]
    title = unpacked(VMIX / "quizapp.gtzip")["document.xml"]
    assert build.text_fields(ElementTree.fromstring(title)) == fields  # the shipped binary too
