"""The real-time adapter between the pure engine and Socket.IO."""
