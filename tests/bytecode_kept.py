"""Imported first by conftest.py: the test processes keep compiled modules on disk.

With PYTHONDONTWRITEBYTECODE set (as on the machine the suite runs on), every test worker and
every `dailypapers` process a test starts compiled the whole app again, and pytest rewrote
every test module again in each worker: 0.4 s of CPU per process on a 2-core machine, where
the suite's time is its CPU. The compiled files go to __pycache__ (ignored by git), written
atomically, so workers writing the same one at once is safe.
"""

import sys

sys.dont_write_bytecode = False
