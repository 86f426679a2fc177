"""ceasefire-tui's domain: the positions format, loading, anchoring, comparison and export.

Nothing here imports Textual (a test enforces it), so the command-line checks start fast and
the model can be reused by other front ends.
"""

__version__ = "0.1.0"
