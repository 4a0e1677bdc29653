"""Every write to the resources app, one module per part: budget (years, contributions, budget
lines, spend), costings (costs, capacity, demand, benefits), allocation (optimiser runs) and
appraisal (decision records)."""
