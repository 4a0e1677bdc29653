"""The strategy app's pages, by subject; each module lists its own addresses in `urls`."""
