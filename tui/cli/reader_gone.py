"""Output that goes quiet when its reader leaves (``dailypapers bookmarks add … | head -1``)."""

from __future__ import annotations

import contextlib
import os
from typing import Any, TextIO


class QuietWhenReaderLeaves:
    """Wraps ``sys.stdout`` or ``sys.stderr`` for a command. At the first ``BrokenPipeError``
    the reader is taken to be gone: every later write is dropped, and the file descriptor is
    pointed at /dev/null, so that nothing (Python's own flush at exit included) meets the closed
    pipe again.

    The command itself goes on to the end. Output is secondary; the work is what the user asked
    for: ``bookmarks add`` of 300 ids into ``| head -1`` adds all 300. Stopping at the first
    failed write would leave the job half done, and no one could be told, as the reader is gone.
    The exit status is then the command's own (0 when the work was done): a script under
    ``set -o pipefail`` must not see a failure for bookmarks that were all added.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.reader_left = False

    def write(self, text: str) -> int:
        if not self.reader_left:
            try:
                return self.stream.write(text)
            except BrokenPipeError:
                self._stop_writing()
        return len(text)

    def flush(self) -> None:
        if not self.reader_left:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._stop_writing()

    def _stop_writing(self) -> None:
        self.reader_left = True
        # What the stream still holds is written to /dev/null when Python flushes it at exit.
        with contextlib.suppress(OSError, ValueError):  # a stream with no descriptor (tests)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.stream.fileno())
            os.close(devnull)

    def __getattr__(self, name: str) -> Any:  # encoding, isatty, fileno, buffer …
        return getattr(self.stream, name)
