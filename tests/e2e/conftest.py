"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser serves the whole session, each test gets fresh browser contexts (cookies and
storage of their own), so one person's login never leaks into another's.

Playwright's synchronous API keeps an asyncio loop running in the thread that started it,
and Django refuses ORM calls in such a thread (SynchronousOnlyOperation). The browser
therefore lives in a thread of its own, and tests hand it whole scenarios with
``browser.run(scenario)``. The test's own thread never has a running loop, so test data is
made there before the scenario, and pytest-django can flush the database afterwards.

Set ``EB_SCREENSHOTS=1`` to save a full-page screenshot of every checked page in
``var/screenshots/`` for a person to look at; the tests never compare them.
"""

from __future__ import annotations

import functools
import os
import queue
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.utils import timezone

import factories
from ekspertbistand.cases.actions import application as app
from ekspertbistand.cases.models import Case, EmployerAccess, Organisation, UnitMembership, User
from ekspertbistand.integrations.folkeregister import DEMO_PEOPLE
from ekspertbistand.reference.models import NavUnit
from ekspertbistand.reference.selectors import worklife_centre_for
from factories import FJORDLYS, NORDLYS

PROJECT_DIR = Path(__file__).resolve().parents[2]
AXE_JS = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = PROJECT_DIR / "var" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-gpu"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Long enough for a PDF rendered by WeasyPrint on a busy two-core machine, short enough
# that a missing element fails the test instead of hanging it.
ACTION_TIMEOUT_MS = 15_000
SCENARIO_TIMEOUT_S = 240

T = TypeVar("T")


@functools.cache
def axe_source() -> str:
    """axe-core from npm, read once: the same script is injected into every page checked."""
    return AXE_JS.read_text(encoding="utf-8")


# --- The browser thread ---------------------------------------------------------------------

class BrowserThread:
    """Runs callables with the session's Chromium, in the one thread Playwright lives in."""

    def __init__(self) -> None:
        self._jobs: queue.Queue[tuple[Callable[[Any], Any], queue.Queue[Any]] | None] = queue.Queue()
        self._started: queue.Queue[BaseException | None] = queue.Queue()
        self._thread = threading.Thread(target=self._serve, name="playwright", daemon=True)

    def start(self) -> None:
        self._thread.start()
        problem = self._started.get(timeout=60)
        if problem is not None:
            raise problem

    def _serve(self) -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                self._started.put(None)
                while (job := self._jobs.get()) is not None:
                    function, reply = job
                    try:
                        reply.put((True, function(browser)))
                    except BaseException as error:  # noqa: BLE001 (handed to the test's thread)
                        reply.put((False, error))
                browser.close()
        except BaseException as error:  # noqa: BLE001
            self._started.put(error)

    def run(self, function: Callable[[Any], T]) -> T:
        reply: queue.Queue[tuple[bool, Any]] = queue.Queue()
        self._jobs.put((function, reply))
        try:
            ok, value = reply.get(timeout=SCENARIO_TIMEOUT_S)
        except queue.Empty:
            raise TimeoutError(f"The browser scenario did not finish in {SCENARIO_TIMEOUT_S} s.") from None
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def stop(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=30)


@pytest.fixture(scope="session")
def browser_thread() -> Iterator[BrowserThread]:
    thread = BrowserThread()
    thread.start()
    yield thread
    thread.stop()


@dataclass(repr=False)
class Browsing:
    """What a scenario gets: new pages in fresh contexts, and the checks every page needs."""

    browser: Any
    base_url: str
    contexts: list[Any] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def new_page(self, viewport: dict[str, int] | None = None) -> Any:
        """A page in a new context: a new person at a new computer (a desktop screen unless
        ``viewport`` says otherwise). Whatever the page's Content-Security-Policy refuses is
        collected and fails the next ``check``."""
        context = self.browser.new_context(base_url=self.base_url, locale="nb-NO",
                                           timezone_id="Europe/Oslo",
                                           viewport=viewport or {"width": 1280, "height": 900})
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: self.csp_violations.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text else None)
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()

    @staticmethod
    def log_in(page: Any, person: str, role: str) -> None:
        """Use the test login: pick the person and the role (e.g. «Arbeidsgiver»)."""
        if "/logg-inn/" not in page.url:
            page.goto("/logg-inn/")
        page.get_by_role("button", name=f"Logg inn som {role} – {person}", exact=True).click()
        page.wait_for_load_state()

    @staticmethod
    def assert_accessible(page: Any, name: str) -> None:
        """No WCAG 2.1 A/AA violations found by axe-core on the page as it is now."""
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated by the browser's automation, not added as an inline <script>: the
            # page's Content-Security-Policy (no inline script) stays in force in every test.
            page.evaluate(axe_source())
        # Only violations are collected and sent back: passes and inapplicable rules make up
        # most of axe's work and of the result, and nothing here looks at them.
        violations = page.evaluate(
            """async (tags) => (await axe.run(document, {
                runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})).violations""",
            WCAG_TAGS)
        report = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']}\n"
            + "\n".join(f"    {node['target']}: {node['failureSummary']}" for node in v["nodes"])
            for v in violations)
        assert violations == [], f"axe fant brudd på siden «{name}» ({page.url}):\n{report}"

    @staticmethod
    def snapshot(page: Any, name: str) -> None:
        """A full-page screenshot for a person to look at, when EB_SCREENSHOTS is set."""
        if os.environ.get("EB_SCREENSHOTS"):
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)

    def check(self, page: Any, name: str) -> None:
        """Every page a test visits: axe finds nothing, the Content-Security-Policy refused
        nothing (and a screenshot if asked for)."""
        self.assert_accessible(page, name)
        assert self.csp_violations == [], "\n".join(self.csp_violations)
        self.snapshot(page, name)

    @staticmethod
    def text(locator: Any) -> str:
        """Visible text, whitespace collapsed, non-breaking spaces (in amounts) as spaces."""
        return re.sub(r"\s+", " ", locator.inner_text().replace("\u00a0", " ")).strip()


