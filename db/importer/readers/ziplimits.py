"""Reading the parts of a zip package (a .docx, and any zip-based format to come)
within limits, because a zip's own word about its sizes cannot be trusted.

Before anything is inflated, the end record and the central directory are checked:
a directory too large or with too many entries, a part declared larger than
MAX_PART_BYTES or (over RATIO_FROM) compressed more than MAX_RATIO : 1, or entries
declared larger than MAX_DECLARED_BYTES in all, is refused as a suspected zip bomb.
Then every part is read in chunks through `ZipFile.open()`, and the read stops as
soon as the part passes its limit or all parts read pass MAX_TOTAL_BYTES, whatever
the directory said (sizes in a zip can lie: a patched directory, a lying local header).

The limits are generous for real plans: a plan's word/document.xml is a few MB
(the bundled plans' are 0.03–0.2 MB, compressed 3–6 : 1; Word's styles.xml 0.35 MB
at 29 : 1), and a bomb inflates a few MB to gigabytes (about 1000 : 1).
"""
from __future__ import annotations

import io
import math
import struct
import zipfile
import zlib

from ..errors import UnimportableFile

MB = 1024 * 1024
MAX_PART_BYTES = 64 * MB          # one part, inflated
MAX_TOTAL_BYTES = 128 * MB        # all the parts read from one package, inflated
MAX_DECLARED_BYTES = 1024 * MB    # every entry of the package, as its directory declares them
MAX_RATIO = 100                   # inflated : compressed (Word's XML: 3–30; a bomb: about 1000)
RATIO_FROM = 4 * MB               # smaller parts are cheap whatever their ratio
MAX_ENTRIES = 10_000              # a .docx has tens (a few hundred with many images)
MAX_DIRECTORY_BYTES = 4 * MB      # the central directory itself (ZipFile parses all of it)
CHUNK = 1 * MB


def _mb(n: int) -> str:
    return f"{n // MB} MB" if n < 1024 * MB else f"{n // (1024 * MB)} GB"


def _directory_size(data: bytes) -> int | None:
    """The central directory's size, from the end record (zip64's when it says so);
    None when there is no end record (ZipFile then says it is not a zip)."""
    i = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if i < 0 or len(data) < i + 22:
        return None
    entries, size = struct.unpack_from("<HI", data, i + 10)
    j = i - 20
    if (entries == 0xFFFF or size == 0xFFFFFFFF) and j >= 0 and data[j:j + 4] == b"PK\x06\x07":
        (at,) = struct.unpack_from("<Q", data, j + 8)
        if at + 56 <= len(data) and data[at:at + 4] == b"PK\x06\x06":
            (size,) = struct.unpack_from("<Q", data, at + 40)
    return size


class Package:
    """A zip package's parts, read within the limits (UnimportableFile naming the part
    and the limit otherwise). `what` names the format in messages (「.docx 文件」)."""

    def __init__(self, data: bytes, path, what: str):
        self.path, self.what, self.total = path, what, 0
        size = _directory_size(data)
        if size is not None and size > MAX_DIRECTORY_BYTES:
            raise UnimportableFile(path, f"不是有效的{what}（压缩包目录过大：{size} 字节，疑似压缩炸弹）")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
            raise UnimportableFile(path, f"不是有效的{what}（不是 zip 压缩包）") from None
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise UnimportableFile(path, f"不是有效的{what}（压缩包内有 {len(infos)} 个文件，上限 {MAX_ENTRIES}）")
        declared = sum(i.file_size for i in infos)
        if declared > MAX_DECLARED_BYTES:
            big = max(infos, key=lambda i: i.file_size).filename
            raise UnimportableFile(path, f"压缩包内 {big} 等文件解压后共 {math.ceil(declared * 10 / (1024 * MB)) / 10:.1f} GB，"
                                     f"超过 {_mb(MAX_DECLARED_BYTES)} 上限（疑似压缩炸弹）")

    def has(self, name: str) -> bool:
        try:
            self.zip.getinfo(name)
        except KeyError:
            return False
        return True

    def read(self, name: str) -> bytes | None:
        """A part's bytes (None when the package has no such part)."""
        try:
            info = self.zip.getinfo(name)
        except KeyError:
            return None
        self._check_declared(info)
        limit = min(MAX_PART_BYTES, MAX_TOTAL_BYTES - self.total)
        try:
            data = self._bounded(info, limit)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as e:
            raise UnimportableFile(self.path, f"压缩包内 {name} 已损坏，无法解压（{type(e).__name__}）") from None
        except NotImplementedError:
            raise UnimportableFile(self.path, f"压缩包内 {name} 使用了不支持的压缩方式") from None
        except RuntimeError:                   # zipfile: "File is encrypted, password required"
            raise UnimportableFile(self.path, f"压缩包内 {name} 已加密，无法读取") from None
        self.total += len(data)
        return data

    def _check_declared(self, info: zipfile.ZipInfo) -> None:
        name, size = info.filename, info.file_size
        if size > MAX_PART_BYTES:
            raise UnimportableFile(self.path, f"压缩包内 {name} 解压后超过 {_mb(MAX_PART_BYTES)} 上限（疑似压缩炸弹）")
        if size > RATIO_FROM and size > MAX_RATIO * max(1, info.compress_size):
            ratio = size // max(1, info.compress_size)
            raise UnimportableFile(self.path, f"压缩包内 {name} 的压缩比异常（{ratio}:1，上限 {MAX_RATIO}:1，疑似压缩炸弹）")
        if self.total + size > MAX_TOTAL_BYTES:
            raise UnimportableFile(self.path, f"压缩包内各部分解压后共超过 {_mb(MAX_TOTAL_BYTES)} 上限（疑似压缩炸弹）")

    def _bounded(self, info: zipfile.ZipInfo, limit: int) -> bytes:
        """Inflated chunk by chunk; past `limit`, refused (whatever the directory said)."""
        chunks, got = [], 0
        with self.zip.open(info) as f:
            while True:
                b = f.read(CHUNK)
                if not b:
                    break
                got += len(b)
                if got > limit:
                    what = (f"解压后超过 {_mb(MAX_PART_BYTES)} 上限" if limit == MAX_PART_BYTES else
                            f"与其他部分解压后共超过 {_mb(MAX_TOTAL_BYTES)} 上限")
                    raise UnimportableFile(self.path, f"压缩包内 {info.filename} {what}（疑似压缩炸弹）")
                chunks.append(b)
        return b"".join(chunks)
