"""Staff accounts, roles, login and the permission checks."""
