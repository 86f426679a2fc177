"""The Textual app of ceasefire-tui."""
