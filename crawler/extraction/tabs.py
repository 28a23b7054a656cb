"""Give tab panels their labels as headings: a legal page holding several documents in tabs
names each document only in its tab ("Terms of Use", "Privacy Policy"), far from its text.

With the label as the panel's first heading, the documents have titles like any other page's,
and picking one of them (document_pick) works the same way.
"""

from __future__ import annotations

from lxml import etree

from crawler.extraction.chrome import drop
from crawler.extraction.text import one_line, text_of

# Elements with role=tab or role=tablist, reached through the attribute axis (which spares a
# look-up of "role" on every element, as for the main landmarks).
TAB_ROLES = etree.XPath("descendant-or-self::*/@role[. = 'tab' or . = 'tablist']/..")
# Where a tab says which panel it opens.
TARGET_ATTRIBUTES = ("aria-controls", "data-bs-target", "data-target", "href")
# A tab label longer than this is not a document's name.
MAX_LABEL_WORDS = 12
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def panel_of(tab, panels: dict):
    """The panel `tab` opens, if the page holds it."""
    for attribute in TARGET_ATTRIBUTES:
        target = (tab.get(attribute) or "").strip()
        if target:
            panel = panels.get(target.removeprefix("#"))
            if panel is not None:
                return panel
    return None


def first_heading_text(panel) -> str:
    """The text of the heading that opens `panel`, or "" when text comes first."""
    if (panel.text or "").strip():
        return ""
    for element in panel.iter():
        if element is panel or not isinstance(element.tag, str):
            continue
        if element.tag in HEADINGS:
            return one_line(text_of(element))
        if (element.text or "").strip():
            return ""
    return ""


def label_tab_panels(root) -> int:
    """Put each tab's label at the top of its panel as an <h2>, and drop the tabs; returns
    the number of panels labelled. Panels that already open with their label are left as
    they are (the tabs still go: a list of labels away from the text is no content)."""
    marked = TAB_ROLES(root)
    if not marked:  # most pages
        return 0
    # ARIA tabs, and links or buttons inside an ARIA tab list.
    tabs = [
        tab
        for element in marked
        for tab in ([element] if element.get("role") == "tab" else element.iter("a", "button"))
    ]
    tabs = list(dict.fromkeys(tabs))
    panels = {element.get("id"): element for element in root.iter() if element.get("id")}
    labelled = 0
    for tab in tabs:
        panel = panel_of(tab, panels)
        label = one_line(text_of(tab))
        if panel is None or not label or len(label.split()) > MAX_LABEL_WORDS:
            continue
        if first_heading_text(panel).casefold() != label.casefold():
            heading = etree.Element("h2")
            heading.text, heading.tail, panel.text = label, panel.text, None
            panel.insert(0, heading)
            labelled += 1
        drop(tab)
    return labelled
