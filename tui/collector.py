"""Python's cyclic garbage collector, paused while the reader starts.

Starting the reader makes hundreds of thousands of long-lived objects (Textual's modules
and classes, the stylesheet, the document, the widgets) and almost no cyclic garbage.  The
collector cannot know that: every few thousand allocations it runs, and each run of the
oldest generation walks every object made so far.  Measured before this module, from
launch to the first frame: 27-40 collections, among them one or two of the oldest
generation, about a third of the time to the first frame on a busy machine (cProfile and
``gc.callbacks`` in ``bench/``-style runs of the seed and the 3.7 MB case).

So the console script pauses the collector (:func:`pause`) before it imports the UI, and
the app resumes it once the first frame is drawn (:func:`resume`), freezing what start-up
made (``gc.freeze``): most of those objects live as long as the reader, and later
collections need not walk them again.  The cost is that cyclic garbage made during
start-up is not collected until the first reload unfreezes it (:func:`thaw`; a reload may
replace the first panes, whose widgets hold reference cycles): about 6,500-10,000
objects, 0.7-0.9 MB (``gc.collect()`` with ``DEBUG_SAVEALL`` at the first frame of the
3.7 MB case and of the seed).

Only the reader pauses it (not ``check`` or ``export``), and :func:`resume` does nothing
unless :func:`pause` was called, so an app made by the tests or embedded elsewhere leaves
the collector alone.
"""

from __future__ import annotations

import gc

__all__ = ["pause", "paused", "resume", "thaw"]

_paused = False
_frozen = False


def pause() -> None:
    """Stop automatic collection until :func:`resume` (if it is running now)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def paused() -> bool:
    """Whether :func:`pause` stopped the collector and :func:`resume` has not run yet."""
    return _paused


def resume() -> None:
    """Freeze the objects made so far and collect automatically again; nothing unless
    :func:`pause` stopped the collector."""
    global _paused, _frozen
    if not _paused:
        return
    _paused = False
    _frozen = True
    gc.freeze()
    gc.enable()


def thaw() -> None:
    """Let the collector walk what :func:`resume` froze again: called when a reload may
    replace the first document's widgets (removed panes hold reference cycles, which
    frozen objects would keep forever).  One full collection then walks them once."""
    global _frozen
    if _frozen:
        _frozen = False
        gc.unfreeze()
