"""The work queue of the units one works in (``/nav/``), and «Ta saken»."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ekspertbistand.cases import queue as queues
from ekspertbistand.cases import selectors
from ekspertbistand.cases.actions import handling as handling_actions
from ekspertbistand.cases.permissions import NotAllowed, Role, has_statistics_right
from ekspertbistand.casework.views._common import open_case
from ekspertbistand.domain.case_status import InvalidTransition
from ekspertbistand.portal import page_memo
from ekspertbistand.portal.auth import role_required


@role_required(Role.CASEWORKER)
def work_queue(request: HttpRequest) -> HttpResponse:
    units = selectors.units_of(request.user)  # type: ignore[arg-type]
    chosen = request.GET.get("enhet", "")
    shown = [u for u in units if u.number == chosen] or units
    queue = queues.work_queue(request.user, shown,  # type: ignore[arg-type]
                              status=request.GET.get("status", "open"),
                              sort=request.GET.get("sortering", "received"),
                              text=request.GET.get("sok", "")[:100],
                              page=request.GET.get("side", 1))
    params = {"status": queue.status, "sortering": queue.sort, "sok": queue.search,
              "enhet": chosen if chosen in {u.number for u in units} else ""}
    links = QueueLinks(tuple((k, v) for k, v in params.items() if v), queue)
    return page_memo.render(request, "casework/queue.html", {
        "units": units, "shown_units": shown, "chosen_unit": dict(links.params).get("enhet", ""),
        "queue": queue, "links": links, "count_limit": queues.COUNT_LIMIT,
        "statistics_right": has_statistics_right(request.user),  # type: ignore[arg-type]
    })


@dataclass(frozen=True)
class QueueLinks:
    """The queue page's tabs, sorts and page links, made from the query when shown (a page
    answered from ``portal.page_memo`` never makes them)."""

    params: tuple[tuple[str, str], ...]
    queue: queues.Queue

    def link(self, **changes: Any) -> str:
        return "?" + urlencode({**dict(self.params), **changes})

    @property
    def filters(self) -> list[tuple[str, Any, int, bool, str]]:
        return [(key, label, self.queue.counts.get(key, 0), key in self.queue.over_limit,
                 self.link(status=key, side=1)) for key, label in queues.FILTER_LABELS.items()]

    @property
    def sorts(self) -> list[tuple[str, Any]]:
        return list(queues.SORT_LABELS.items())

    @property
    def first(self) -> str:
        return self.link(side=1)

    @property
    def previous(self) -> str:
        return self.link(side=self.queue.page.number - 1) if self.queue.page.has_previous else ""

    @property
    def next(self) -> str:
        return self.link(side=self.queue.page.number + 1) if self.queue.page.has_next else ""


@role_required(Role.CASEWORKER)
@require_POST
def take(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = open_case(request, public_id, purpose="take")
    try:
        handling_actions.take_case(request.user, case)  # type: ignore[arg-type]
        messages.success(request, _("Du har tatt sak %(reference)s.")
                         % {"reference": case.reference})
    except (NotAllowed, InvalidTransition) as error:
        messages.error(request, str(error))
    return redirect("casework:case_detail", public_id=case.public_id)
