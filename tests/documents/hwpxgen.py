"""Writers of HWPX test documents (OWPML, a ZIP package of XML parts), laid out as Hangul lays them out.

The document model, the styles and the preview text are ``hwpgen``'s, so one document goes
through both formats. Everything here is written from OWPML as Hangul writes it, not from
connectors.documents.hwpx: namespaces, hp:p/hp:run/hp:t, hp:tbl with hp:cellAddr and
hp:cellSpan, the content.hpf spine, header.xml hh:paraPr/hh:heading and hh:style.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from hwpgen import STYLES, Document, Para, Section, Table, TextBox, preview_text, shape_and_style

NS = {
    "ha": "http://www.hancom.co.kr/hwpml/2011/app", "hp": "http://www.hancom.co.kr/hwpml/2011/paragraph",
    "hs": "http://www.hancom.co.kr/hwpml/2011/section", "hc": "http://www.hancom.co.kr/hwpml/2011/core",
    "hh": "http://www.hancom.co.kr/hwpml/2011/head", "hpf": "http://www.hancom.co.kr/schema/2011/hpf",
    "dc": "http://purl.org/dc/elements/1.1/", "opf": "http://www.idpf.org/2007/opf/",
}
XMLNS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
HEADINGS = ["NONE", "OUTLINE", "OUTLINE", "OUTLINE", "BULLET"]  # paraPr ids 0–4, as the HWP shapes


def write_hwpx(path: Path, doc: Document, *, password: bool = False, spine: list[int] | None = None) -> None:
    """Write ``doc`` as an HWPX package. ``spine``: section order in content.hpf (default: in order)."""
    order = spine if spine is not None else list(range(len(doc.sections)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        package.writestr("version.xml", f'{DECL}<hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" '
                         'tagetApplication="WORDPROCESSOR" major="5" minor="1" micro="0" buildNumber="1"/>')
        package.writestr("META-INF/container.xml", f'{DECL}<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:'
                         'xmlns:container"><ocf:rootfiles><ocf:rootfile full-path="Contents/content.hpf" '
                         'media-type="application/hwpml-package+xml"/></ocf:rootfiles></ocf:container>')
        package.writestr("META-INF/manifest.xml", _manifest(len(doc.sections), password))
        package.writestr("Contents/content.hpf", _content_hpf(doc, order))
        package.writestr("Contents/header.xml", _header_xml(len(doc.sections)))
        for index, section in enumerate(doc.sections):
            xml = f"{DECL}<hs:sec {XMLNS}>{_section_xml(section)}</hs:sec>".encode()
            package.writestr(f"Contents/section{index}.xml", bytes(b ^ 0x5A for b in xml) if password else xml)
        package.writestr("Preview/PrvText.txt", preview_text(doc))


def _manifest(sections: int, password: bool) -> str:
    # Encrypted packages describe each encrypted part with ODF-style manifest:encryption-data.
    crypt = ('<odf:encryption-data odf:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" '
             'odf:checksum="AAAA"><odf:algorithm odf:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
             'odf:initialisation-vector="AAAA"/></odf:encryption-data>') if password else ""
    entries = "".join(f'<odf:file-entry odf:full-path="Contents/section{i}.xml" odf:media-type="application/xml">'
                      f"{crypt}</odf:file-entry>" for i in range(sections))
    return (f'{DECL}<odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            f'<odf:file-entry odf:full-path="/" odf:media-type="application/hwp+zip"/>{entries}</odf:manifest>')


def _content_hpf(doc: Document, order: list[int]) -> str:
    items = "".join(f'<opf:item id="section{i}" href="Contents/section{i}.xml" media-type="application/xml"/>'
                    for i in range(len(doc.sections)))
    refs = "".join(f'<opf:itemref idref="section{i}" linear="yes"/>' for i in order)
    meta = f"<opf:title>{escape(doc.title or '')}</opf:title><opf:language>ko</opf:language>"
    meta += f'<opf:meta name="creator" content="text">{escape(doc.author or "")}</opf:meta>'
    meta += '<opf:meta name="CreatedDate" content="text">2024-05-02T09:00:00Z</opf:meta>'
    return (f'{DECL}<opf:package {XMLNS} version="" unique-identifier="" id=""><opf:metadata>{meta}</opf:metadata>'
            '<opf:manifest><opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
            f'{items}</opf:manifest>'
            f'<opf:spine><opf:itemref idref="header" linear="yes"/>{refs}</opf:spine></opf:package>')


def _header_xml(sections: int) -> str:
    levels = [0, 0, 1, 2, 0]
    shapes = "".join(f'<hh:paraPr id="{i}" tabPrIDRef="0" condense="0" fontLineHeight="0" snapToGrid="1" '
                     f'suppressLineNumbers="0" checked="0"><hh:align horizontal="JUSTIFY" vertical="BASELINE"/>'
                     f'<hh:heading type="{kind}" idRef="{1 if kind == "BULLET" else 0}" level="{levels[i]}"/>'
                     '<hh:breakSetting breakLatinWord="KEEP_WORD" breakNonLatinWord="KEEP_WORD" widowOrphan="0" '
                     'keepWithNext="0" keepLines="0" pageBreakBefore="0" lineWrap="BREAK"/></hh:paraPr>'
                     for i, kind in enumerate(HEADINGS))
    styles = "".join(f'<hh:style id="{i}" type="PARA" name={quoteattr(name)} engName={quoteattr(english)} '
                     f'paraPrIDRef="{shape}" charPrIDRef="0" nextStyleIDRef="{i}" langID="1042" lockForm="0"/>'
                     for i, (name, english, shape) in enumerate(STYLES))
    return (f'{DECL}<hh:head {XMLNS} version="1.4" secCnt="{sections}"><hh:beginNum page="1" footnote="1" '
            'endnote="1" pic="1" tbl="1" equation="1"/><hh:refList><hh:bullets itemCnt="1"><hh:bullet id="1" '
            f'char="•" useImage="0"/></hh:bullets><hh:paraProperties itemCnt="{len(HEADINGS)}">{shapes}'
            f'</hh:paraProperties><hh:styles itemCnt="{len(STYLES)}">{styles}</hh:styles></hh:refList></hh:head>')


def _section_xml(section: Section) -> str:
    out = []
    for index, block in enumerate(section.blocks):
        lead = _section_lead(section) if index == 0 else ""
        if isinstance(block, Table):
            out.append(_tbl_p(block, lead))
        elif isinstance(block, TextBox):
            out.append(_box_p(block, lead))
        else:
            out.append(_p(block, lead))
    return "".join(out)


def _section_lead(section: Section) -> str:
    """The run Hangul opens each section with: hp:secPr, the column definition, the page header."""
    lead = ('<hp:run charPrIDRef="0"><hp:secPr id="" textDirection="HORIZONTAL" spaceColumns="1134" tabStop="8000" '
            'outlineShapeIDRef="1" memoShapeIDRef="0"><hp:pagePr landscape="WIDELY" width="59528" height="84188" '
            'gutterType="LEFT_ONLY"><hp:margin header="4252" footer="4252" gutter="0" left="8504" right="8504" '
            'top="5668" bottom="4252"/></hp:pagePr></hp:secPr><hp:ctrl><hp:colPr id="" type="NEWSPAPER" '
            'layout="LEFT" colCount="1" sameSz="1" sameGap="0"/></hp:ctrl>')
    if section.header:
        lead += ('<hp:ctrl><hp:header id="1" applyPageType="BOTH"><hp:subList id="" textDirection="HORIZONTAL" '
                 f'lineWrap="BREAK" vertAlign="TOP">{_p(Para(section.header))}</hp:subList></hp:header></hp:ctrl>')
    return lead + "</hp:run>"


def _p(para: Para, lead: str = "") -> str:
    shape, style = shape_and_style(para)
    text = "".join({"\t": '<hp:tab width="4000" leader="0" type="1"/>', "\n": "<hp:lineBreak/>"}.get(ch, escape(ch))
                   for ch in para.text)
    runs = f'<hp:run charPrIDRef="0"><hp:t>{text}</hp:t></hp:run>'
    if para.link:
        runs += ('<hp:run charPrIDRef="0"><hp:ctrl><hp:fieldBegin id="7" type="HYPERLINK" name="" editable="0" '
                 'dirty="0" zorder="-1" fieldid="7"><hp:parameters cnt="1" name=""><hp:stringParam name="Command">'
                 'https://example.invalid/sop</hp:stringParam></hp:parameters></hp:fieldBegin></hp:ctrl>'
                 f'<hp:t>{escape(para.link)}</hp:t><hp:ctrl><hp:fieldEnd beginIDRef="7" fieldid="7"/></hp:ctrl>'
                 '</hp:run>')
    if para.footnote:
        runs += ('<hp:run charPrIDRef="0"><hp:ctrl><hp:footNote number="1" suffixChar="41" instId="1">'
                 '<hp:subList id="" textDirection="HORIZONTAL" lineWrap="BREAK" vertAlign="TOP">'
                 f'{_p(Para(para.footnote))}</hp:subList></hp:footNote></hp:ctrl></hp:run>')
    return (f'<hp:p id="0" paraPrIDRef="{shape}" styleIDRef="{style}" pageBreak="0" columnBreak="0" merged="0">'
            f"{lead}{runs}</hp:p>")


def _tbl_p(table: Table, lead: str = "") -> str:
    caption = ""
    if table.caption:
        caption = ('<hp:caption side="TOP" fullSz="0" width="8000" gap="850" lastWidth="42520"><hp:subList id="" '
                   f'textDirection="HORIZONTAL" lineWrap="BREAK" vertAlign="TOP">{_p(Para(table.caption))}'
                   "</hp:subList></hp:caption>")
    rows = []
    for r in range(table.rows):
        cells = "".join(
            '<hp:tc name="" header="0" hasMargin="0" protect="0" editable="0" dirty="0" borderFillIDRef="1">'
            f'<hp:subList id="" textDirection="HORIZONTAL" lineWrap="BREAK" vertAlign="CENTER">{_p(Para(c.text))}'
            f'</hp:subList><hp:cellAddr colAddr="{c.col}" rowAddr="{c.row}"/><hp:cellSpan colSpan="{c.colspan}" '
            f'rowSpan="{c.rowspan}"/><hp:cellSz width="{14000 * c.colspan}" height="{1500 * c.rowspan}"/>'
            '<hp:cellMargin left="510" right="510" top="141" bottom="141"/></hp:tc>'
            for c in sorted(table.cells, key=lambda c: c.col) if c.row == r)
        rows.append(f"<hp:tr>{cells}</hp:tr>")
    tbl = (f'<hp:tbl id="1" zOrder="0" numberingType="TABLE" textWrap="TOP_AND_BOTTOM" textFlow="BOTH_SIDES" lock="0" '
           f'dropcapstyle="None" pageBreak="CELL" repeatHeader="1" rowCnt="{table.rows}" colCnt="{table.cols}" '
           'cellSpacing="0" borderFillIDRef="1" noAdjust="0"><hp:sz width="42520" widthRelTo="ABSOLUTE" height="6000" '
           'heightRelTo="ABSOLUTE" protect="0"/><hp:pos treatAsChar="1" affectLSpacing="0" flowWithText="1" '
           'allowOverlap="0" holdAnchorAndSO="0" vertRelTo="PARA" horzRelTo="PARA" vertAlign="TOP" horzAlign="LEFT" '
           f'vertOffset="0" horzOffset="0"/>{caption}<hp:outMargin left="140" right="140" top="140" bottom="140"/>'
           f'<hp:inMargin left="510" right="510" top="141" bottom="141"/>{"".join(rows)}</hp:tbl>')
    return (f'<hp:p id="0" paraPrIDRef="0" styleIDRef="0" pageBreak="0" columnBreak="0" merged="0">{lead}'
            f'<hp:run charPrIDRef="0">{tbl}<hp:t/></hp:run></hp:p>')


def _box_p(box: TextBox, lead: str = "") -> str:
    rect = ('<hp:rect id="2" zOrder="1" numberingType="FIGURE" textWrap="TOP_AND_BOTTOM" textFlow="BOTH_SIDES" '
            'lock="0" dropcapstyle="None" href="" groupLevel="0" instid="2" ratio="0"><hp:offset x="0" y="0"/>'
            '<hp:orgSz width="20000" height="3000"/><hp:curSz width="20000" height="3000"/>'
            '<hp:lineShape color="#000000" width="33" style="SOLID"/><hp:drawText lastWidth="19434" name="" '
            'editable="0"><hp:subList id="" textDirection="HORIZONTAL" lineWrap="BREAK" vertAlign="CENTER">'
            f'{_p(Para(box.text))}</hp:subList><hp:textMargin left="283" right="283" top="283" bottom="283"/>'
            '</hp:drawText><hp:sz width="20000" widthRelTo="ABSOLUTE" height="3000" heightRelTo="ABSOLUTE" '
            'protect="0"/><hp:pos treatAsChar="0" affectLSpacing="0" flowWithText="1" allowOverlap="0" '
            'holdAnchorAndSO="0" vertRelTo="PARA" horzRelTo="COLUMN" vertAlign="TOP" horzAlign="LEFT" vertOffset="0" '
            'horzOffset="0"/><hp:outMargin left="0" right="0" top="0" bottom="0"/><hp:pt0 x="0" y="0"/>'
            '<hp:pt1 x="20000" y="0"/><hp:pt2 x="20000" y="3000"/><hp:pt3 x="0" y="3000"/></hp:rect>')
    if box.grouped:
        rect = (f'<hp:container id="3" zOrder="2" numberingType="FIGURE" textWrap="TOP_AND_BOTTOM" '
                f'textFlow="BOTH_SIDES" lock="0" dropcapstyle="None" href="" groupLevel="0" instid="3">{rect}'
                '</hp:container>')
    return (f'<hp:p id="0" paraPrIDRef="0" styleIDRef="0" pageBreak="0" columnBreak="0" merged="0">{lead}'
            f'<hp:run charPrIDRef="0">{rect}<hp:t/></hp:run></hp:p>')
