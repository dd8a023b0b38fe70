"""The garbage collector held off while keys arrive in the search box.

Each keystroke's results have a frame or two to reach the screen. With a big library open the
collector's automatic passes took longer than that: a pass over the oldest generation walks
every object the library, its index and Textual hold (100-400 ms measured at 10,000
articles), and one began whenever enough objects had been made, often in the middle of a
keystroke (each frame makes thousands: a Strip carries seven small caches). While held,
the automatic passes wait for the lull after the keys; only the youngest generation is
collected, after each keystroke's frame (`collect_young`: a few ms at most, between keys),
so that it never grows big. Objects are still freed by reference counting as usual; only
cycles wait. The hold never lasts longer than `LONGEST`, and is not taken when the collector
is already off for another reason.
"""

from __future__ import annotations

import gc
import time


class CollectorHold:
    """`hold()` as each key arrives, `lull()` once keys have stopped (and when the widget
    that holds it goes away)."""

    #: Seconds at most in one hold: someone typing without a pause for longer gets the
    #: collector back, until the next lull.
    LONGEST = 10.0

    def __init__(self) -> None:
        self._since: float | None = None
        #: A hold ran for `LONGEST`: no new one until the next lull.
        self._resting = False

    @property
    def held(self) -> bool:
        return self._since is not None

    def hold(self) -> None:
        """A key arrived: automatic collections wait (until `lull`, or `LONGEST` at most)."""
        if self._since is not None:
            if time.monotonic() - self._since > self.LONGEST:
                self._release()
                self._resting = True
            return
        if self._resting or not gc.isenabled():
            return
        gc.disable()
        self._since = time.monotonic()

    def collect_young(self) -> None:
        """While held: collect the youngest generation (after a keystroke's frame)."""
        if self._since is not None:
            gc.collect(0)

    def lull(self) -> None:
        """Keys stopped: collections run again (the next object made starts any that is due)."""
        self._release()
        self._resting = False

    def _release(self) -> None:
        if self._since is not None:
            self._since = None
            gc.enable()
