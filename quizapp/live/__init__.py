"""The real-time transport: acked handlers, the one emit point, managers, heartbeat, tokens.

It imports no feature package: live games (contests/live) and the studio (gameshow/studio)
build on it and register their handlers and heartbeat work in their own `init_app`.
"""
