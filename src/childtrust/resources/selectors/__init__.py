"""Every read of the resources app that views, the API and other apps need, one module per part:
budget, costings (and duplication), allocation and appraisal."""
