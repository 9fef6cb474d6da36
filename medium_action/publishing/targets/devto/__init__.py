"""dev.to (Forem API v1) as a target: Markdown posts that can be updated in place."""
