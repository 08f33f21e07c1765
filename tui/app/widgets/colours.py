"""Theme colours resolved against the background they are drawn on.

A component class read as a *partial* Rich style keeps only its colour's RGB: ``$text-muted``
(``auto 60%``, "the text colour that contrasts, at 60%") became pure white in every theme,
white on white in light ones. These functions do what Textual does for a widget's own text:
an ``auto`` colour becomes the contrasting text colour, and a translucent one is blended over
the background under it. ANSI themes cannot blend, so translucent text is drawn dim there.
"""

from __future__ import annotations

from rich.style import Style
from textual.color import Color
from textual.css.styles import StylesBase


def colour_of(styles: StylesBase, background: Color) -> Color:
    """The text colour ``styles`` give on ``background``: ``auto`` (as ``$text`` and
    ``$text-muted`` are) means the colour that contrasts with it, at the rule's opacity."""
    color = styles.color
    if styles.auto_color:
        return background.get_contrast_text(color.a)
    return color


def text_on(background: Color, color: Color, text_style: Style | None = None) -> Style:
    """The Rich style of text in ``color`` drawn on ``background``, with ``text_style`` added."""
    if color.ansi is not None or background.ansi is not None:
        style = Style(color=color.rich_color, dim=True if color.a < 1 else None)
    else:
        style = Style(color=(background + color).rich_color)
    return style + text_style if text_style is not None else style


def background_of(base: Color, layer: Color) -> Color:
    """The colour a (possibly translucent) background ``layer`` shows on top of ``base``."""
    if layer.a <= 0:
        return base
    if layer.ansi is not None or base.ansi is not None:
        return layer
    return base + layer


def readable_on(background: Color, color: Color, minimum: float = 4.5) -> Color:
    """``color``, or the plain contrasting text colour where ``color`` reads worse than
    ``minimum``:1 on ``background`` (several themes put white on a light cursor: 1.8-2.4:1)."""
    if color.ansi is not None or background.ansi is not None:
        return color
    if contrast(background + color, background) >= minimum:
        return color
    return background.get_contrast_text(1.0)


def muted_on(background: Color, text: Color, muted: Color, minimum: float = 3.0) -> Color:
    """A muted text colour that is dimmer than ``text`` and still reads on ``background``:
    ``muted`` when it is both, else ``text`` faded toward the background only as far as keeps
    ``minimum``:1 (some themes' own text is already grey: solarized-dark's reads 4.7:1)."""
    if text.ansi is not None or background.ansi is not None:
        return muted
    if minimum <= contrast(muted, background) < contrast(text, background):
        return muted
    for alpha in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85):
        faded = background + text.with_alpha(alpha)
        if contrast(faded, background) >= minimum:
            return faded
    return background + text.with_alpha(0.9)


def luminance(color: Color) -> float:
    """Relative luminance (WCAG 2)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(first: Color, second: Color) -> float:
    """The WCAG contrast ratio of two opaque colours, from 1 (none) to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
