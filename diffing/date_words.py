"""The words of date statements: labels and month names in English, German, French, Spanish
and Italian (the languages of the Open Terms Archive corpus), and a cheap English test."""

from __future__ import annotations

import re

MONTH_NAMES = [
    "january jan janvier januar jänner enero gennaio",
    "february feb février fevrier februar febrero febbraio",
    "march mar mars märz maerz marzo",
    "april apr avril abril aprile",
    "may mai mayo maggio",
    "june jun juin juni junio giugno",
    "july jul juillet juli julio luglio",
    "august aug août aout agosto",
    "september sep sept septembre septiembre setiembre settembre",
    "october oct octobre oktober okt octubre ottobre",
    "november nov novembre noviembre",
    "december dec décembre decembre dezember dez diciembre dicembre",
]
MONTHS = {name: number for number, names in enumerate(MONTH_NAMES, 1) for name in names.split()}

# Labels that also occur in running text ("updated as of June 2024, creators can…"): their
# date must follow at once and end the line. All other labels introduce the document's date.
WEAK_LABELS = frozenset(
    {
        "as of",
        "updated",
        "updated on",
        "revised",
        "revised on",
        "stand",
        "en vigueur",
        "à compter du",
        "effective on",
    }
)
LABEL = re.compile(
    r"(?:effective(?:\s+date)?(?:\s+(?:from|as\s+of|on))?|in\s+effect\s+(?:from|since|as\s+of)"
    r"|last\s+(?:updated|modified|revised|reviewed|changed|amended)(?:\s+on)?"
    r"|date\s+of\s+last\s+(?:update|revision)|version\s+date|updated(?:\s+on)?|revised(?:\s+on)?"
    r"|(?:went|came|comes|goes)\s+into\s+effect(?:\s+on)?|takes\s+effect(?:\s+on)?"
    r"|as\s+of|date\s+de\s+(?:modification|mise\s+à\s+jour)|dernière\s+révision|à\s+compter\s+du"
    r"|dernière\s+mise\s+à\s+jour(?:\s+le)?|derniere\s+mise\s+a\s+jour|mis\s+à\s+jour\s+le"
    r"|date\s+d'entrée\s+en\s+vigueur|(?:entrée\s+)?en\s+vigueur(?:\s+(?:le|à\s+compter\s+du|depuis"
    r"\s+le|au))?|stand|zuletzt\s+(?:aktualisiert|geändert)(?:\s+am)?|letzte\s+(?:aktualisierung|"
    r"änderung)|gültig\s+ab|última\s+actualización|ultima\s+actualizacion|fecha\s+de\s+"
    r"(?:entrada\s+en\s+vigor|actualización)|vigente\s+desde|ultimo\s+aggiornamento|in\s+vigore\s+dal)"
    r"\b\s*[:\-\u2013]?\s*(?:on\s+|le\s+|am\s+|el\s+|il\s+)?",
    re.IGNORECASE,
)

ENGLISH_WORDS = re.compile(r"\b(?:the|and|you|your|we|of|to|with|information)\b", re.IGNORECASE)
OTHER_WORDS = re.compile(
    r"\b(?:le|la|les|des|et|vous|nous|der|die|das|und|sie|wir|el|los|y|usted|il|di|che)\b",
    re.IGNORECASE,
)
SAMPLE_CHARS = 20_000  # the opening of a policy is enough to tell its language


def looks_english(text: str) -> bool:
    """Is `text` more English than French, German, Spanish or Italian (by function words)?"""
    sample = text[:SAMPLE_CHARS]
    return len(ENGLISH_WORDS.findall(sample)) >= len(OTHER_WORDS.findall(sample))
