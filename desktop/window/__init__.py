"""The window: Qt widgets, models and dialogs, and what starts them."""
