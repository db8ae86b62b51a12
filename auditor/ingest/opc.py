"""The parts of a Word file that reading needs, taken from its zip package.

A .docx is an Open Packaging Conventions package: a zip whose parts are found through
relationship files (``_rels/.rels`` for the package, ``word/_rels/document.xml.rels`` for the
main document) and typed by ``[Content_Types].xml``. Reading needs four parts: the main
document, its styles and numbering, and the title in the core properties.

python-docx, which the reader used to open packages with, loads the whole package into its
object model: every part read and every known XML part parsed into its own element classes,
behind ~70 ms of imports in a one-file check — none of which the reader uses, as it walks the
XML with lxml's own API. This module finds the four parts the way python-docx finds them (the same
relationship types, target resolution, content types and XML parser settings, so the element
trees are the same); ``tests/test_opc.py`` checks it against python-docx on generated
documents. Two differences, on purpose: a part the reader does not need (an image, a footnotes
part) that is missing or malformed no longer makes the whole file unreadable; and a file Word
saved as "Strict Open XML Document" (ISO/IEC 29500 Strict: the same parts under other
relationship types and namespace names) is read, its WordprocessingML namespace mapped to the
usual one, where python-docx finds no document in it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any

from lxml import etree   # this module is imported only when a Word file is read


_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_W_DOCUMENT = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}document"

# relationship types: the transitional name, and the name in Strict files
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_RT_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships/"
RT_OFFICE_DOCUMENT = (_RT + "officeDocument", _RT_STRICT + "officeDocument")
RT_STYLES = (_RT + "styles", _RT_STRICT + "styles")
RT_NUMBERING = (_RT + "numbering", _RT_STRICT + "numbering")
RT_CORE_PROPERTIES = ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",)
# WordprocessingML's namespace in Strict files, read as the transitional one
_W_STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_W_TRANSITIONAL = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CT_DOCUMENT_MAIN = _CT + "document.main+xml"
CT_STYLES = _CT + "styles+xml"
CT_NUMBERING = _CT + "numbering+xml"
CT_CORE_PROPERTIES = "application/vnd.openxmlformats-package.core-properties+xml"


class PackageError(Exception):
    """The zip is not a readable Word document (no main document part, wrong type, bad XML)."""


class TooManyElements(Exception):
    """The parts would hold more XML elements than the budget (``found`` at least)."""

    def __init__(self, found: int) -> None:
        super().__init__(found)
        self.found = found


@dataclass(eq=False, frozen=True, slots=True)
class WordParts:
    # lxml elements (lxml ships no type information)
    document: Any               # the w:document element
    styles: Any | None          # the w:styles element, when the document has a styles part
    numbering: Any | None       # the w:numbering element, when it has a numbering part
    title: str | None           # the core properties' dc:title, stripped; None when empty


class _Package:
    def __init__(self, zf, max_elements: int | None = None) -> None:
        self.zf = zf
        # elements left to parse: a tree costs memory per element (~60 MB of "<w:p/>" is
        # ten million of them, gigabytes once parsed), so they are counted before each parse
        self.budget = max_elements
        # python-docx's settings: blank text between elements dropped, entities not resolved
        self.parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
        self.types = self._content_types()

    def xml(self, partname: str, *, optional: bool = False):
        """The parsed part; ``PackageError`` when it is missing (None if ``optional``) or is
        not well-formed XML."""
        try:
            data = self.zf.read(partname[1:])
        except KeyError:
            if optional:
                return None
            raise PackageError(partname) from None
        if self.budget is not None:
            from .lines import count_elements

            self.budget -= count_elements(data)
            if self.budget < 0:
                raise TooManyElements(count_elements(data))
        try:
            if _W_STRICT in data:
                data = data.replace(_W_STRICT, _W_TRANSITIONAL)
            return etree.fromstring(data, self.parser)
        except Exception:
            raise PackageError(partname) from None

    def _content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        root = self.xml("/[Content_Types].xml")
        overrides = {el.get("PartName", "").lower(): el.get("ContentType")
                     for el in root.iterchildren(f"{{{_TYPES_NS}}}Override")}
        defaults = {el.get("Extension", "").lower(): el.get("ContentType")
                    for el in root.iterchildren(f"{{{_TYPES_NS}}}Default")}
        return overrides, defaults

    def content_type(self, partname: str) -> str | None:
        overrides, defaults = self.types
        found = overrides.get(partname.lower())
        if found is not None:
            return found
        ext = posixpath.splitext(partname)[1]
        return defaults.get(ext[1:].lower() if ext.startswith(".") else ext.lower())

    def related(self, source: str, reltype: tuple[str, ...]) -> str | None:
        """The part name that ``source`` ("/" for the package) relates to by ``reltype`` (its
        transitional and Strict names); None when it has no such relationship, or more than
        one, or only an external one."""
        base, name = posixpath.split(source)
        root = self.xml(posixpath.join(base, "_rels", f"{name}.rels"), optional=True)
        if root is None:
            return None
        matching = [el for el in root.iterchildren(f"{{{_RELS_NS}}}Relationship")
                    if el.get("Type") in reltype]
        if len(matching) != 1 or matching[0].get("TargetMode") == "External":
            return None
        return posixpath.abspath(posixpath.join(base, matching[0].get("Target", "")))

    def typed_part(self, source: str, reltype: tuple[str, ...], content_type: str):
        """The parsed part related by ``reltype``, when it exists and has ``content_type``."""
        partname = self.related(source, reltype)
        if partname is None or self.content_type(partname) != content_type:
            return None
        return self.xml(partname)       # a related part missing from the zip: PackageError


def word_parts(zf, max_elements: int | None = None) -> WordParts:
    """The parts of the Word document in the open zip ``zf``; ``PackageError`` when it is not
    a readable Word document, ``TooManyElements`` when the parts read hold more than
    ``max_elements`` XML elements in all."""
    package = _Package(zf, max_elements)
    main = package.related("/", RT_OFFICE_DOCUMENT)
    if main is None or package.content_type(main) != CT_DOCUMENT_MAIN:
        raise PackageError("main document")
    document = package.xml(main)
    if document.tag != _W_DOCUMENT:
        raise PackageError(main)
    styles = package.typed_part(main, RT_STYLES, CT_STYLES)
    numbering = package.typed_part(main, RT_NUMBERING, CT_NUMBERING)
    try:
        core = package.typed_part("/", RT_CORE_PROPERTIES, CT_CORE_PROPERTIES)
        element = core.find(_DC_TITLE) if core is not None else None
        title = ((element.text if element is not None else None) or "").strip() or None
    except PackageError:
        title = None
    return WordParts(document, styles, numbering, title)
