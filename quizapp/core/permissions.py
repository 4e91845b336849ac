"""Who may do what: every view declares one permission here, checked in one place.

Roles map to permissions; a view is decorated with `requires(permission)` or `public`.
A test walks the URL map and fails for any view that declares neither. What a user made
(a contest, a game, a campaign, an episode) is theirs: `owns` and `owned` are the one rule,
an administrator owning everything. A model names its owner column in `owner_field`.
"""

from functools import wraps

from flask import abort
from flask_login import current_user

PERMISSIONS = {
    "admin": {"users.manage", "schools.manage", "bank.edit", "contests.run", "coverage.view",
              "rosters.manage", "offline.record", "offline.view", "staff"},
    "editor": {"bank.edit", "staff"},
    # A school's host records the programs their school held outside the app (and sees them);
    # a viewer (the department) sees every school's.
    "host": {"contests.run", "rosters.manage", "offline.record", "offline.view", "staff"},
    "viewer": {"coverage.view", "offline.view", "staff"},
}


def can(user, permission: str) -> bool:
    """Tell whether `user` (possibly anonymous) holds `permission`."""
    if not getattr(user, "is_authenticated", False):
        return False
    return permission in PERMISSIONS.get(user.role, ())


def requires(permission: str):
    """Let the view run only for a signed-in user whose role holds `permission`."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                from quizapp.extensions import login

                return login.unauthorized()
            if not can(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        guarded.required_permission = permission
        return guarded

    return decorate


def public(view):
    """Mark a view as open to everyone (players, visitors)."""
    view.required_permission = None
    return view


def owns(user, obj) -> bool:
    """Tell whether `user` may manage `obj`: an administrator, or the user who owns it."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role == "admin" or getattr(obj, obj.owner_field) == user.id


def may_see_names(user, school_id) -> bool:
    """Pupils' names: an admin, or a host of that very school (never a viewer, never a host
    for another school's pupils, even in a game the host ran)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role == "admin" or (user.role == "host" and user.school_id is not None
                                    and user.school_id == school_id)


def owned(query, model, user):
    """Restrict `query` over `model` to the rows `user` owns (all of them for an admin)."""
    if user.role == "admin":
        return query
    return query.filter(getattr(model, model.owner_field) == user.id)
