"""The web UI in a real browser, Playwright driving Debian chromium."""
