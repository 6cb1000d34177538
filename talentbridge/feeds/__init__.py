"""Feeds: agency registers read in their own layouts, normalised into source records."""
