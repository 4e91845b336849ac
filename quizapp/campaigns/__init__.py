"""Self-paced campaigns: a contest assigned to schools for a window of dates, played on phones."""
