"""`make bench-safeguarding`: a million concerns about a hundred thousand children, the time
from a new concern to its alert and a full nightly evaluation (issue 17)."""
