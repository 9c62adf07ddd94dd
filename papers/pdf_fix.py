"""What WeasyPrint cannot write yet, added to its PDF with pikepdf: PDF/A-2a and PDF/UA-1 at once.

WeasyPrint writes one ``pdf_variant`` at a time. Papers are rendered as
``pdf/a-2a`` (tagged, sRGB output intent, annotations with the Print flag)
and this module adds what PDF/UA-1 needs on top, where WeasyPrint 70 does not
(its issues #2903, #1784 and #2482):

- the document's language (``/Lang``) as ``dc:language`` in the XMP metadata;
- the PDF/UA identification (``pdfuaid:part="1"``) in the XMP metadata, with
  the PDF/A extension schema that declares it, in an uncompressed stream
  (PDF/A wants the metadata readable without a filter);
- running headers and footers (page margin boxes) as pagination artifacts:
  WeasyPrint tags them as content but keeps them out of the structure tree;
- list items made of a ``/Lbl`` and an ``/LBody`` (markers are inside the
  line, so they are painted in reading order);
- table header cells with ``/Scope`` (``Row`` when their row has data cells,
  ``Column`` otherwise);
- no empty structure element (an empty ``/LI`` where a list goes on over a
  page break);
- every link annotation inside a ``/Link`` structure element (a box nested in
  a link gets its own annotation in WeasyPrint, under a ``/Span``: it moves to
  the nearest ``/Link`` ancestor).

A table header row repeated on the next page stays tagged (WeasyPrint makes
each page's part of a table its own ``/Table``): as an artifact, outloud takes
a long header row for prose hidden from readers (TAG-002, an error), while
tagged it only warns that a line repeats on many pages (PAG-001).

Nothing here reads the clock or draws a random number (qpdf's
``deterministic_id``): same input bytes, same output bytes.
"""

import io
import re
import zlib
from xml.etree import ElementTree

import pikepdf

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
DC = "http://purl.org/dc/elements/1.1/"
for _prefix, _uri in {
    "rdf": RDF,
    "x": "adobe:ns:meta/",
    "dc": DC,
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfuaid": PDFUAID,
    "pdfaExtension": EXTENSION,
    "pdfaSchema": SCHEMA,
    "pdfaProperty": PROPERTY,
}.items():
    ElementTree.register_namespace(_prefix, _uri)

XMP_HEADER = b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
XMP_FOOTER = b'\n<?xpacket end="w"?>'


def _rdf(tag: str) -> str:
    return f"{{{RDF}}}{tag}"


def _ua_extension_schema(rdf: ElementTree.Element) -> None:
    """``pdfuaid:part="1"`` and the PDF/A extension schema that declares ``pdfuaid``."""
    ident = ElementTree.SubElement(rdf, _rdf("Description"), {_rdf("about"): ""})
    ident.set(f"{{{PDFUAID}}}part", "1")
    described = ElementTree.SubElement(rdf, _rdf("Description"), {_rdf("about"): ""})
    schemas = ElementTree.SubElement(described, f"{{{EXTENSION}}}schemas")
    bag = ElementTree.SubElement(schemas, _rdf("Bag"))
    schema = ElementTree.SubElement(bag, _rdf("li"), {_rdf("parseType"): "Resource"})
    for name, text in (
        ("schema", "PDF/UA Universal Accessibility Schema"),
        ("namespaceURI", PDFUAID),
        ("prefix", "pdfuaid"),
    ):
        ElementTree.SubElement(schema, f"{{{SCHEMA}}}{name}").text = text
    properties = ElementTree.SubElement(schema, f"{{{SCHEMA}}}property")
    seq = ElementTree.SubElement(properties, _rdf("Seq"))
    prop = ElementTree.SubElement(seq, _rdf("li"), {_rdf("parseType"): "Resource"})
    for name, text in (
        ("name", "part"),
        ("valueType", "Integer"),
        ("category", "internal"),
        ("description", "Indicates, which part of ISO 14289 standard is followed"),
    ):
        ElementTree.SubElement(prop, f"{{{PROPERTY}}}{name}").text = text


