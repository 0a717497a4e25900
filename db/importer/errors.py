"""Errors the importer reports to a person: one line, naming the file."""


class UnimportableFile(Exception):
    """A source text that cannot be imported (empty, binary, undecodable, no structure)."""

    def __init__(self, path, reason):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self):
        """Pickled as (path, reason): it crosses from a child process whole."""
        return type(self), (self.path, self.reason)
