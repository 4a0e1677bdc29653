"""The partnership's pages, one module per subject: registry (agencies, the services directory,
localities and wards, teams), staff (the staff directory, people's records, organisation charts)
and framework (the shared vision, the outcomes framework, commitments and alignment). Each page
checks access (partnership/access.py), calls a selector or a service, and renders."""
