"""The feed's URLs: the vMix JSON array, the XML, and CORS only for the configured origins."""

import json

import pytest

from quizapp.live.tokens import studio_key

from .conftest import command, last_state


@pytest.fixture
def urls(studio):
    base = f"/studio/{studio.episode.id}"
    key = studio_key(studio.episode.id)
    return {name: f"{base}/{name}?k={key}" for name in ("feed.json", "feed-vmix.json",
                                                          "feed.xml")}


def test_vmix_json_is_an_array_of_flat_rows_without_the_answer_until_the_reveal(
        studio, client, urls):
    mc, judge = studio.staff("mc"), studio.staff("judge")
    command(mc, "start_round")
    command(mc, "next_question")
    command(mc, "start_timer")
    reference = last_state(judge)["answer"]["reference"]
    rows = client.get(urls["feed-vmix.json"]).get_json()
    assert isinstance(rows, list) and [r["seat"] for r in rows] == ["1", "2", "3", "4"]
    assert rows[0]["name"] == "Nguyễn An" and rows[3]["school"] == "THPT Sa Thầy"
    assert all(isinstance(v, str) for row in rows for v in row.values())  # flat: text only
    assert rows[0]["turn_name"] == "Nguyễn An" and rows[0]["round_number"] == "1"
    assert reference not in json.dumps(rows, ensure_ascii=False)
    one = client.get(urls["feed-vmix.json"] + "&rows=one").get_json()
    assert len(one) == 1 and one[0]["seat4_name"] == "Phạm Dũng"
    command(judge, "judge", correct=True)
    command(mc, "reveal")
    rows = client.get(urls["feed-vmix.json"]).get_json()
    assert rows[0]["answer"] == reference and rows[0]["score"] == "10"
    assert client.get(urls["feed-vmix.json"].replace("k=", "k=x")).status_code == 403
    page = client.get(f"/shows/{studio.episode.id}").get_data(as_text=True)
    assert urls["feed-vmix.json"].replace("&", "&amp;") in page or urls["feed-vmix.json"] in page


def test_no_cors_header_unless_the_origin_is_configured(studio, client, urls, live_app):
    origin = {"Origin": "http://graphics.example"}
    for url in urls.values():
        response = client.get(url, headers=origin)
        assert response.status_code == 200, url
        assert "Access-Control-Allow-Origin" not in response.headers
    live_app.config["FEED_CORS_ORIGINS"] = ["http://graphics.example", "null"]
    for url in urls.values():
        response = client.get(url, headers=origin)
        assert response.headers["Access-Control-Allow-Origin"] == "http://graphics.example"
        assert "Origin" in response.headers["Vary"]
        assert response.headers["Cache-Control"] == "no-store"
    other = client.get(urls["feed.json"], headers={"Origin": "http://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    local = client.get(urls["feed.json"], headers={"Origin": "null"})  # a file:// template
    assert local.headers["Access-Control-Allow-Origin"] == "null"
    live_app.config["FEED_CORS_ORIGINS"] = ["*"]
    assert client.get(urls["feed.xml"], headers=origin).headers[
        "Access-Control-Allow-Origin"] == "*"
