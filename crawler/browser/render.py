"""Render one page in the browser outside a crawl (`policywatch extract URL --browser`), the
way a crawl's browser fetch does: same Chromium flags, User-Agent, refused resources, settling
and actions."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from crawler.browser.chromium import launch_options
from crawler.browser.page import page_steps, prepare_page, should_abort


@dataclass(frozen=True)
class RenderedPage:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes  # the rendered document, UTF-8


def render(
    url: str,
    actions: list[dict[str, str]],
    *,
    executable: str,
    user_agent: str,
    timeout: float,
) -> RenderedPage:
    """Load `url` in a headless Chromium, run `actions`, return the rendered document."""
    return asyncio.run(_render(url, actions, executable, user_agent, timeout))


async def _render(
    url: str, actions: list[dict[str, str]], executable: str, user_agent: str, timeout: float
) -> RenderedPage:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_options(executable, timeout))
        try:
            context = await browser.new_context(user_agent=user_agent, service_workers="block")
            page = await context.new_page()
            await page.route("**", _refuse_heavy)
            prepare_page(page, timeout)
            response = await page.goto(url)
            for step in page_steps(actions):
                await step(page)
            html = await page.content()
            return RenderedPage(
                url=page.url,
                status=response.status if response else 200,
                # The DOM serialised: UTF-8 whatever the server's charset was.
                content_type="text/html; charset=utf-8",
                body=html.encode("utf-8"),
            )
        finally:
            await browser.close()


async def _refuse_heavy(route, request) -> None:
    if await should_abort(request):
        await route.abort()
    else:
        await route.continue_()


class BrowserUnavailable(Exception):
    """No page can be rendered here; the message says why and how to fix it."""


def render_with_settings(url: str, actions: list[dict[str, str]]) -> RenderedPage:
    """`render` with the crawl's settings (POLICYWATCH_CHROMIUM and _BROWSER_TIMEOUT from the
    environment, our User-Agent); BrowserUnavailable when no browser can run."""
    from crawler.browser.chromium import browser_problem, find_chromium
    from crawler.config import crawl_settings, db_path

    settings = crawl_settings(db_path(None))
    chromium = settings.get("POLICYWATCH_CHROMIUM")
    if problem := browser_problem(chromium):
        raise BrowserUnavailable(problem)
    return render(
        url,
        actions,
        executable=find_chromium(chromium),
        user_agent=settings.get("USER_AGENT"),
        timeout=settings.getfloat("POLICYWATCH_BROWSER_TIMEOUT"),
    )
