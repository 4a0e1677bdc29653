"""The workforce's pages, one module per subject; each lists its own `urls`."""
