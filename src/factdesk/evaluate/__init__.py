"""Evaluation of factdesk components against shared gold data."""
