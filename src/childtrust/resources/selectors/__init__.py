"""Every read of the resources app that views, the API and other apps need, one module per part:
budget, costings (and duplication), appraisal, and for allocations: allocation_problem (the
optimiser's figures read from the database), allocation_summary (what a run works out before it
is stored), allocation (runs, their lines and notes) and allocation_page (what the result and
alternatives pages show). Who may see what is decided in resources/access.py, not here."""
