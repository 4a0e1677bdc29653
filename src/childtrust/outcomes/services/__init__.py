"""Every write to the outcomes app, one module per subject: uploads (loading a file of indicator
data), indicators (keeping an indicator) and downloads (recording who took a copy)."""