class BrowserSession:
    def __init__(self, thread: BrowserThread, base_url: str) -> None:
        self._thread = thread
        self._base_url = base_url
        self._browsing: Browsing | None = None

    def run(self, scenario: Callable[[Browsing], T]) -> T:
        """Run ``scenario`` in the browser thread. Pages it opens stay open for the next
        scenario of the same test, so a test can check the database between two steps."""

        def job(browser: Any) -> T:
            if self._browsing is None:
                self._browsing = Browsing(browser, self._base_url)
            return scenario(self._browsing)

        return self._thread.run(job)

    def close(self) -> None:
        if self._browsing is not None:
            self._thread.run(lambda _browser: self._browsing.close())  # type: ignore[union-attr]


@pytest.fixture
def browser(browser_thread: BrowserThread, live_server: Any) -> Iterator[BrowserSession]:
    session = BrowserSession(browser_thread, live_server.url)
    yield session
    session.close()


# --- Test data, made through the same actions the service uses -------------------------------

@dataclass
class People:
    """Demo people from the fake registers, each with the roles a test needs."""

    hanne: User     # employer for Fjordlys Sykehjem AS
    geir: User      # employer for Nordlys Transport AS only
    kari: User      # employee, DEMO_PEOPLE[0]
    per: User       # employee, DEMO_PEOPLE[3]
    aud: User       # caseworker, NAV Arbeidslivssenter Agder (routed unit for Fjordlys)
    nils: User      # caseworker, NAV Arbeidslivssenter Nordland
    fjordlys: Organisation
    nordlys: Organisation

    def filled_draft(self, person_index: int, upto: str | None = None) -> Case:
        """Hanne's draft for Fjordlys with valid answers for the demo person, saved step by
        step up to ``upto`` (all steps if None)."""
        return factories.filled_draft(self.hanne, timezone.localdate(), person_index, upto=upto)

    def submitted_case(self) -> Case:
        """Hanne's application for Kari, agreed to and sent to NAV."""
        return factories.submitted_case(self.hanne, self.kari, timezone.localdate())


def _employer(username: str, first: str, last: str, organisation: Organisation) -> User:
    user = User.objects.create(username=username, first_name=first, last_name=last)
    EmployerAccess.objects.create(user=user, organisation=organisation)
    return user


def _employee(index: int) -> User:
    person = DEMO_PEOPLE[index]
    first, _, last = person.name.partition(" ")
    return User.objects.create(username=person.name.lower().replace(" ", "."), first_name=first,
                               last_name=last, national_id=person.national_id)


def _caseworker(username: str, first: str, unit: NavUnit) -> User:
    user = User.objects.create(username=username, first_name=first, last_name="Saksbehandler",
                               nav_ident=f"Z99{len(username):04d}")
    UnitMembership.objects.create(user=user, unit=unit, role=UnitMembership.Role.CASEWORKER)
    return user


@pytest.fixture
def people(transactional_db: None, django_db_serialized_rollback: None) -> People:
    today = timezone.localdate()
    fjordlys = app.organisation_from_register(FJORDLYS)
    nordlys = app.organisation_from_register(NORDLYS)
    assert fjordlys.municipality is not None and nordlys.municipality is not None
    return People(
        hanne=_employer("hanne.lunde", "Hanne", "Lunde", fjordlys),
        geir=_employer("geir.moen", "Geir", "Moen", nordlys),
        kari=_employee(0),
        per=_employee(3),
        aud=_caseworker("nav.agder", "Aud",
                        worklife_centre_for(fjordlys.municipality.number, today)),
        nils=_caseworker("nav.nordland", "Nils",
                         worklife_centre_for(nordlys.municipality.number, today)),
        fjordlys=fjordlys, nordlys=nordlys,
    )
