"""The web's answers to searches, kept a few minutes: a query typed again, or edited back to
the same words, does not ask Hugging Face again."""

from __future__ import annotations

from ..core.models import Paper

WEB_ANSWER_KEPT = 300.0  # seconds a web search's answer is reused for the same words
WEB_ANSWERS = 50  # answers kept


class WebAnswers:
    """Papers by the words asked, with when they came; the oldest go first."""

    def __init__(self, kept_for: float = WEB_ANSWER_KEPT, most: int = WEB_ANSWERS) -> None:
        self.kept_for = kept_for
        self.most = most
        self._answers: dict[str, tuple[float, list[Paper]]] = {}

    def get(self, words: str, now: float) -> list[Paper] | None:
        """The answer for ``words`` if one came less than ``kept_for`` seconds before ``now``."""
        answer = self._answers.get(words)
        if answer is not None and now - answer[0] < self.kept_for:
            return answer[1]
        return None

    def put(self, words: str, papers: list[Paper], now: float) -> None:
        self._answers[words] = (now, papers)
        while len(self._answers) > self.most:
            self._answers.pop(next(iter(self._answers)))  # the oldest
