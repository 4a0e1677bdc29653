"""Every read of the resources app that views, the API and other apps need, one module per part:
budget, costings (and duplication), appraisal, and for allocations: allocation_problem (the
optimiser's figures read from the database), allocation (runs, their lines and notes) and
allocation_page (what the result and alternatives pages show). Selectors only read: what a run
works out, solving as it goes, is resources/allocation_working.py. Who may see what is decided
in resources/access.py, not here."""
