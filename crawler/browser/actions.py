"""A policy's `browser_actions`: what to do in the page once it has loaded, checked when the
watch list is read (without loading the browser's machinery)."""

from __future__ import annotations

from typing import Any

# click: CSS of an element to click (an "expand all" button, an accordion's heading);
# wait_for: CSS of an element to wait for (the text a script is still loading).
ACTION_KINDS = ("click", "wait_for")


def check_actions(value: Any) -> str | None:
    """Why `value` cannot be a policy's `browser_actions`, or None."""
    if not isinstance(value, list):
        return "expected a list such as [{click: 'button.expand-all'}, {wait_for: 'main h2'}]"
    for action in value:
        if not isinstance(action, dict) or len(action) != 1:
            kinds = ", ".join(ACTION_KINDS)
            return f"each action is one of {kinds} with a CSS selector, got {action!r}"
        ((kind, selector),) = action.items()
        if kind not in ACTION_KINDS:
            return f"unknown action {kind!r} (known: {', '.join(ACTION_KINDS)})"
        if not isinstance(selector, str) or not selector.strip():
            return f"{kind}: expected a CSS selector, got {selector!r}"
    return None
