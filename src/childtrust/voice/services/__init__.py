"""Every write to staff voice, one module per subject: messages (writing and publishing them),
corrections (of published messages), cascade (briefing, confirming, asking, and the worker's
reminders), surveys and feedback."""
