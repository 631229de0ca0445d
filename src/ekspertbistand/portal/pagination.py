"""A page of a list, with links to the pages before and after that keep the rest of the
query string (so «Mine saker» can page its drafts and its sent cases independently)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


@dataclass(frozen=True)
class PageNav:
    page: Page[Any]
    param: str
    previous_url: str
    next_url: str

    @property
    def several(self) -> bool:
        return self.page.paginator.num_pages > 1


def _url(request: HttpRequest, param: str, number: int) -> str:
    query = request.GET.copy()
    query[param] = str(number)
    return f"?{query.urlencode()}"


def paginate(request: HttpRequest, items: Any, param: str, per_page: int) -> PageNav:
    """The page ``request.GET[param]`` asks for (the last one if past the end, the first if
    not a number), counting the rows with one query."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))
    return PageNav(
        page=page, param=param,
        previous_url=_url(request, param, page.previous_page_number())
        if page.has_previous() else "",
        next_url=_url(request, param, page.next_page_number()) if page.has_next() else "",
    )
