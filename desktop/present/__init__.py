"""Presentation helpers, Qt-free: the HTML the window's rich-text views show
(every piece of data escaped; see desktop/window/plain.py)."""
