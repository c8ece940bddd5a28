"""End-to-end fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Every page a test visits should be checked with `assert_accessible(page)` (axe-core, WCAG 2.1 AA).
"""

import os

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import chromium_path

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop; Django must allow sync ORM calls from the test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(15000)
    pg = context.new_page()
    yield pg
    context.close()


def login_as(page, live_server, user):
    """Put an authenticated session for `user` in the browser (for tests not about login)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def assert_accessible(page, *, ignore: tuple[str, ...] = ()):
    """Run axe-core on the current page; fail on any WCAG 2.1 A/AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    violations = [v for v in results.response["violations"] if v["id"] not in ignore]
    details = "\n".join(f"{v['id']}: {v['help']} ({len(v['nodes'])}) {v['nodes'][0]['target']}" for v in violations)
    assert not violations, f"axe violations on {page.url}:\n{details}"
