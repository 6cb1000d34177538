"""Tests of talentbridge.web (a package, so module names may repeat in other test folders)."""
