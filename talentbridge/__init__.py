"""TalentBridge: one register of foreign professionals, matched with exporting SMEs."""

__version__ = "0.1.0"
