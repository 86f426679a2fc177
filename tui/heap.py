"""Keep the garbage collector's full passes off the keys.

CPython's cyclic garbage collector now and then examines every container object alive
(a "full collection").  Once a 3.6 MB article with 2,000 quotes is shown, that is about
200,000 objects (the document, its wrapped lines, the widgets, Textual's caches) and a pass
took 200-800 ms on this machine; the drawing a key causes allocates enough to start one
every few keys, so a key now and then took that much longer.  None of those objects is
garbage: they live as long as the version of the document shown.  :func:`keep_alive_now`
moves every object alive into the collector's permanent generation (:func:`gc.freeze`), so
later passes look only at what was made since.

What was frozen and later dropped is still freed by reference counting; only a reference
cycle among frozen objects outlives its last use.  The reader's own caches are therefore
made not to form cycles (:mod:`tui.lru`; ``tests/test_heap.py``).  What remains is what
Textual's own bounded caches of drawn lines drop: about 140 objects a reload of the 3.6 MB
case, measured over six reloads (the process's memory the same as without freezing).

Start-up: the reader makes hundreds of thousands of long-lived objects (Textual's modules
and classes, the stylesheet, the document, the widgets) and almost no cyclic garbage, yet
the collector ran 27-40 times from launch to the first frame, among them one or two full
passes (about a third of the time to the first frame on a busy machine).  So the console
script pauses it (:func:`pause_start`) before it imports the UI, and the app resumes it
once the first frame is drawn (:func:`resume_start`), when the objects made are frozen.
The cyclic garbage start-up made (6,500-10,000 objects, 0.7-0.9 MB, measured with
``DEBUG_SAVEALL`` at the first frame of the seed and of the 3.7 MB case) is kept with them.
Only the reader pauses it (not ``check`` or ``export``), and :func:`resume_start` does
nothing unless :func:`pause_start` was called, so an app made by the tests or embedded
elsewhere leaves the collector alone.

After start-up (issue 11, finding 10: every key on the seed within 100 ms), two more:

* The dialogs' modules are imported after the first frame (in a thread, see
  :func:`tui.screens.preload_dialogs`); those objects too live as long as the process, and
  are frozen once imported (from that thread: :func:`gc.freeze` holds the interpreter
  lock).  What linking made meanwhile is frozen with them, its cyclic garbage too.
* Whatever is frozen, keys allocate (a dialog built, lines drawn), and a full pass over
  what was made since (40-100 ms on this machine under load) now and then came between a
  key and its frame: on ``?``, ``c`` or ``2`` in most runs of the seed's keys, 4 runs of
  5 keys in-process.  :class:`tui.key_hold.CollectAfterKeys` holds the automatic passes from a key
  until the screen has drawn it; a pass due meanwhile runs then (moved, not skipped):
  none between a key and its frame in the same 4 runs.

And while keys come one after another: a full pass then falls after one key's frame and
in the way of the next (15-30 ms on the 3.6 MB case every 3-4 s of keys; on two cores the
terminal shows that frame late too).  So in the reader (as the start-up pause, the
command line's only) the automatic full passes are put off (:func:`defer_full_passes`)
and run when the keys pause (:func:`collect_if_due`, half a second without one), or
anyway once ten times overdue, so that the cyclic garbage of a long run of keys is still
collected.  Passes over the younger generations run as before.
"""

from __future__ import annotations

import gc

__all__ = [
    "OVERDUE",
    "collect_if_due",
    "defer_full_passes",
    "full_passes_deferred",
    "hold_for_key",
    "keep_alive_now",
    "let_go",
    "pause",
    "pause_start",
    "paused_at_start",
    "release_key_hold",
    "resume",
    "resume_start",
]

_paused_at_start = False


def keep_alive_now() -> None:
    """Freeze every object alive now: the version of the document just shown, the
    widgets, the imports.  Cheap (no pass over the objects)."""
    gc.freeze()


