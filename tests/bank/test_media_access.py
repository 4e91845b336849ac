"""Question images: unguessable names, handed out only with the question that shows them."""

import io

from PIL import Image

from quizapp.bank import service
from quizapp.bank.media import media_token, store_image
from quizapp.extensions import db

from .conftest import single


def png():
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "blue").save(out, "PNG")
    return out.getvalue()


def _question_with_image(topic, status="draft"):
    media = store_image(png(), None)
    question, _ = service.save_question(single(), topic, None, media_id=media.id)
    question.status = status
    db.session.commit()
    return question


def test_images_are_not_reachable_by_their_sequential_id(client, topic):
    question = _question_with_image(topic)
    for guess in (question.media_id, 1, 2, "1.png"):
        assert client.get(f"/play/media/{guess}").status_code == 404


def test_a_drafts_image_is_only_for_staff(client, login_as, topic):
    question = _question_with_image(topic)
    assert client.get(f"/bank/media/{question.media_id}").status_code == 302  # to the login
    login_as("editor")
    assert client.get(f"/bank/media/{question.media_id}").data[:4] == b"\x89PNG"


def test_a_game_question_carries_a_signed_image_address(client, topic):
    question = _question_with_image(topic, status="approved")
    url = service.game_question(question)["media"]
    assert url.startswith("/play/media/") and str(question.media_id) != url.rsplit("/", 1)[1]
    response = client.get(url)
    assert response.status_code == 200 and response.data[:4] == b"\x89PNG"
    assert "public" not in response.headers["Cache-Control"]
    forged = url[:-2] + ("aa" if not url.endswith("aa") else "bb")
    assert client.get(forged).status_code == 404
    assert client.get("/play/media/" + "x" * 300).status_code == 404


def test_a_token_of_another_secret_is_refused(app, client, topic):
    question = _question_with_image(topic, status="approved")
    secret = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "someone-elses-secret"
    try:
        token = media_token(question.media_id)
    finally:
        app.config["SECRET_KEY"] = secret
    assert client.get(f"/play/media/{token}").status_code == 404
