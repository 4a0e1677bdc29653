"""Every read of the workforce that views, the API and other apps need, one module per
subject."""
