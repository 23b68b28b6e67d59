"""Every attempt kept in SQLite, and what the history says: progress, trends, reports."""
