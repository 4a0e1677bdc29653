"""Every write to the resources app, one module per part: budget (years, contributions, budget
lines), spend (each month's spend, by hand or from a file), costings (costs, capacity, demand,
benefits), allocation (optimiser runs) and appraisal (decision records). Each public service
takes the acting user and begins by asking resources/access.py whether they may."""
