"""The strategy app's forms, by subject."""
