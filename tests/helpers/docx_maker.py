"""Small Word files for the reader tests, made with python-docx (and raw XML where it
has no API: automatic numbering, tracked deletions, merged cells)."""
from __future__ import annotations

import copy

from docx import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

NUMBERING = f"""<w:abstractNum {nsdecls('w')} w:abstractNumId="97">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%2节"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""


class Maker:
    def __init__(self):
        self.doc = Document()
        self.doc.paragraphs[0]._p.getparent().remove(self.doc.paragraphs[0]._p) if self.doc.paragraphs else None
        self.num_id = None

    def _numbering(self) -> str:
        if self.num_id is None:
            part = self.doc.part.numbering_part
            root = part.element
            root.insert(0, parse_xml(NUMBERING))
            num = parse_xml(f'<w:num {nsdecls("w")} w:numId="98"><w:abstractNumId w:val="97"/></w:num>')
            root.append(num)
            self.num_id = "98"
        return self.num_id

    def para(self, text, style=None, bold=False, framed=False):
        p = self.doc.add_paragraph(style=style)
        r = p.add_run(text)
        r.bold = bold
        if framed:
            ppr = p._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:pBdr {nsdecls("w")}><w:top w:val="single" w:sz="4"/>'
                                 f'<w:bottom w:val="single" w:sz="4"/></w:pBdr>'))
        return p

    def numbered(self, text, level):
        """A heading whose label comes from Word's automatic numbering (not in the text)."""
        p = self.para(text, bold=True)
        ppr = p._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                             f'<w:numId w:val="{self._numbering()}"/></w:numPr>'))
        return p

    def with_deletion(self, before, deleted, after):
        p = self.para(before)
        d = parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="x"><w:r><w:delText>{deleted}</w:delText></w:r></w:del>')
        p._p.append(d)
        p.add_run(after)
        return p

    def with_marks(self, text):
        """A paragraph with a bookmark, a comment reference and a field code around its text."""
        p = self.doc.add_paragraph()
        p._p.append(parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="5" w:name="_Toc1"/>'))
        p.add_run(text)
        p._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="5"/>'))
        r = OxmlElement("w:r")
        for x in (f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
                  f'<w:instrText {nsdecls("w")}> PAGEREF _Toc1 \\h </w:instrText>',
                  f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'):
            r.append(parse_xml(x))
        p._p.append(r)
        p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:commentReference w:id="0"/></w:r>'))
        return p

    def box_table(self, title, items):
        """A 专栏 as a single-cell table."""
        t = self.doc.add_table(rows=1, cols=1)
        cell = t.cell(0, 0)
        cell.paragraphs[0].add_run(title).bold = True
        for it in items:
            cell.add_paragraph(it)
        return t

    def table(self, rows, merge_down=()):
        """A real table; merge_down: (row, col) cells merged with the cell above."""
        t = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if (r, c) not in merge_down:
                    t.cell(r, c).text = v
        for r, c in merge_down:
            top = t.cell(r - 1, c)
            top.merge(t.cell(r, c))
        return t

    def save(self, path):
        self.doc.save(str(path))
        return path
