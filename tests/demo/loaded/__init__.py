"""Tests that read the demo partnership as `childtrust load_demo` leaves it: loaded once for the
whole package (see conftest.py), each test's changes undone after it."""
