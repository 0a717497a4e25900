"""Decode a plan's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.

What comes out is clean text: line endings are \\n, and C0 control characters
other than tab and newline are dropped (a stray \\x0b or NUL would otherwise reach
the Word writer, whose XML cannot hold them).
"""
from __future__ import annotations

import re
from pathlib import Path

from .errors import ImportError_

# A plan's text is well under 2 MB; a file of more than this is not one plan
# (and the importer's repair passes are not meant for it).
MAX_TEXT_BYTES = 8 * 1024 * 1024
# A text file of Chinese prose has almost no control characters.
_CONTROL_OK = {"\n", "\r", "\t", "\f"}
_C0 = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_controls(text: str) -> str:
    """Drop C0 controls but tab and newline (and DEL); form feeds become line breaks."""
    return _C0.sub("", text.replace("\f", "\n"))


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Return (text, encoding). Line endings are normalised to \\n."""
    if len(data) > MAX_TEXT_BYTES:
        raise ImportError_(path, f"文件过大（{len(data) / 1048576:.0f} MB，上限 {MAX_TEXT_BYTES // 1048576} MB），"
                                 "不是一份规划文本")
    if not data.strip():
        raise ImportError_(path, "文件是空的")
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = _try(data[3:], "utf-8", path), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = _try(data, "utf-16", path), "utf-16"
    else:
        if b"\x00" in data[:4096]:
            raise ImportError_(path, "二进制文件（含 NUL 字节），不是规划文本")
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, enc = data.decode("gb18030"), "gb18030"
            except UnicodeDecodeError:
                raise ImportError_(path, "无法按 UTF-8 或 GB18030 解码") from None
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in _CONTROL_OK)
    if bad > max(5, len(sample) // 200):
        raise ImportError_(path, "二进制文件（控制字符过多），不是规划文本")
    text = clean_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text[:20000]):
        raise ImportError_(path, "未发现中文文字")
    return text, enc


def _try(data: bytes, enc: str, path) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        raise ImportError_(path, f"字节顺序标记声明为 {enc}，但无法解码") from None


def read_bytes(path: str | Path) -> bytes:
    p = Path(path)
    try:
        return p.read_bytes()
    except OSError as e:
        raise ImportError_(path, f"无法读取文件（{e.strerror}）") from None


def read(path: str | Path) -> tuple[str, str]:
    return decode(read_bytes(path), path)
