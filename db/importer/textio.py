"""Decode a plan's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK."""
from __future__ import annotations

from pathlib import Path

from .errors import ImportError_

# A text file of Chinese prose has almost no control characters.
_CONTROL_OK = {"\n", "\r", "\t", "\f"}


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Return (text, encoding). Line endings are normalised to \\n."""
    if not data.strip():
        raise ImportError_(path, "the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = _try(data[3:], "utf-8", path), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = _try(data, "utf-16", path), "utf-16"
    else:
        if b"\x00" in data[:4096]:
            raise ImportError_(path, "binary file (contains NUL bytes), not a plan text")
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, enc = data.decode("gb18030"), "gb18030"
            except UnicodeDecodeError:
                raise ImportError_(path, "cannot decode the text as UTF-8 or GB18030") from None
    bad = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in _CONTROL_OK)
    if bad > max(5, len(text[:20000]) // 200):
        raise ImportError_(path, "binary file (control characters), not a plan text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text[:20000]):
        raise ImportError_(path, "no Chinese text found")
    return text, enc


def _try(data: bytes, enc: str, path) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        raise ImportError_(path, f"declared {enc} by its byte-order mark but cannot be decoded") from None


def read(path: str | Path) -> tuple[str, str]:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise ImportError_(path, f"cannot read the file ({e.strerror})") from None
    return decode(data, p)
