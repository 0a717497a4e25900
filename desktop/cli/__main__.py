"""python -m desktop.cli: the plandesk command."""
import sys

from . import main

sys.exit(main())
