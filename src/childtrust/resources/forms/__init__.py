"""The resources forms, one module per part: budget, costings, allocation and appraisal."""
