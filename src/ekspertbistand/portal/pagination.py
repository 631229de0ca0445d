"""Paging a list on a page: which page is asked for, and links to the pages before and
after that keep the rest of the query string (so «Mine saker» can page its drafts and its
sent applications independently). Lists are not counted (decision 0017): a page knows only
whether another follows."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, QueryDict


@dataclass(frozen=True)
class PageNav:
    """Where a list's page is, and the links to the pages before and after. The links are
    made from the query string when shown, not when the page is asked for (a page answered
    from ``portal.page_memo`` never makes them)."""

    param: str
    number: int
    has_next: bool
    query: str  # the request's query string, as it came

    @property
    def several(self) -> bool:
        return self.number > 1 or self.has_next

    @property
    def previous_url(self) -> str:
        return self._url(self.number - 1) if self.number > 1 else ""

    @property
    def next_url(self) -> str:
        return self._url(self.number + 1) if self.has_next else ""

    def _url(self, number: int) -> str:
        query = QueryDict(self.query, mutable=True)
        query[self.param] = str(number)
        return f"?{query.urlencode()}"


def page_number(request: HttpRequest, param: str) -> int:
    """The page ``request.GET[param]`` asks for: 1 unless it is a whole number above 1."""
    value = request.GET.get(param, "")
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else 1


def page_nav(request: HttpRequest, param: str, number: int, has_next: bool) -> PageNav:
    return PageNav(param, number, has_next, request.META.get("QUERY_STRING", ""))
