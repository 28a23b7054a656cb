"""`policywatch extract` and `compare`: pure commands, no database."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from crawler.body_text import NoPolicyText, explained_policy_document, policy_document
from crawler.cli.options import diff_format_option, explain_topics_option
from crawler.decoding import decode_body, looks_like_pdf
from crawler.extract import Explanation
from crawler.replacement import replacement
from crawler.watchlist import check_document
from diffing.compare import compare_documents
from diffing.document import PolicyDocument, document_from_text
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


def load_document(name: str, **options) -> PolicyDocument:
    """A PDF or HTML file is extracted as a crawl would (`options`: url, select, remove,
    document); a markdown or plain-text file is read as the policy."""
    body = read_input(name)
    if not looks_like_pdf(body, None):
        text = decode_body(body, None)
        if not looks_like_markup(text):
            return document_from_text(text)
    try:
        return policy_document(body, None, **options)
    except NoPolicyText as error:
        raise click.ClickException(f"{name}: {error.outcome}: {error.reason}") from None


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


def extraction_options(command):
    """--url, --document, --select and --remove: what a watch-list entry tells extraction."""
    for option in reversed(
        [
            click.option("--url", help="The page's URL, to absolutise its links."),
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


def checked_document(ctx, param, value: str | None) -> str | None:
    if value is not None and (problem := check_document(value)):
        raise click.BadParameter(problem, param_hint="--document")
    return value


@click.command()
@click.argument("file")
@extraction_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "text", "json"]),
    default="markdown",
    show_default=True,
)
@click.option(
    "--explain",
    is_flag=True,
    help="Also say which blocks were kept and which were dropped and why (on standard error; "
    'under "explanation" with --format json), to write a --select or --remove.',
)
def extract(file, url, document_type, select, remove, fmt, explain) -> None:
    """Extract the policy text from an HTML or PDF file (or - for standard input).

    A PDF is recognised by its first bytes. A file that holds no policy (an unreadable PDF,
    a login page, a "page not found", an empty page) exits with status 1 and the reason on
    standard error, as a crawl would log it (not-a-policy, unreadable-pdf, ...); with
    --format json what was found is still printed, the reason last among its warnings.

    --select and --remove take the CSS selectors a watch-list entry's `select` and `remove`
    would; --explain shows what the generic extraction dropped, to write them.

    Example: curl -s https://example.com/legal | policywatch extract - --document privacy-policy
    """
    body = read_input(file)
    options = {"select": list(select), "remove": list(remove), "document": document_type}
    try:
        document, explanation = explained_policy_document(body, None, url=url, **options)
    except NoPolicyText as error:
        explanation = reported(error.explanation, fmt) if explain else None
        if fmt == "json" and error.document is not None:
            found = error.document
            warnings = [*found.warnings, f"{error.outcome}: {error.reason}"]
            data = {**document_json(found, explanation), "warnings": warnings}
            click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        raise click.ClickException(f"{error.outcome}: {error.reason}") from None
    explanation = reported(explanation, fmt) if explain else None
    if fmt == "json":
        data = document_json(document, explanation)
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    elif fmt == "text":
        click.echo(plain_text(document))
    else:
        click.echo(document.markdown)


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
    options = {"url": url, "select": list(select), "remove": list(remove)}
    old_document = load_document(old, document=document_type, **options)
    new_document = load_document(new, document=document_type, **options)
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


COMMANDS = [extract, compare]
