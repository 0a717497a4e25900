"""Children of WordprocessingML properties in the order ECMA-376 gives them. No Qt.

A property element (w:pPr, w:rPr, w:sectPr, w:tblPr, w:tcPr, w:settings, w:font,
w:style) is a schema *sequence*: Word may drop an element written out of its place
or call the file damaged. Every writer that adds such a child goes through child()
or insert() here, never append(). The orders are those of wml.xsd (ECMA-376 Part 4,
transitional; the run properties in the order of the 1st edition's sequence, which
later editions relaxed to a choice but Word and the Open XML SDK still write);
tests/desktop/services/export/test_schema_valid.py checks them against the schema."""
from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_PPR_BASE = ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
             "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
             "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
             "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle")
_RPR_BASE = ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
             "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
             "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath")
_SETTINGS = (
    "writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries "
    "displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData embedTrueTypeFonts "
    "embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges bordersDoNotSurroundHeader "
    "bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors hideGrammaticalErrors activeWritingStyle proofState "
    "formsDesign attachedTemplate linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge "
    "revisionView trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride "
    "styleLockTheme styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone "
    "doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders "
    "bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing "
    "drawingGridVerticalSpacing displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
    "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin doNotShadeFormData "
    "noPunctuationKerning characterSpacingControl printTwoOnOne strictFirstAndLastChars noLineBreaksAfter "
    "noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent "
    "alwaysShowPlaceholderText doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt "
    "showXMLTags alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids "
    "m:mathPr attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats doNotAutoCompressPictures "
    "forceUpgrade captions readModeInkLockDown smartTagType sl:schemaLibrary shapeDefaults doNotEmbedSmartTags "
    "decimalSymbol listSeparator")
_OTHER = {
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
}

# parent's local name (in w:) -> its children's local names in schema order
ORDER: dict[str, tuple[str, ...]] = {
    "pPr": tuple(_PPR_BASE.split()) + ("rPr", "sectPr", "pPrChange"),
    # a run's, a style's and a paragraph mark's run properties (the mark's begin with its revision marks)
    "rPr": ("ins", "del", "moveFrom", "moveTo") + tuple(_RPR_BASE.split()) + ("rPrChange",),
    "sectPr": ("headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
               "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid "
               "printerSettings sectPrChange").split(),
    "tblPr": ("tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
              "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription "
              "tblPrChange").split(),
    "tcPr": ("cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign "
             "hideMark headers cellIns cellDel cellMerge tcPrChange").split(),
    "settings": tuple(_SETTINGS.split()),
    "font": ("altName panose1 charset family notTrueType pitch sig embedRegular embedBold embedItalic "
             "embedBoldItalic").split(),
    "style": ("name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat "
              "locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr").split(),
    "docDefaults": ("rPrDefault", "pPrDefault"),
}
# the headerReference/footerReference of a w:sectPr are one choice, in any order among themselves
_SAME_RANK = {("sectPr", "footerReference"): "headerReference"}


def _clark(name: str) -> str:
    """'kinsoku' -> {w}kinsoku; 'm:mathPr' and 'sl:schemaLibrary' in their own namespaces."""
    if ":" in name:
        prefix, local = name.split(":")
        return f"{{{_OTHER[prefix]}}}{local}"
    return f"{{{W}}}{name}"


_RANKS = {parent: {_clark(n): k for k, n in enumerate(names)} for parent, names in ORDER.items()}
for (_p, _n), _like in _SAME_RANK.items():
    _RANKS[_p][_clark(_n)] = _RANKS[_p][_clark(_like)]


def _ranks(parent) -> dict[str, int]:
    tag = parent.tag
    if not tag.startswith(f"{{{W}}}"):
        raise KeyError(f"no schema order for {tag}")
    return _RANKS[tag[len(W) + 2:]]


def insert(parent, el):
    """Put `el` among `parent`'s children where the schema's sequence has it: before
    the first child that comes later (an element of another namespace, such as w14:,
    counts as coming last). Returns el."""
    ranks = _ranks(parent)
    mine = ranks[el.tag]
    for k, c in enumerate(parent):
        if isinstance(c.tag, str) and ranks.get(c.tag, len(ranks)) > mine:
            parent.insert(k, el)
            return el
    parent.append(el)
    return el


def child(parent, tag: str, **attrs: str):
    """The `tag` child of `parent` ('w:kinsoku'), added in schema order if missing,
    with the w: attributes given (val="0" sets w:val)."""
    el = parent.find(qn(tag))
    if el is None:
        el = insert(parent, OxmlElement(tag))
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def reorder(parent) -> None:
    """Sort `parent`'s children into schema order (stable: equal ranks keep their order).
    For parts written by someone else: the default template's own."""
    ranks = _ranks(parent)
    kids = list(parent)
    kids.sort(key=lambda c: ranks.get(c.tag, len(ranks)) if isinstance(c.tag, str) else len(ranks))
    for c in kids:
        parent.append(c)
