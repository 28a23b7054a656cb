"""Subscriptions: a reporter can ask only for changes that touch certain words or sections.

`keywords` match whole words, case-insensitively, anywhere in a changed section (old or new
wording): "sell" matches "Sell" but not "seller"; a trailing `*` matches a prefix ("sell*"
matches "selling"). `sections` match changed section headings by case-insensitive substring
("share" matches "How we share data"). `tags` match the policy's watch-list tags. `topics`
match what a changed section is about (`diffing.topics`: sharing, ai-training, ...). A change
passes when any listed condition matches; a reporter with no subscription gets everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.alerts.model import Alert


def keyword_pattern(keyword: str) -> re.Pattern[str]:
    word = re.escape(keyword.rstrip("*"))
    ending = r"\w*" if keyword.endswith("*") else r"(?!\w)"
    return re.compile(r"(?<!\w)" + word + ending, re.IGNORECASE)


@dataclass(frozen=True)
class Subscription:
    keywords: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()

    @property
    def everything(self) -> bool:
        return not (self.keywords or self.sections or self.tags or self.topics)

    def matches(self, alert: Alert) -> bool:
        if self.everything:
            return True
        if any(tag in alert.tags for tag in self.tags):
            return True
        if self.topics and set(self.topics) & set(alert.topics):
            return True
        sections = alert.sections
        headings = [s.title.casefold() for s in sections]
        if any(wanted.casefold() in h for wanted in self.sections for h in headings):
            return True
        patterns = [keyword_pattern(k) for k in self.keywords]
        return any(p.search(s.title) or p.search(s.text) for p in patterns for s in sections)

    def describe(self) -> str:
        parts = [
            f"{name} {', '.join(values)}"
            for name, values in (
                ("keywords", self.keywords),
                ("sections", self.sections),
                ("tags", self.tags),
                ("topics", self.topics),
            )
            if values
        ]
        return "; ".join(parts) or "all changes"
