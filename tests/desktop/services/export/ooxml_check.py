"""A .docx checked against the ECMA-376 transitional schemas vendored in ooxml_schemas/
(see its README): every XML part the Word exports write, each against the schema of its
content type, after the markup-compatibility preprocessing a consumer does (ECMA-376
Part 3, as the Open XML SDK's validator does it): elements and attributes in a namespace
the part declares mc:Ignorable are dropped, an mc:AlternateContent becomes its
mc:Fallback. Nothing else is touched, so an element out of its sequence is reported."""
from __future__ import annotations

import posixpath
import zipfile
from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).with_name("ooxml_schemas")
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
# content type -> (schema file, the part's root element)
PARTS = {
    CT + "document.main+xml": ("wml.xsd", f"{{{W}}}document"),
    CT + "styles+xml": ("wml.xsd", f"{{{W}}}styles"),
    CT + "settings+xml": ("wml.xsd", f"{{{W}}}settings"),
    CT + "fontTable+xml": ("wml.xsd", f"{{{W}}}fonts"),
    CT + "footer+xml": ("wml.xsd", f"{{{W}}}ftr"),
    CT + "header+xml": ("wml.xsd", f"{{{W}}}hdr"),
    CT + "numbering+xml": ("wml.xsd", f"{{{W}}}numbering"),
    CT + "footnotes+xml": ("wml.xsd", f"{{{W}}}footnotes"),
    CT + "endnotes+xml": ("wml.xsd", f"{{{W}}}endnotes"),
    CT + "comments+xml": ("wml.xsd", f"{{{W}}}comments"),
    CT + "webSettings+xml": ("wml.xsd", f"{{{W}}}webSettings"),
    "application/vnd.openxmlformats-officedocument.theme+xml":
        ("dml-main.xsd", "{http://schemas.openxmlformats.org/drawingml/2006/main}theme"),
    "application/vnd.openxmlformats-officedocument.extended-properties+xml":
        ("shared-documentPropertiesExtended.xsd",
         "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Properties"),
    "application/vnd.openxmlformats-package.core-properties+xml":
        ("opc-coreProperties.xsd", "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
                                   "coreProperties"),
    "application/vnd.openxmlformats-package.relationships+xml":
        ("opc-relationships.xsd", "{http://schemas.openxmlformats.org/package/2006/relationships}Relationships"),
    "application/vnd.openxmlformats-officedocument.customXmlProperties+xml":
        ("shared-customXmlDataProperties.xsd",
         "{http://schemas.openxmlformats.org/officeDocument/2006/customXml}datastoreItem"),
}
# a custom XML data part (content type application/xml) by its root: the template's bibliography
CUSTOM_XML = {"{http://schemas.openxmlformats.org/officeDocument/2006/bibliography}Sources": "shared-bibliography.xsd"}
CONTENT_TYPES = ("opc-contentTypes.xsd", "{http://schemas.openxmlformats.org/package/2006/content-types}Types")
# the namespaces the vendored schemas define: what a consumer of them "understands"
UNDERSTOOD = {"http://www.w3.org/XML/1998/namespace"}


