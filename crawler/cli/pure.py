"""`policywatch extract` and `compare`: pure commands, no database."""

from __future__ import annotations

import json
import sys
from functools import partial
from pathlib import Path

import click

from crawler.browser.actions import check_actions
from crawler.cli.options import diff_format_option, explain_topics_option, settings_option
from crawler.config.watchlist import check_document, check_url
from crawler.extraction import ExtractOptions, extract
from crawler.extraction.decoding import decode_body, looks_like_pdf
from crawler.extraction.html import Explanation
from crawler.outcomes import advice
from crawler.timeline.replacement import replacement
from diffing.compare import compare_documents
from diffing.model import PolicyDocument
from diffing.parse import document_from_text
from diffing.render import render_diff


def read_input(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name)
    if not path.is_file():
        raise click.BadParameter(f"no such file: {name}")
    return path.read_bytes()


def looks_like_markup(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith("<") or "<html" in head or "<body" in head


def load_document(name: str, options: ExtractOptions) -> PolicyDocument:
    """A PDF or HTML file is extracted as a crawl would (`options`: url, select, remove,
    document); a markdown or plain-text file is read as the policy."""
    body = read_input(name)
    if not looks_like_pdf(body, None):
        text = decode_body(body, None)
        if not looks_like_markup(text):
            return document_from_text(text)
    extraction = extract(body, options)
    if extraction.outcome:
        raise click.ClickException(f"{name}: {extraction.outcome}: {extraction.reason}")
    return extraction.document


def document_json(document: PolicyDocument, explanation: Explanation | None = None) -> dict:
    effective = document.effective_date
    explained = {"explanation": explanation_json(explanation)} if explanation else {}
    return {
        "title": document.title,
        "effective_date": effective.value.isoformat() if effective else None,
        "effective_date_text": effective.text if effective else None,
        "sections": [
            {"heading": s.heading, "level": s.level, "text": s.text} for s in document.sections
        ],
        "markdown": document.markdown,
        "warnings": list(document.warnings),
        **explained,
    }


def reported(explanation: Explanation | None, fmt: str) -> Explanation | None:
    """Say --explain's account on standard error, unless it goes into the JSON output."""
    if explanation is None:
        click.echo("--explain: a PDF has no page chrome; its whole text layer is kept", err=True)
    elif fmt != "json":
        click.echo(explanation_text(explanation), err=True)
    return explanation


def explanation_json(explanation: Explanation) -> dict:
    return {
        "kept": list(explanation.kept),
        "dropped": [
            {"element": d.element, "reason": d.reason, "words": d.words, "preview": d.preview}
            for d in explanation.dropped
        ],
        "words_left_out": explanation.words_left_out,
    }


def explanation_text(explanation: Explanation) -> str:
    lines = [f"kept: {', '.join(explanation.kept)}", f"dropped: {len(explanation.dropped)} blocks"]
    lines += [
        f"  {d.element[:36]:36} {d.reason[:40]:40} {d.words:6} words  {d.preview[:40]}"
        for d in explanation.dropped
    ]
    lines.append(
        f"words outside the kept blocks that no rule dropped: {explanation.words_left_out}"
    )
    return "\n".join(lines)


def plain_text(document: PolicyDocument) -> str:
    blocks = []
    for section in document.sections:
        blocks.extend(part for part in (section.heading, section.text) if part)
    return "\n\n".join(blocks)


def extraction_options(command, with_url: bool = True):
    """--url, --document, --select and --remove: what a watch-list entry tells extraction."""
    url_option = click.option("--url", help="The page's URL, to absolutise its links.")
    for option in reversed(
        [
            *([url_option] if with_url else []),
            click.option(
                "--document",
                "document_type",
                callback=checked_document,
                help="On a page holding several documents, keep this one: privacy-policy, "
                "terms-of-service, cookie-policy…",
            ),
            click.option(
                "--select",
                multiple=True,
                metavar="CSS",
                help="Take the text from these elements only.",
            ),
            click.option(
                "--remove", multiple=True, metavar="CSS", help="Drop these elements first."
            ),
        ]
    ):
        command = option(command)
    return command


def checked_actions(ctx, param, values: tuple[str, ...]) -> list[dict[str, str]]:
    actions = [dict([value.split("=", 1)]) if "=" in value else {value: ""} for value in values]
    if problem := check_actions(actions):
        raise click.BadParameter(problem, param_hint="--action")
    return actions


def rendered_input(url: str, actions: list[dict[str, str]]) -> tuple[bytes, str]:
    """The page at `url` as the browser renders it, and its address after redirects."""
    if problem := check_url(url):
        raise click.BadParameter(f"--browser needs a URL: {problem}", param_hint="FILE")
    # Here, not at the top: `extract FILE` starts without Scrapy and Playwright.
    from crawler.browser.errors import browser_outcome
    from crawler.browser.render import BrowserUnavailable, render_with_settings

    try:
        page = render_with_settings(url, actions)
    except BrowserUnavailable as error:
        raise click.ClickException(f"no-browser: {error}") from None
    except Exception as error:
        outcome = browser_outcome(error) or "error"
        raise click.ClickException(f"{outcome}: {error}") from None
    return page.body, page.url


def checked_document(ctx, param, value: str | None) -> str | None:
    if value is not None and (problem := check_document(value)):
        raise click.BadParameter(problem, param_hint="--document")
    return value


def output_options(command):
    """--format, --explain and, for a URL, -s: how extract and fetch show a policy."""
    for option in reversed(
        [
            click.option(
                "--format",
                "fmt",
                type=click.Choice(["markdown", "text", "json"]),
                default="markdown",
                show_default=True,
            ),
            click.option(
                "--explain",
                is_flag=True,
                help="Also say which blocks were kept and which were dropped and why (on "
                'standard error; under "explanation" with --format json), to write a --select '
                "or --remove.",
            ),
            settings_option,
        ]
    ):
        command = option(command)
    return command


def show_document(document: PolicyDocument, explanation: Explanation | None, fmt: str) -> None:
    if fmt == "json":
        data = document_json(document, explanation)
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    elif fmt == "text":
        click.echo(plain_text(document))
    else:
        click.echo(document.markdown)


def is_url(argument: str) -> bool:
    return argument.startswith(("http://", "https://"))


def show_fetched(
    url, document_type, select, remove, fmt, explain, settings, browser="auto", actions=()
) -> None:
    """Fetch `url` as a crawl would (`browser` and `actions` as a watch-list entry's), show
    what it would store; exit 1 with the typed outcome when the fetch yields no policy."""
    if problem := check_url(url):
        raise click.BadParameter(problem, param_hint="URL")
    from crawler.jobs.fetch_page import fetch_page  # Scrapy and Twisted only for a fetch

    page = fetch_page(
        url, list(select), list(remove), document_type, settings, browser, list(actions)
    )
    if not page.ok:
        outcome, detail = page.fetch["outcome"], page.fetch["detail"]
        raise click.ClickException(f"{outcome}: {detail or advice(outcome)}")
    explanation = None
    if explain:
        options = ExtractOptions(
            url=page.fetch["final_url"] or url,
            select=select,
            remove=remove,
            document=document_type,
            content_type=page.content_type,
        )
        explanation = reported(extract(page.body, options).explanation, fmt)
    show_document(page.document, explanation, fmt)


actions_option = click.option(
    "--action",
    "actions",
    multiple=True,
    metavar="KIND=CSS",
    callback=checked_actions,
    help="In the browser, after the page loads (repeatable, in order): click=CSS or "
    "wait_for=CSS, as a watch-list entry's browser_actions.",
)


@click.command()
@click.argument("url")
@partial(extraction_options, with_url=False)
@output_options
@click.option(
    "--browser",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="As a watch-list entry's `browser:`: auto renders the page in a headless Chromium "
    "when the plain fetch finds no policy.",
)
@actions_option
def fetch(url, document_type, select, remove, fmt, explain, settings, browser, actions) -> None:
    """Fetch URL as a crawl would and show what it would store; records nothing.

    robots.txt, redirects, size limits and extraction (with a watch-list entry's --document,
    --select and --remove) are the crawl's own; nothing goes into your database. A page that
    holds no policy exits with status 1 and the crawl's typed outcome (http-4xx, bot-wall,
    not-a-policy, ...). The same as `policywatch extract URL`.

    Example: policywatch fetch https://example.com/privacy --select main --format text
    """
    show_fetched(url, document_type, select, remove, fmt, explain, settings, browser, actions)


@click.command(name="extract")
@click.argument("file")
@extraction_options
@output_options
@click.option(
    "--browser",
    is_flag=True,
    help="FILE is a URL: render it in a headless Chromium first, as a crawl's `browser:` does.",
)
@actions_option
def extract_command(
    file, url, document_type, select, remove, fmt, explain, settings, browser, actions
) -> None:
    """Extract the policy text from an HTML or PDF file (or - for standard input, or an
    http(s) URL, fetched as `policywatch fetch` does).

    A PDF is recognised by its first bytes. A file that holds no policy (an unreadable PDF,
    a login page, a "page not found", an empty page) exits with status 1 and the reason on
    standard error, as a crawl would log it (not-a-policy, unreadable-pdf, ...); with
    --format json what was found is still printed, the reason last among its warnings.

    --select and --remove take the CSS selectors a watch-list entry's `select` and `remove`
    would; --explain shows what the generic extraction dropped, to write them.

    With --browser, FILE is a URL, rendered in a headless Chromium (running --action steps)
    before extraction, to see what a crawl with `browser: always` would store.

    Example: curl -s https://example.com/legal | policywatch extract - --document privacy-policy
    """
    if browser:
        body, url = rendered_input(file, actions)
    elif actions:
        raise click.UsageError("--action needs --browser")
    elif is_url(file):
        show_fetched(file, document_type, select, remove, fmt, explain, settings)
        return
    else:
        body = read_input(file)
    options = ExtractOptions(url=url, select=select, remove=remove, document=document_type)
    extraction = extract(body, options)
    document = extraction.document
    explanation = reported(extraction.explanation, fmt) if explain else None
    if extraction.outcome:
        if fmt == "json":
            warnings = [*document.warnings, f"{extraction.outcome}: {extraction.reason}"]
            data = {**document_json(document, explanation), "warnings": warnings}
            click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        raise click.ClickException(f"{extraction.outcome}: {extraction.reason}")
    show_document(document, explanation, fmt)


@click.command()
@click.argument("old")
@click.argument("new")
@extraction_options
@diff_format_option()
@explain_topics_option
def compare(old, new, url, document_type, select, remove, fmt, explain) -> None:
    """Section-level diff of two files (HTML, PDF, markdown or text).

    Pages are extracted as a crawl would, with the watch-list entry's --document, --select
    and --remove. A file that holds no policy exits with status 1 and the reason, as a crawl
    would log it; so does a NEW page that looks like another page served in place of the
    policy (page-replaced, which a crawl holds back until the next fetch sees it again),
    after its diff.

    Each changed section is tagged with topics (JSON `topics`); --explain shows the words
    that matched.

    Example: policywatch compare privacy-2019.html privacy-2020.html --format markdown
    """
    options = ExtractOptions(url=url, select=select, remove=remove, document=document_type)
    old_document = load_document(old, options)
    new_document = load_document(new, options)
    result = compare_documents(old_document, new_document)
    click.echo(
        render_diff(
            result,
            fmt,
            color=fmt == "text" and sys.stdout.isatty(),
            old_label=old,
            new_label=new,
            explain=explain,
        )
    )
    if why := replacement(old_document.markdown, new_document, document_type):
        raise click.ClickException(f"page-replaced: {why}")


COMMANDS = [extract_command, fetch, compare]
