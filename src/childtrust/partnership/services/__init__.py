"""Every write to the partnership, one module per subject: registry (agencies, localities and
wards, services, teams), staff (people and line management) and framework (the shared vision,
the outcomes framework and agencies' commitments). Each service checks the acting user through
partnership/access.py before anything else."""
