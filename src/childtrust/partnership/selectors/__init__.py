"""Every read of the partnership that views, the API and other apps need, one module per
subject: registry (agencies, services, localities, teams), staff (line management, a user's
staff record) and framework (vision, outcomes framework, commitments, alignment)."""
