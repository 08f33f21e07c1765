"""The library writer: each write's outcome reported, a busy library tried again (writer.py)."""

from __future__ import annotations

from tui.app.writer import Writer
from tui.core.db import StoreBusy, StoreError


class FakeTime:
    """A clock that moves only when the writer sleeps: the test waits for nothing."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def run(write, *, patience: float = 30.0) -> tuple[list, list[str], FakeTime]:
    reports: list = []
    said: list[str] = []
    fake = FakeTime()
    writer = Writer(said.append, said.append, patience=patience, sleep=fake.sleep,
                    clock=lambda: fake.now)  # fmt: skip
    writer.submit(write, lambda value, error: reports.append((value, error)))
    writer.close()
    return reports, said, fake


def busy_for(times: int):
    calls = {"n": 0}

    def write() -> str:
        calls["n"] += 1
        if calls["n"] <= times:
            raise StoreBusy("the database library.db is busy")
        return "written"

    return write


def test_each_write_reports_its_outcome() -> None:
    assert run(lambda: 7)[0] == [(7, None)]

    def failing() -> None:
        raise StoreError("cannot write the database library.db: readonly")

    reports, said, _ = run(failing)
    assert reports == [(None, "cannot write the database library.db: readonly")]
    assert said == []  # told to the one who asked, not as a second notice


def test_a_busy_library_is_tried_again_and_the_user_told_once() -> None:
    reports, said, fake = run(busy_for(3))
    assert reports == [("written", None)]
    assert len(said) == 1 and said[0].startswith("Library busy")
    assert fake.slept == [0.2, 0.4, 0.8]


def test_a_library_busy_for_longer_than_the_patience_fails_with_the_reason() -> None:
    reports, _, fake = run(busy_for(10_000), patience=30.0)
    assert reports == [(None, "the database library.db is busy")]
    assert 28 <= fake.now <= 30
