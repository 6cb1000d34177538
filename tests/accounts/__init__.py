"""Tests of talentbridge.accounts (a package, so module names may repeat in other test folders)."""
