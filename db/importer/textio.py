"""Decode a plan's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.

What comes out is clean text: line endings are \\n, and control and invisible
format characters other than tab and newline are dropped (a stray \\x0b or NUL
would otherwise reach the Word writer, whose XML cannot hold them; a right-to-left
override or a zero-width space would reach titles and citations unseen).

Reading is bounded: only a regular file is read (never a device, a pipe or a
folder), its size is checked before reading, and no more than the limit is read.
"""
from __future__ import annotations

import math
import os
import re
import stat
from pathlib import Path

from .errors import UnimportableFile

MB = 1024 * 1024
# A plan's text is well under 2 MB; a file of more than this is not one plan
# (and the importer's repair passes are not meant for it). Every reader's output
# is held to it too (TextBudget).
MAX_TEXT_BYTES = 8 * MB
# an original file may be larger than its text (images, fonts), within reason
MAX_FILE_BYTES = 64 * MB
# A text file of Chinese prose has almost no control characters.
_CONTROL_OK = {"\n", "\r", "\t", "\f"}


# Every format character (Unicode Cf: bidi embeddings, overrides and isolates, zero-width
# spaces and joiners, soft hyphen, BOM, interlinear annotation and tag characters …)
# and every C0/C1 control but tab and newline (Unicode 14; a test checks it against
# unicodedata). ZWJ (U+200D) goes too: it only joins emoji and Indic or Arabic
# letters, never Chinese text.
_INVISIBLE = re.compile(
    "[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\xad\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890-\\u0891\\u08e2\\u180e"
    "\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb\\U000110bd\\U000110cd"
    "\\U00013430-\\U00013438\\U0001bca0-\\U0001bca3\\U0001d173-\\U0001d17a\\U000e0001\\U000e0020-\\U000e007f]")
_SEPARATORS = re.compile("[\u2028\u2029\x85]")     # line and paragraph separators, NEL


def strip_invisible(text: str) -> str:
    """Drop control and format characters but tab and newline (the one place every
    reader's text passes: `lines.clean_line`, `clean_controls`)."""
    return _INVISIBLE.sub("", _SEPARATORS.sub("\n", text))


def clean_controls(text: str) -> str:
    """Drop controls and invisible format characters but tab and newline; form feeds,
    line and paragraph separators become line breaks."""
    return strip_invisible(text.replace("\f", "\n"))


def limit_text(limit: int) -> str:
    """「64 MB」 (「512 KB」, 「100 字节」 for the small limits tests set)."""
    if limit >= MB and limit % MB == 0:
        return f"{limit // MB} MB"
    return f"{limit // 1024} KB" if limit >= 1024 and limit % 1024 == 0 else f"{limit} 字节"


def size_text(n: int, limit: int) -> str:
    """「9.5 MB，上限 8 MB」: the size rounded up (so a file over the limit never shows
    as the limit), with its bytes when that alone would not show it is over."""
    shown = math.ceil(n * 10 / MB) / 10
    out = f"{shown:.1f} MB"
    if shown * MB < limit + MB:
        out += f"（{n} 字节）"
    return f"{out}，上限 {limit_text(limit)}"


class TextBudget:
    """The text a reader has produced so far (UTF-8 bytes): past the limit the file
    is refused at once, before the reader builds any more."""

    def __init__(self, path, limit: int | None = None):
        self.path, self.limit, self.used = path, MAX_TEXT_BYTES if limit is None else limit, 0

    def add(self, text: str) -> str:
        self.used += len(text.encode("utf-8", "surrogatepass"))
        self.reserve(0)
        return text

    def reserve(self, n: int) -> None:
        """Refuse now when `n` more bytes (known to come) would pass the limit."""
        if self.used + n > self.limit:
            raise UnimportableFile(self.path, f"文件中的文字过多（超过 {limit_text(self.limit)} 上限），不是一份规划")


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Return (text, encoding). Line endings are normalised to \\n."""
    if len(data) > MAX_TEXT_BYTES:
        raise UnimportableFile(path, f"文件过大（{size_text(len(data), MAX_TEXT_BYTES)}），不是一份规划文本")
    if not data.strip():
        raise UnimportableFile(path, "文件是空的")
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = _try(data[3:], "utf-8", path), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = _try(data, "utf-16", path), "utf-16"
    else:
        if b"\x00" in data[:4096]:
            raise UnimportableFile(path, "二进制文件（含 NUL 字节），不是规划文本")
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, enc = data.decode("gb18030"), "gb18030"
            except UnicodeDecodeError:
                raise UnimportableFile(path, "无法按 UTF-8 或 GB18030 解码") from None
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in _CONTROL_OK)
    if bad > max(5, len(sample) // 200):
        raise UnimportableFile(path, "二进制文件（控制字符过多），不是规划文本")
    text = clean_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text[:20000]):
        raise UnimportableFile(path, "未发现中文文字")
    return text, enc


def _try(data: bytes, enc: str, path) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        raise UnimportableFile(path, f"字节顺序标记声明为 {enc}，但无法解码") from None


def _not_regular(mode: int) -> str | None:
    """Why a file of this mode is not read (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "这是一个文件夹，不是文件"
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        return "这是管道或套接字，不是普通文件"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "这是设备文件，不是普通文件"
    return "不是普通文件"


def read_bytes(path: str | Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, at most `limit` of them: its type and size are checked
    before it is read (a device, a pipe or a folder is refused without waiting on
    it), and the read stops past the limit (a file that grows meanwhile)."""
    try:
        before = os.stat(path)
        why = _not_regular(before.st_mode)
        if why is None:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
            try:
                return _read_fd(fd, path, limit)
            finally:
                os.close(fd)
    except OSError as e:
        raise UnimportableFile(path, f"无法读取文件（{e.strerror or type(e).__name__}）") from None
    raise UnimportableFile(path, why)


def _read_fd(fd: int, path, limit: int) -> bytes:
    st = os.fstat(fd)                   # the file opened, not the one stat() saw: no race
    why = _not_regular(st.st_mode)
    if why is not None:
        raise UnimportableFile(path, why)
    if st.st_size > limit:
        raise UnimportableFile(path, f"文件过大（{size_text(st.st_size, limit)}）")
    chunks, got = [], 0
    while got <= limit:
        b = os.read(fd, min(1 << 20, limit + 1 - got))
        if not b:
            break
        chunks.append(b)
        got += len(b)
    if got > limit:
        raise UnimportableFile(path, f"文件过大（超过 {limit_text(limit)} 上限）")
    return b"".join(chunks)


def read(path: str | Path) -> tuple[str, str]:
    return decode(read_bytes(path), path)
