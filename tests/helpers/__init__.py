"""Helpers shared by the test modules and the by-hand scripts: `from tests.helpers import support`."""
