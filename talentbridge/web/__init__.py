"""The web shell: templates, static assets and the catalogs of the UI's two languages."""
