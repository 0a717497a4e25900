"""python -m desktop: the plandesk program (desktop.launch)."""
import sys

from .launch import main

if __name__ == "__main__":     # index workers are spawned and import the main module again
    sys.exit(main())
