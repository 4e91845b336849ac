"""Question bank: topics, questions, review workflow and file formats."""
