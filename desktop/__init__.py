"""PlanDesk's desktop side: the Qt window and the command line (Qt loaded only for the window)."""
