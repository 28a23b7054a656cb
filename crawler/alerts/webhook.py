"""The `webhook` reporter: one JSON POST per change, for chat tools and automation.

The body has a top-level `text` (what Slack- and Mattermost-style incoming webhooks show, with
`& < >` escaped as they require) and a `change` object with the details as they are. Only a
2xx answer to the POST counts as sent; redirects are not followed. Settings: url, or url_env /
url_file when the URL is a secret (chat webhook URLs are); timeout (seconds, default 10).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

from crawler.alerts.config import secret
from crawler.alerts.model import Alert
from crawler.alerts.notices import Notice
from crawler.alerts.registry import Reporter, reporter


def chat_escape(text: str) -> str:
    """Slack and Mattermost read `<!channel>`, `<url|label>` and `&` as markup: escape them, as
    both require, so words from a page can never ping a channel or hide a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Refuse every redirect: urllib would follow it as a body-less GET, and the alert would
    count as sent though no webhook ever received it. The 3xx then fails the delivery."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def payload(alert: Alert) -> dict[str, Any]:
    return {
        "text": chat_escape(
            f"{alert.policy} ({alert.organisation}): {alert.kind_label}, "
            f"{alert.changed_between}. {alert.section_summary()}. {alert.url}"
        ),
        "change": {
            "id": alert.entry_id,
            "policy": alert.policy,
            "organisation": alert.organisation,
            "tags": list(alert.tags),
            "kind": alert.kind,
            "flags": list(alert.flags),
            "changed_at": alert.changed_at,
            "window": {"from": alert.window_from, "to": alert.changed_at},
            "detected_at": alert.detected_at,
            "url": alert.url,
            "wayback": alert.wayback_link,
            "sections": [{"status": s.status, "title": s.title} for s in alert.sections],
            "diff_text": alert.text_diff(),
            "diff": alert.diff.to_dict(),
        },
    }


def notice_payload(notice: Notice) -> dict[str, Any]:
    advice = f" ({notice.advice})" if notice.advice else ""
    return {
        "text": chat_escape(f"policywatch: {notice.text}{advice}. {notice.url}"),
        "notice": notice.to_dict(),
    }


@reporter("webhook")
class WebhookReporter(Reporter):
    OPTIONS = frozenset({"url", "url_env", "url_file", "timeout"})

    def describe(self) -> str:
        # The URL may embed a token: name only where it comes from.
        source = "url_env" if "url_env" in self.settings else "url_file"
        where = self.settings.get("url") or f"the URL in {source} {self.settings.get(source)}"
        return f"JSON POST to {where}"

    def url(self) -> str:
        return self.settings.get("url") or secret(self.settings, "url")

    def check(self) -> None:
        self.url()

    def deliver(self, alerts: list[Alert]) -> Iterator[dict[int, str | None]]:
        url = self.url()
        for alert in alerts:
            yield {alert.to_version_id: self.post(url, payload(alert))}

    def deliver_notices(self, notices: list[Notice]) -> Iterator[dict[int, str | None]]:
        url = self.url()
        for notice in notices:
            yield {notice.notice_id: self.post(url, notice_payload(notice))}

    def post(self, url: str, body: dict[str, Any]) -> str | None:
        request = urllib.request.Request(
            url,
            data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json", "User-Agent": "policywatch"},
            method="POST",
        )
        try:
            with OPENER.open(request, timeout=float(self.settings.get("timeout", 10))):
                return None  # the opener raises for every status >= 300
        except urllib.error.HTTPError as error:
            return f"webhook answered HTTP {error.code}"
        except urllib.error.URLError as error:
            # Never echo the URL: it may carry a token. The reason is enough to act on.
            return f"webhook unreachable: {error.reason}"
        except (OSError, ValueError) as error:
            return f"webhook failed: {type(error).__name__}"
