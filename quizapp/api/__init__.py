"""The JSON API (/api/v1): contests, games and results for programs holding a personal token."""
