from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "ekspertbistand.assignments"
    verbose_name = _("Oppdrag, rapport og oppfølging")

    def ready(self) -> None:
        from ekspertbistand.assignments import tasks  # noqa: F401  (registers the outbox handlers)
        from ekspertbistand.assignments.timeline import TIMELINE_TEXT
        from ekspertbistand.cases.audit import TIMELINE_TEXT as CASE_TIMELINE

        CASE_TIMELINE.update(TIMELINE_TEXT)