@cache
def schema(name: str) -> etree.XMLSchema:
    """A vendored schema, loaded offline (every import is a local file)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


@cache
def understood() -> frozenset[str]:
    spaces = set(UNDERSTOOD)
    for f in SCHEMAS.glob("*.xsd"):
        ns = etree.parse(str(f)).getroot().get("targetNamespace")
        if ns:
            spaces.add(ns)
    return frozenset(spaces)


def part_types(z: zipfile.ZipFile) -> dict[str, str]:
    """Every part of the package (no leading /) -> its content type."""
    types = etree.fromstring(z.read("[Content_Types].xml"))
    ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    defaults = {d.get("Extension").lower(): d.get("ContentType") for d in types.iter(ns + "Default")}
    overrides = {o.get("PartName").lstrip("/"): o.get("ContentType") for o in types.iter(ns + "Override")}
    return {n: overrides.get(n) or defaults.get(posixpath.splitext(n)[1][1:].lower(), "")
            for n in z.namelist() if not n.endswith("/") and n != "[Content_Types].xml"}


def preprocess(root: etree._Element) -> list[str]:
    """Markup compatibility, in place: ignorable content dropped (an element named in
    mc:ProcessContent gives way to its children), AlternateContent resolved to its
    Fallback. Returns the errors it finds (a namespace that must be understood and is
    not, AlternateContent without a choice this consumer can take)."""
    errors: list[str] = []
    _process(root, frozenset(), frozenset(), errors)
    return errors


def _prefixes(el, attr: str) -> set[str]:
    return {el.nsmap.get(p, "") for p in (el.get(f"{{{MC}}}{attr}") or "").split()}


def _names(el) -> set[tuple[str, str]]:
    """mc:ProcessContent's qualified names (prefix:local or prefix:*) as (namespace, local)."""
    out = set()
    for q in (el.get(f"{{{MC}}}ProcessContent") or "").split():
        prefix, _, local = q.rpartition(":")
        out.add((el.nsmap.get(prefix or None, ""), local))
    return out


def _process(el, ignorable: frozenset[str], unwrap: frozenset, errors: list[str]) -> None:
    for must in _prefixes(el, "MustUnderstand") - understood():
        errors.append(f"line {el.sourceline}: mc:MustUnderstand names {must}, which these schemas do not define")
    ignorable = ignorable | frozenset(_prefixes(el, "Ignorable") - understood())
    unwrap = unwrap | frozenset(_names(el))
    for a in list(el.attrib):
        ns = etree.QName(a).namespace
        if ns == MC or ns in ignorable:
            del el.attrib[a]
    for child in list(el):
        if not isinstance(child.tag, str):
            continue
        q = etree.QName(child)
        if child.tag == f"{{{MC}}}AlternateContent":
            _alternate(el, child, ignorable, unwrap, errors)
        elif q.namespace in ignorable and ((q.namespace, q.localname) in unwrap or (q.namespace, "*") in unwrap):
            at = el.index(child)
            kids = list(child)
            el.remove(child)
            for k, kid in enumerate(kids):
                el.insert(at + k, kid)
                _process(kid, ignorable, unwrap, errors)
        elif q.namespace in ignorable:
            _drop(child)
        else:
            _process(child, ignorable, unwrap, errors)


def _alternate(parent, ac, ignorable, unwrap, errors) -> None:
    """An mc:AlternateContent replaced by what its first understood mc:Choice, else its
    mc:Fallback, holds (ECMA-376-3 §10.2); Choices needing other namespaces are skipped."""
    pick = None
    for c in ac:
        if c.tag == f"{{{MC}}}Choice" and all(ac.nsmap.get(p) in understood() or c.nsmap.get(p) in understood()
                                               for p in (c.get("Requires") or "").split()):
            pick = c
            break
        if c.tag == f"{{{MC}}}Fallback":
            pick = c
            break
    at = parent.index(ac)
    kids = list(pick) if pick is not None else []
    parent.remove(ac)
    for k, kid in enumerate(kids):
        parent.insert(at + k, kid)
    # the chosen content is processed in the parent's place, itself in any order
    if pick is None:
        errors.append(f"line {ac.sourceline}: mc:AlternateContent with no choice or fallback to take")
    for kid in kids:
        if isinstance(kid.tag, str):
            _process(kid, ignorable, unwrap, errors)


def _drop(el) -> None:
    """An ignorable element is removed, keeping the tail text of the XML around it."""
    parent = el.getparent()
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def validate_xml(blob: bytes, schema_name: str, root_tag: str, name: str = "") -> list[str]:
    """The schema errors of one XML part (after the compatibility preprocessing)."""
    root = etree.fromstring(blob, etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=True))
    errors = [f"{name}: {e}" for e in preprocess(root)]
    if root.tag != root_tag:
        errors.append(f"{name}: root is {root.tag}, expected {root_tag}")
    s = schema(schema_name)
    if not s.validate(root):
        errors += [f"{name}:{e.line}: {e.message}" for e in s.error_log]
    return errors


