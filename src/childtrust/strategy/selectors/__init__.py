"""Reads of the strategic plan, by subject, as the services are split."""
