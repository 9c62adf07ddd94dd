"""XLIFF 1.2 for translation tools, written and read with translate-toolkit.

One ``<trans-unit>`` per unit (``translations.status.Unit``), its ``id`` the unit's
(``title``, ``summary``, ``s2.heading``, ``s2.p3``), its ``<source>`` today's source
text and its ``<target>`` the translation (omitted when missing; an outdated one has
``state="needs-review-translation"``). Entities are never resolved (lxml as
translate-toolkit sets it up): a file cannot make the server read anything.
"""

from django.utils.translation import gettext as _
from lxml import etree
from translate.storage import xliff

from translations.status import DONE

MEDIA_TYPE = "application/xliff+xml"
NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"


class Xliff12Unit(xliff.xliffunit):
    namespace = NAMESPACE


class Xliff12File(xliff.xlifffile):
    """translate-toolkit's XLIFF store, writing version 1.2 (its default is 1.1)."""

    UnitClass = Xliff12Unit
    namespace = NAMESPACE
    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version='1.2' xmlns='{NAMESPACE}'>
<file original='NoName' source-language='en' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""


class XliffError(ValueError):
    """The file is not XLIFF Plenum can read; the message says why."""


def xliff_write(*, original: str, source_language: str, language: str, units: list[dict]) -> bytes:
    """``units``: ``[{"unit", "source", "text", "status"}]`` in reading order."""
    store = Xliff12File(sourcelanguage=source_language, targetlanguage=language)
    for entry in units:
        unit = store.addsourceunit(entry["source"], filename=original, createifmissing=True)
        unit.setid(entry["unit"])
        if entry["text"]:
            unit.target = entry["text"]
            target = unit.xmlelement.find(unit.namespaced("target"))
            target.set(
                "state", "translated" if entry["status"] == DONE else "needs-review-translation"
            )
            if entry["status"] != DONE:
                unit.markapproved(False)
    return bytes(store)


def xliff_read(data: bytes) -> dict[str, tuple[str, str]]:
    """``{unit id: (source, target)}``; ``XliffError`` if it is not XLIFF 1.x, or a
    unit has no id or comes twice."""
    if not data or not data.strip():
        raise XliffError(_("The file is empty."))
    try:
        store = Xliff12File.parsestring(data)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise XliffError(_("This is not an XLIFF 1.2 file: %(error)s") % {"error": exc}) from exc
    except Exception as exc:  # translate-toolkit on XML that is not XLIFF (StopIteration, …)
        raise XliffError(_("This is not an XLIFF 1.2 file.")) from exc
    root = store.document.getroot()
    if etree.QName(root).localname != "xliff":
        raise XliffError(_("This is not an XLIFF 1.2 file."))
    units: dict[str, tuple[str, str]] = {}
    duplicates = set()
    for unit in store.units:
        if unit.isheader():
            continue
        unit_id = unit.xmlelement.get("id") or ""
        if not unit_id:
            raise XliffError(_("A trans-unit has no id."))
        if unit_id in units:
            duplicates.add(unit_id)
        units[unit_id] = (str(unit.source or ""), str(unit.target or ""))
    if duplicates:
        raise XliffError(
            _("Units given twice: %(units)s") % {"units": ", ".join(sorted(duplicates))}
        )
    return units
