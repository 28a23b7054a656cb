"""The body of an alert digest, as plain text and as HTML, grouped by organisation.

The HTML reuses diffing's e-mail-safe section rendering (inline styles, every piece of policy
text escaped); names and URLs from the watch list are escaped here too.
"""

from __future__ import annotations

from html import escape
from itertools import groupby

from crawler.alerts.model import Alert
from crawler.alerts.notices import Notice
from diffing.render_html import PAGE, section_html
from diffing.render_parts import headline, shown_sections

LINK = "color:#235;font:13px sans-serif"


def by_organisation(alerts: list[Alert]) -> list[tuple[str, list[Alert]]]:
    """Alerts grouped by organisation (alphabetical), each group in change order."""
    ordered = sorted(alerts, key=lambda a: (a.organisation.casefold(), a.changed_at, a.policy))
    return [(org, list(group)) for org, group in groupby(ordered, key=lambda a: a.organisation)]


def subject(alerts: list[Alert]) -> str:
    if len(alerts) == 1:
        return f"policywatch: {alerts[0].policy} changed ({alerts[0].kind_label})"
    organisations = [org for org, _ in by_organisation(alerts)]
    return f"policywatch: {len(alerts)} policy changes ({', '.join(organisations)})"


def introduction(alerts: list[Alert]) -> str:
    groups = len(by_organisation(alerts))
    plural = "s" if len(alerts) != 1 else ""
    return f"{len(alerts)} change{plural} in {groups} organisation{'s' if groups != 1 else ''}."


def text_body(alerts: list[Alert]) -> str:
    lines = [introduction(alerts)]
    for organisation, group in by_organisation(alerts):
        lines += ["", f"== {organisation} =="]
        for alert in group:
            lines += [
                "",
                f"{alert.policy}: {alert.kind_label}, {alert.changed_between} "
                f"(seen {alert.changed_at})",
                f"Sections: {alert.section_summary()}",
                f"Live page: {alert.url}",
                f"Wayback capture: {alert.wayback_link}",
                "",
                alert.text_diff().rstrip(),
            ]
    return "\n".join(lines) + "\n"


def change_html(alert: Alert) -> str:
    intro = "".join(f"<p>{escape(line)}</p>\n" for line in headline(alert.diff, "", ""))
    sections = "\n".join(section_html(c, alert.diff.unit) for c in shown_sections(alert.diff))
    links = (
        f'<a style="{LINK}" href="{escape(alert.url, quote=True)}">live page</a> · '
        f'<a style="{LINK}" href="{escape(alert.wayback_link, quote=True)}">Wayback capture</a>'
    )
    return (
        f"<h3>{escape(alert.policy)}: {escape(alert.kind_label)}</h3>\n"
        f"<p>{escape(alert.changed_between.capitalize())} (seen {escape(alert.changed_at)}) · "
        f"{links}</p>\n"
        f"<p><b>Sections:</b> {escape(alert.section_summary())}</p>\n{intro}{sections}\n"
    )


def html_body(alerts: list[Alert]) -> str:
    groups = "".join(
        f"<h2>{escape(organisation)}</h2>\n" + "".join(change_html(a) for a in group)
        for organisation, group in by_organisation(alerts)
    )
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{escape(subject(alerts))}</title></head>\n"
        f'<body style="{PAGE}">\n<p>{escape(introduction(alerts))}</p>\n{groups}</body></html>\n'
    )


def notices_body(notices: list[Notice]) -> str:
    """Plain text: each failing or recovered policy, what its last fetch said, what to do."""
    lines = []
    for notice in notices:
        lines += [notice.text, f"  {notice.url}", f"  last fetch {notice.fetched_at}"]
        if notice.kind == "failing":
            lines += [f"  {notice.detail}", f"  what to do: {notice.advice}"]
        lines.append("")
    return "\n".join(lines)
