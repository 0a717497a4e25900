"""python -m desktop.cli: the plandesk command."""
import sys

from . import main

if __name__ == "__main__":     # index workers are spawned and import the main module again
    sys.exit(main())