def _dc_language(rdf: ElementTree.Element, language: str) -> None:
    """``dc:language``: the document's language (its ``/Lang``) in the XMP metadata too,
    which WeasyPrint writes only into the catalog."""
    if rdf.find(f".//{{{DC}}}language") is not None:
        return
    described = ElementTree.SubElement(rdf, _rdf("Description"), {_rdf("about"): ""})
    element = ElementTree.SubElement(described, f"{{{DC}}}language")
    bag = ElementTree.SubElement(element, _rdf("Bag"))
    ElementTree.SubElement(bag, _rdf("li")).text = language


def _metadata(pdf: pikepdf.Pdf) -> None:
    raw = pdf.Root.Metadata.read_bytes()
    start, end = raw.index(b"<x:xmpmeta"), raw.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    meta = ElementTree.fromstring(raw[start:end])
    rdf = meta.find(_rdf("RDF"))
    if rdf.find(f".//*[@{{{PDFUAID}}}part]") is None:
        _ua_extension_schema(rdf)
    if "/Lang" in pdf.Root:
        _dc_language(rdf, str(pdf.Root.Lang))
    body = ElementTree.tostring(meta, encoding="utf-8", xml_declaration=False)
    stream = pdf.make_stream(XMP_HEADER + body + XMP_FOOTER)
    stream.Type, stream.Subtype = pikepdf.Name.Metadata, pikepdf.Name("/XML")
    pdf.Root.Metadata = stream


def _kids(element: pikepdf.Dictionary) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _walk(pdf: pikepdf.Pdf):
    """Every structure element reachable from the root, with its parent's ``/S``."""
    stack = [(kid, None) for kid in _kids(pdf.Root.StructTreeRoot)]
    while stack:
        node, parent = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            continue
        yield node, parent
        stack.extend((kid, node) for kid in reversed(_kids(node)))


def _parent_tree(pdf: pikepdf.Pdf) -> pikepdf.Array:
    return pdf.Root.StructTreeRoot.ParentTree.Nums  # WeasyPrint writes a flat number tree


