"""Template filters of the resources app."""
