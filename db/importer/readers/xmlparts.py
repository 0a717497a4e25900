"""One safe way to parse an XML part of a package (a .docx, an OFD): no entities,
no DTD, no network, no huge text nodes, and the elements of all the parts read
from one file counted against one limit."""
from __future__ import annotations

from lxml import etree

from ..errors import UnimportableFile
from .html import out_of_memory

MAX_XML_TAGS = 1_000_000      # elements in all the parts read from one file


def parse_part(path, name: str, data: bytes, seen: int, kind: str) -> tuple[etree._Element, int]:
    """(the part's root, the elements counted so far). `kind` names the format in
    the message for a part that is not XML (「不是有效的 {kind} 文件」)."""
    seen += data.count(b"<")
    if seen > MAX_XML_TAGS:
        raise UnimportableFile(path, f"{name} 的元素过多（超过 {MAX_XML_TAGS // 10000} 万个），不是一份规划")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser), seen
    except etree.XMLSyntaxError as e:
        if out_of_memory(e):              # libxml2 ran out of memory: say so, not "invalid"
            raise MemoryError(str(e)) from None
        if "amplification" in str(e) or "entity" in str(e).lower():
            raise UnimportableFile(path, f"{name} 含有异常的实体定义（疑似 XML 炸弹）") from None
        raise UnimportableFile(path, f"不是有效的 {kind} 文件（{name} 不是有效的 XML）") from None
