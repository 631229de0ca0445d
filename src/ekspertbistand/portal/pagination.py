"""Paging a list on a page: which page is asked for, and links to the pages before and
after that keep the rest of the query string (so «Mine saker» can page its drafts and its
sent applications independently). Lists are not counted (decision 0017): a page knows only
whether another follows."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class PageNav:
    number: int
    previous_url: str
    next_url: str

    @property
    def several(self) -> bool:
        return bool(self.previous_url or self.next_url)


def page_number(request: HttpRequest, param: str) -> int:
    """The page ``request.GET[param]`` asks for: 1 unless it is a whole number above 1."""
    value = request.GET.get(param, "")
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else 1


def _url(request: HttpRequest, param: str, number: int) -> str:
    query = request.GET.copy()
    query[param] = str(number)
    return f"?{query.urlencode()}"


def page_nav(request: HttpRequest, param: str, number: int, has_next: bool) -> PageNav:
    return PageNav(number=number,
                   previous_url=_url(request, param, number - 1) if number > 1 else "",
                   next_url=_url(request, param, number + 1) if has_next else "")
