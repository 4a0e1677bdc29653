"""Writes to the strategic plan, by subject: plan (the plan, versions, objectives, milestones),
measures (measures, trajectories, figures by hand, check-ins), change (stages, ratings, risks,
decisions) and board (meetings, agenda, actions, minutes, board packs)."""