def validate_docx(path: str | Path) -> dict[str, list[str]]:
    """Every XML part of a .docx -> its schema errors ([] when valid). A part whose
    content type no vendored schema covers is reported as such, so nothing goes unchecked."""
    out: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as z:
        out["[Content_Types].xml"] = validate_xml(z.read("[Content_Types].xml"), *CONTENT_TYPES, "[Content_Types].xml")
        for name, ctype in sorted(part_types(z).items()):
            if name.endswith(".rels"):
                ctype = "application/vnd.openxmlformats-package.relationships+xml"
            if not (ctype.endswith("+xml") or ctype.endswith("/xml")):
                continue                      # a picture, a font: not XML
            if ctype == "application/xml" and name.startswith("customXml/"):
                root = etree.fromstring(z.read(name)).tag
                if root in CUSTOM_XML:
                    out[name] = validate_xml(z.read(name), CUSTOM_XML[root], root, name)
                    continue
            if ctype not in PARTS:
                out[name] = [f"{name}: no schema for content type {ctype}"]
                continue
            out[name] = validate_xml(z.read(name), *PARTS[ctype], name)
    return out


# ---- what the 2012 schema no longer checks: the order of run properties ----
XSD = "{http://www.w3.org/2001/XMLSchema}"


@cache
def wml_sequence(group_or_type: str) -> tuple[str, ...]:
    """The element names a wml.xsd complex type or group lists, in the order listed,
    its base type's and the groups it refers to expanded in place."""
    root = etree.parse(str(SCHEMAS / "wml.xsd")).getroot()
    defs = {(e.tag, e.get("name")): e for e in root}
    node = defs.get((XSD + "complexType", group_or_type))
    node = defs[(XSD + "group", group_or_type)] if node is None else node

    def flat(n) -> list[str]:
        out: list[str] = []
        for c in n:
            if c.tag == XSD + "element":
                out.append(c.get("name") or c.get("ref"))
            elif c.tag in (XSD + "sequence", XSD + "choice", XSD + "complexContent"):
                out += flat(c)
            elif c.tag == XSD + "group":
                out += flat(defs[(XSD + "group", c.get("ref"))])
            elif c.tag == XSD + "extension":
                out += flat(defs[(XSD + "complexType", c.get("base"))]) + flat(c)
        return out
    return tuple(flat(node))


def rpr_order_errors(blob: bytes, name: str = "") -> list[str]:
    """Run properties out of the order EG_RPrBase lists them. ECMA-376's 1st edition made
    that a sequence (and Word and the Open XML SDK write and check it so); the 2012
    transitional schema made it a repeatable choice, so the schema alone lets any order by."""
    rank = {f"{{{W}}}{n}": k for k, n in enumerate(wml_sequence("EG_RPrBase"))}
    errors = []
    for rpr in etree.fromstring(blob).iter(f"{{{W}}}rPr"):
        seen = [c for c in rpr if isinstance(c.tag, str) and c.tag in rank]
        for a, b in zip(seen, seen[1:]):
            if rank[a.tag] > rank[b.tag]:
                errors.append(f"{name}:{b.sourceline}: w:rPr has {etree.QName(b).localname} after "
                              f"{etree.QName(a).localname}")
    return errors


def docx_errors(path: str | Path) -> list[str]:
    """All of it: every part's schema errors and the run-property order of the WordprocessingML parts."""
    errors = [e for errs in validate_docx(path).values() for e in errs]
    with zipfile.ZipFile(path) as z:
        for name, ctype in sorted(part_types(z).items()):
            if ctype.startswith(CT) and ctype.endswith("+xml"):
                errors += rpr_order_errors(z.read(name), name)
    return errors
