"""The static report's HTML: the index of policies and one page per policy.

Self-contained pages (one <style> block, inline SVG, no script), so the report opens from
`file://` and can be copied anywhere. Every piece of text from the database is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any

from crawler.query.report_svg import colour

GENERATOR = "policywatch report"
STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; color: #222; max-width: 62em; margin: 1.5em auto;
       padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e4e4e4;
         vertical-align: middle; }
th { font-weight: 600; border-bottom: 2px solid #ccc; }
.kind { display: inline-block; padding: 1px 7px; border-radius: 9px; color: #fff;
        font-size: 12px; white-space: nowrap; }
.muted { color: #777; }
.date { white-space: nowrap; }
.change { border-top: 2px solid #ddd; margin-top: 1.5em; }
svg.timeline { max-width: 100%; height: auto; border: 1px solid #eee; }
"""


def page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="generator" content="{GENERATOR}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


def kind_badge(kind: str | None) -> str:
    if not kind:
        return '<span class="muted">—</span>'
    return f'<span class="kind" style="background:{colour(kind)}">{escape(kind)}</span>'


def external_link(url: str | None, label: str) -> str:
    """A link to a web page (the live policy, a Wayback capture); plain text for anything
    that is not http(s), so a stored `javascript:` URL cannot become a link."""
    if not url or not url.startswith(("http://", "https://")):
        return escape(url or label)
    return f'<a href="{escape(url, quote=True)}">{escape(label)}</a>'


def index_page(rows: list[dict[str, Any]], generated_at: str) -> str:
    """`rows`: per policy, its name, organisation, page file, versions, last change (date and
    kind), last fetch outcome and sparkline SVG."""
    lines = [
        "<tr><th>Policy</th><th>Organisation</th><th>Versions</th><th>Last change</th>"
        "<th>Kind</th><th>Last fetch</th><th>Changes over time</th></tr>"
    ]
    for row in rows:
        lines.append(
            f'<tr><td><a href="{escape(row["file"], quote=True)}">{escape(row["policy"])}</a></td>'
            f"<td>{escape(row['organisation'] or '')}</td>"
            f"<td>{row['versions']}</td>"
            f'<td class="date">{escape((row["last_change"] or "—")[:10])}</td>'
            f"<td>{kind_badge(row['last_kind'])}</td>"
            f"<td>{escape(row['last_outcome'] or 'never fetched')}</td>"
            f"<td>{row['sparkline']}</td></tr>"
        )
    body = (
        f'<h1>Watched policies</h1>\n<p class="muted">{len(rows)} policies · '
        f"report made {escape(generated_at)} by policywatch</p>\n"
        + (f"<table>\n{chr(10).join(lines)}\n</table>" if rows else "<p>No policies yet.</p>")
    )
    return page("policywatch report", body)


def policy_page(
    policy: dict[str, Any], versions: list[dict[str, Any]], plot: str, changes: list[str]
) -> str:
    """One policy: its timeline plot, its versions and every change's rendered diff
    (`changes`, newest first, each already HTML with an `id` of v<number>)."""
    title = policy["policy"]
    rows = [
        "<tr><th>Version</th><th>Detected</th><th>Last seen</th><th>Effective</th>"
        "<th>Kind</th><th>Sections</th><th>Changed</th><th>Source</th></tr>"
    ]
    for version in versions:
        number = version["version_number"]
        label = (
            f'<a href="#v{number}">{number}</a>' if version["change_kind"] != "first" else number
        )
        rows.append(
            f"<tr><td>{label}</td><td>{escape(version['first_seen'])}</td>"
            f"<td>{escape(version['last_seen'])}</td>"
            f"<td>{escape(version['effective_date'] or '—')}</td>"
            f"<td>{kind_badge(version['change_kind'])}</td><td>{version['sections']}</td>"
            f"<td>{version['sections_changed']}</td>"
            f"<td>{external_link(version['capture_url'], version['source'])}</td></tr>"
        )
    history = (
        f'{plot}\n<p class="muted">Dots: changes where detected, coloured by kind (click for '
        "the diff); squares: the effective date each version states, joined to when it was "
        "detected; line: number of sections.</p>\n"
        f"<table>\n{chr(10).join(rows)}\n</table>\n<h2>Changes, newest first</h2>\n"
        + ("\n".join(changes) if changes else "<p>No change recorded yet.</p>")
        if versions
        else "<p>No version recorded yet: last fetch "
        f"{escape(policy['last_outcome'] or 'never made')}.</p>"
    )
    body = (
        '<p><a href="../index.html">← all policies</a></p>\n'
        f"<h1>{escape(title)}</h1>\n<p>{escape(policy['organisation'] or '')} · "
        f"{external_link(policy['url'], policy['url'] or '')}</p>\n{history}"
    )
    return page(f"{title} — policywatch report", body)


def change_section(version: dict[str, Any], diff_html: str) -> str:
    """One change's block: which version, its kind and dates, then its diff."""
    number = version["version_number"]
    flags = ", ".join(version["change_flags"])
    return (
        f'<section class="change" id="v{number}">\n<h3>Version {number} '
        f"{kind_badge(version['change_kind'])}</h3>\n"
        f"<p>Detected {escape(version['first_seen'])}; effective "
        f"{escape(version['effective_date'] or 'date not stated')}"
        + (f"; flags: {escape(flags)}" if flags else "")
        + f"</p>\n{diff_html}\n</section>"
    )
