"""Contests built from the bank, their runs (games), players, answers and results."""