#: A marked-content sequence tied to the structure tree, as WeasyPrint writes it
#: (``/Span\n<</MCID 3>>\nBDC``). Its text is hex strings (``<0014>``), so no
#: string in a content stream can hold ``<<``: a match is an operator, not text.
MARKED_CONTENT = re.compile(rb"/[A-Za-z0-9_.]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"


def _page_content(page: pikepdf.Page) -> bytes:
    contents = page.obj.Contents
    if isinstance(contents, pikepdf.Array):
        return b"\n".join(stream.read_bytes() for stream in contents)
    return contents.read_bytes()


def _margin_artifacts(pdf: pikepdf.Pdf, reachable: set) -> None:
    """Marked content whose element is outside the structure tree becomes an artifact.

    The page's content is rewritten at the byte level (a regular expression on its
    ``BDC`` operators), not parsed into instructions and written again: the same
    result, a tenth of the time on a 100-page paper (``docs/BENCH.md``).
    """
    nums = _parent_tree(pdf)
    entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        if key is None or int(key) not in entries:
            continue
        mapping = entries[int(key)]
        orphans = {
            mcid
            for mcid, element in enumerate(mapping)
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable
        }
        if not orphans:
            continue

        def artifact(match: re.Match, orphans: set = orphans) -> bytes:
            return ARTIFACT if int(match.group(1)) in orphans else match.group(0)

        content = MARKED_CONTENT.sub(artifact, _page_content(page))
        page.obj.Contents = _flate_stream(pdf, content)
        for mcid in orphans:
            mapping[mcid] = pikepdf.Object.parse(b"null")


def _flate_stream(pdf: pikepdf.Pdf, data: bytes) -> pikepdf.Stream:
    """A new stream holding ``data`` compressed (the file is saved with its streams
    as they are, ``_save``)."""
    stream = pdf.make_stream(zlib.compress(data, 6))
    stream.Filter = pikepdf.Name.FlateDecode
    return stream


def _is_element(node) -> bool:
    return isinstance(node, pikepdf.Dictionary) and "/S" in node


def _drop_empty(pdf: pikepdf.Pdf) -> None:
    """Structure elements with no content, no kids and no alternative text go.

    WeasyPrint leaves an empty ``/LI`` where a list continues on the next page,
    and an empty ``/Span`` for an empty inline box: read aloud as nothing, and
    flagged by checkers (a list item without a body). One pass, children before
    their parent, so an element left empty by its kids' removal goes too.
    """
    stack = [(pdf.Root.StructTreeRoot, False)]
    while stack:
        node, kids_done = stack.pop()
        if not kids_done:
            stack.append((node, True))
            stack.extend((kid, False) for kid in _kids(node) if _is_element(kid))
            continue
        kids = node.get("/K")
        if not isinstance(kids, pikepdf.Array):
            continue
        for index in reversed(range(len(kids))):
            kid = kids[index]
            if (
                _is_element(kid)
                and not _kids(kid)
                and "/Alt" not in kid
                and "/ActualText" not in kid
            ):
                del kids[index]


def _list_items(pdf: pikepdf.Pdf, elements: list) -> set:
    """Each ``/LI`` holds its ``/Lbl`` (the marker) then one ``/LBody`` (the rest).

    With markers inside the line (``paper.css``, so they are painted in reading
    order) WeasyPrint puts the marker inside the body, or the body's text
    straight under the ``/LI``; PDF/UA wants ``/Lbl`` and ``/LBody`` only.
    ``elements`` is ``_walk``'s list; returns the new ``/LBody`` elements' ids.
    """
    added = set()
    nums = _parent_tree(pdf)
    entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    pages = {page.objgen: page for page in pdf.pages}

    def kind(node) -> str | None:
        return str(node.get("/S")) if isinstance(node, pikepdf.Dictionary) else None

    for element, _parent in elements:
        if element.S != "/LI":
            continue
        kids = _kids(element)
        if [kind(k) for k in kids] in (["/Lbl", "/LBody"], ["/LBody"], ["/Lbl"]) and not any(
            kind(k2) == "/Lbl" for k in kids if kind(k) == "/LBody" for k2 in _kids(k)
        ):
            continue
        labels, body = [], []
        for kid in kids:
            if kind(kid) == "/Lbl":
                labels.append(kid)
            elif kind(kid) == "/LBody":
                for inner in _kids(kid):
                    (labels if kind(inner) == "/Lbl" else body).append(inner)
            else:
                body.append(kid)
        new_kids = pikepdf.Array(labels)
        for label in labels:
            label.P = element
        if body:
            lbody = pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.StructElem,
                    S=pikepdf.Name.LBody,
                    P=element,
                    K=pikepdf.Array(body),
                )
            )
            if "/Pg" in element:
                lbody.Pg = element.Pg
            for item in body:
                if isinstance(item, pikepdf.Dictionary) and "/S" in item:
                    item.P = lbody
                elif not isinstance(item, pikepdf.Dictionary) and "/Pg" in element:
                    # marked content straight under the item: its parent is now the body
                    page = pages.get(element.Pg.objgen)
                    key = page.obj.get("/StructParents") if page is not None else None
                    if key is not None and int(key) in entries:
                        entries[int(key)][int(item)] = lbody
            new_kids.append(lbody)
            added.add(lbody.objgen)
        element.K = new_kids
    return added


def _table_scopes(elements: list) -> None:
    for element, parent in elements:
        if element.S != "/TH":
            continue
        row_has_data = parent is not None and any(
            isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/TD" for kid in _kids(parent)
        )
        attributes = element.get("/A")
        if not isinstance(attributes, pikepdf.Dictionary):
            attributes = pikepdf.Dictionary(O=pikepdf.Name("/Table"))
            element.A = attributes
        attributes.Scope = pikepdf.Name("/Row") if row_has_data else pikepdf.Name("/Column")


def _links(pdf: pikepdf.Pdf) -> None:
    """Each link annotation's structure parent is a ``/Link`` element."""
    nums = _parent_tree(pdf)
    for i in range(0, len(nums), 2):
        element = nums[i + 1]
        if not isinstance(element, pikepdf.Dictionary) or element.get("/S") == "/Link":
            continue
        if not isinstance(element.get("/K"), pikepdf.Array):
            continue
        objrs = [
            kid
            for kid in element.K
            if isinstance(kid, pikepdf.Dictionary)
            and kid.get("/Type") == "/OBJR"
            and kid.Obj.get("/Subtype") == "/Link"
        ]
        if not objrs:
            continue
        link = element.get("/P")
        while isinstance(link, pikepdf.Dictionary) and link.get("/S") not in ("/Link", None):
            link = link.get("/P")
        if not isinstance(link, pikepdf.Dictionary) or link.get("/S") != "/Link":
            link = pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.StructElem,
                    S=pikepdf.Name.Link,
                    P=element.P,
                    K=pikepdf.Array(),
                )
            )
            siblings = element.P.K
            index = next(n for n, kid in enumerate(siblings) if kid.objgen == element.objgen)
            siblings.insert(index, link)
        for objr in objrs:
            element.K.remove(objr)
            link.K.append(objr)
        nums[i + 1] = link


