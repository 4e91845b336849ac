"""Every route × every role: who may open what. New routes must declare a permission."""

import pytest

from quizapp.core.permissions import PERMISSIONS

ROLES = [None, "viewer", "host", "editor", "admin"]  # None: not signed in


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        yield rule, app.view_functions[rule.endpoint]


def test_every_view_declares_its_permission(app):
    undeclared = [rule.rule for rule, view in _routes(app)
                  if not hasattr(view, "required_permission")]
    assert undeclared == []


def _sample_url(rule):
    values = {arg: 1 if "id" in arg else "csv" if arg == "fmt" else "vi" for arg in rule.arguments}
    return rule.build(values)[1]


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(app, client, login_as, units, role):
    """A GET of every page: 302 to login when anonymous, 403 without the permission, else OK;
    the JSON API refuses every session (its token matrix is in tests/api/)."""
    if role:
        login_as(role)
    for rule, view in _routes(app):
        if "GET" not in rule.methods:
            continue
        needed = view.required_permission
        response = client.get(_sample_url(rule))
        if rule.rule.startswith("/api/"):  # tokens only: a session is no way in (docs/api.md)
            assert response.status_code == 401, rule.rule
            assert response.get_json()["error"] == "token_required", rule.rule
        elif needed is None:
            assert response.status_code in (200, 302, 404), rule.rule
        elif role is None:
            assert response.status_code == 302 and "/login" in response.headers["Location"], \
                rule.rule
        elif needed in PERMISSIONS[role]:
            assert response.status_code in (200, 404), (rule.rule, role)
        else:
            assert response.status_code == 403, (rule.rule, role)


@pytest.mark.parametrize("role, status", [("viewer", 403), ("host", 403), ("editor", 403)])
def test_state_changing_posts_are_refused_without_permission(client, login_as, role, status):
    login_as(role)
    assert client.post("/admin/users/new", data={"username": "x", "role": "admin"}
                       ).status_code == status
    assert client.post("/admin/schools/new", data={"code": "X"}).status_code == status
    assert client.post("/admin/schools/import").status_code == status


def test_an_owner_and_an_admin_own_what_a_host_made_and_nobody_else_does(app, make_user):
    from quizapp.campaigns.models import Campaign
    from quizapp.contests.models import Contest
    from quizapp.core.permissions import owned, owns
    from quizapp.gameshow.models import Episode

    owner, other, admin = make_user("host"), make_user("host", "gv2"), make_user("admin")
    for model, made in ((Contest, Contest(host_id=owner.id)),
                        (Campaign, Campaign(created_by_id=owner.id)),
                        (Episode, Episode(created_by_id=owner.id))):
        assert owns(owner, made) and owns(admin, made)
        assert not owns(other, made)
        query = model.query
        assert owned(query, model, admin) is query
        assert f"{model.owner_field} = " in str(owned(query, model, other).statement)


def test_nobody_signed_out_owns_anything(app):
    from flask_login import AnonymousUserMixin

    from quizapp.contests.models import Contest
    from quizapp.core.permissions import owns

    assert not owns(AnonymousUserMixin(), Contest(host_id=None))
