"""The application layer: Qt-free work the window and the command line share
(updating the data, importing plans, the first start's seed, the desktop entry, the
Word and CSV exports)."""
