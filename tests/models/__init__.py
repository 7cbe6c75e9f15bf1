"""The shipped models, checked against the reports they map."""