def _save(pdf: pikepdf.Pdf) -> bytes:
    """The bytes of ``pdf``, every stream written as it is (qpdf neither decodes nor
    compresses again: WeasyPrint's streams are compressed, ours are made so by
    ``_flate_stream``, the XMP metadata stays plain), so what
    ``_streams_without_final_cr`` saw is what is written."""
    output = io.BytesIO()
    # the /ID's first half stays WeasyPrint's (from the paper); qpdf derives the
    # second from the content, so the bytes stay the same from one render to the next
    pdf.save(
        output,
        deterministic_id=True,
        fix_metadata_version=False,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        compress_streams=False,  # qpdf would drop the ASCIIHexDecode of a stream
    )
    return output.getvalue()


def _streams_without_final_cr(pdf: pikepdf.Pdf) -> bool:
    """No stream whose data ends with a carriage return.

    Before ``endstream`` qpdf writes a line feed; a compressed stream whose last
    byte happens to be CR then ends in CR LF, which PDF/A checkers read as the
    end-of-line marker, one byte short of ``/Length`` (``page``:
    PDFA2A-STREAM-LENGTH-001). A Flate stream ends with the Adler-32 of its
    data, so compressing again does not help: a page's content gets a line feed
    more (the page is the same), any other stream is wrapped in
    ``ASCIIHexDecode`` (its data then ends with ``>``). About one stream in 256
    is concerned; both ways are deterministic. Object and cross-reference
    streams are qpdf's own, written at save time.
    """
    bad = [
        obj
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Stream)
        and obj.get("/Type") not in (pikepdf.Name.ObjStm, pikepdf.Name.XRef)
        and obj.read_raw_bytes().endswith(b"\r")
    ]
    if not bad:
        return False
    page_contents = set()
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        for stream in contents if isinstance(contents, pikepdf.Array) else [contents]:
            if stream is not None:
                page_contents.add(stream.objgen)
    for stream in bad:
        if stream.objgen in page_contents and stream.get("/Filter") in (
            None,
            pikepdf.Name.FlateDecode,
        ):
            data = stream.read_bytes() + b"\n"
            stream.write(zlib.compress(data, 6), filter=pikepdf.Name.FlateDecode)
            if stream.read_raw_bytes().endswith(b"\r"):
                stream.write(data)  # then uncompressed: it ends with the line feed
            continue
        raw = stream.read_raw_bytes()
        filters = stream.get("/Filter")
        parms = stream.get("/DecodeParms")
        filters = (
            []
            if filters is None
            else (list(filters) if isinstance(filters, pikepdf.Array) else [filters])
        )
        if parms is not None:
            parms = list(parms) if isinstance(parms, pikepdf.Array) else [parms]
            parms = pikepdf.Array([None, *parms])
        stream.write(
            raw.hex().encode() + b">",
            filter=pikepdf.Array([pikepdf.Name.ASCIIHexDecode, *filters]),
            decode_parms=parms,
            type_check=False,
        )
    return True


def _no_stream_ends_with_cr(content: bytes) -> bytes:
    """``content`` with ``_streams_without_final_cr`` applied (the same bytes when
    no stream is concerned)."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return _save(pdf) if _streams_without_final_cr(pdf) else content


def pdf_finish(content: bytes) -> bytes:
    """``content`` (WeasyPrint's ``pdf/a-2a``) made PDF/A-2a and PDF/UA-1 at once."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        _metadata(pdf)
        _links(pdf)
        _drop_empty(pdf)
        elements = list(_walk(pdf))
        added = _list_items(pdf, elements)
        reachable = {element.objgen for element, _parent in elements} | added
        _margin_artifacts(pdf, reachable)
        _table_scopes(elements)
        _streams_without_final_cr(pdf)
        return _save(pdf)
