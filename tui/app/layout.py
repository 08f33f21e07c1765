"""Sizes the screen's layout turns on, named once."""

NARROW = 100  # below this many columns the panes stack and the footer and header are compact
