"""The web's answers are reused for a few minutes, and only so many are kept."""

from __future__ import annotations

from tui.app.web_answers import WebAnswers
from tui.core.models import Paper


def test_an_answer_is_reused_until_it_is_too_old() -> None:
    answers = WebAnswers(kept_for=300.0)
    papers = [Paper(id="2607.26637", title="Memory")]
    answers.put("memory", papers, now=1000.0)
    assert answers.get("memory", now=1299.0) == papers
    assert answers.get("memory", now=1300.0) is None
    assert answers.get("agents", now=1000.0) is None


def test_the_oldest_answers_go_first() -> None:
    answers = WebAnswers(most=2)
    for number, words in enumerate(["a", "b", "c"]):
        answers.put(words, [], now=float(number))
    assert answers.get("a", now=3.0) is None
    assert answers.get("b", now=3.0) == [] and answers.get("c", now=3.0) == []
