"""The pages work under their Content-Security-Policy in a real browser (issue 11.9): nothing
is refused on the pages a user walks through, and the API docs page runs Swagger UI under
its own policy."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_pages_and_the_api_docs_work_under_the_policy(browser: Any, people: Any) -> None:
    draft = people.filled_draft(0)

    def scenario(b: Any) -> None:
        page = b.new_page()
        response = page.goto("/")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        b.check(page, "csp-forside")
        b.log_in(page, "Hanne Lunde", "Arbeidsgiver")
        b.check(page, "csp-mine-saker")
        page.goto(f"/soknad/{draft.public_id}/kostnader/")
        b.check(page, "csp-kostnader")
        page.goto(f"/soknad/{draft.public_id}/oppsummering/")
        b.check(page, "csp-oppsummering")

        docs = b.new_page()
        docs.goto("/api/v1/docs")
        docs.get_by_text("Ekspertbistand API").first.wait_for()
        docs.locator(".opblock").first.wait_for()  # the operations, drawn from openapi.json
        assert b.csp_violations == [], "\\n".join(b.csp_violations)

    browser.run(scenario)