def let_go() -> None:
    """Undo :func:`keep_alive_now` (the reader is closing): what it froze is examined by
    the collector again, so a process that opens readers one after another (the tests, a
    server) frees each one's cycles; a key's hold on the collector (``q``: never drawn)
    ends too, and full passes run on their own again (:func:`defer_full_passes`)."""
    gc.unfreeze()
    release_key_hold()
    _undefer_full_passes()


#: A full pass put off (:func:`defer_full_passes`) runs even while keys come once this
#: many times as many younger passes as CPython waits for have run since the last one.
OVERDUE = 10

_full_pass_threshold: int | None = None  # CPython's own, while full passes are put off


def defer_full_passes() -> None:
    """Full passes no longer start on their own: :func:`collect_if_due` runs them (the
    collector's third threshold set out of reach; the first two kept).  Idempotent."""
    global _full_pass_threshold
    if _full_pass_threshold is None:
        first, second, third = gc.get_threshold()
        _full_pass_threshold = third
        gc.set_threshold(first, second, 1 << 30)


def full_passes_deferred() -> bool:
    """Whether full passes wait for :func:`collect_if_due` (:func:`defer_full_passes`)."""
    return _full_pass_threshold is not None


def _undefer_full_passes() -> None:
    global _full_pass_threshold
    if _full_pass_threshold is not None:
        first, second, _ = gc.get_threshold()
        gc.set_threshold(first, second, _full_pass_threshold)
        _full_pass_threshold = None


def collect_if_due(*, idle: bool) -> bool:
    """Run the full pass put off (:func:`defer_full_passes`) if one is due (as many
    younger passes since the last as CPython waits for) and the keys are ``idle``, or if
    it is :data:`OVERDUE`; never while the collector is held or off.  Whether it ran."""
    threshold = _full_pass_threshold
    if threshold is None or not gc.isenabled():
        return False
    since = gc.get_count()[2]  # younger (generation 1) passes since the last full one
    if since < threshold or (not idle and since < threshold * OVERDUE):
        return False
    gc.collect()
    return True


_key_held = False  # the collector is off for the key being handled (tui.key_hold.CollectAfterKeys)


def pause() -> bool:
    """Hold the collector's automatic passes until :func:`resume` (a change on a large file
    makes tens of thousands of objects, enough to set off passes between the key and its
    effect shown: they run after it instead, not skipped); whether they were on.

    Called while a key holds them (:class:`tui.key_hold.CollectAfterKeys`), it takes that hold over:
    the passes stay held until its :func:`resume`, not only until the key is drawn."""
    global _key_held
    if _key_held:
        _key_held = False
        return True
    enabled = gc.isenabled()
    gc.disable()
    return enabled


def resume(enabled: bool) -> None:
    """Let the collector's automatic passes run again if they were on before :func:`pause`."""
    if enabled:
        gc.enable()


def hold_for_key() -> None:
    """Hold the automatic passes for a key (if they are on and nobody else holds them)."""
    global _key_held
    if gc.isenabled():
        gc.disable()
        _key_held = True


def release_key_hold() -> None:
    """The key is drawn: let the passes run again, unless :func:`pause` took the hold over."""
    global _key_held
    if _key_held:
        _key_held = False
        gc.enable()


def pause_start() -> None:
    """Stop automatic collection until :func:`resume_start` (if it is running now)."""
    global _paused_at_start
    _paused_at_start = pause() or _paused_at_start


def paused_at_start() -> bool:
    """Whether :func:`pause_start` stopped the collector and :func:`resume_start` has not
    run yet."""
    return _paused_at_start


def resume_start() -> None:
    """The first frame is drawn: freeze what start-up made (as every version shown is
    later: :func:`keep_alive_now`) and collect automatically again if :func:`pause_start`
    stopped the collector (never turn on one somebody else turned off), full passes put
    off to pauses in the keys (:func:`defer_full_passes`)."""
    global _paused_at_start
    keep_alive_now()
    if _paused_at_start:
        defer_full_passes()
    resume(_paused_at_start)
    _paused_at_start = False
