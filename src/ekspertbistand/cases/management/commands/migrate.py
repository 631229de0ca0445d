"""``manage.py migrate`` as the owner role when ``DATABASE_OWNER_URL`` is set, then the
service role's grants (``cases.db_roles``, decision 0011). Without it, Django's own migrate."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import migrate
from django.db import connections

from ekspertbistand.cases.db_roles import as_owner, grant_service_role


class Command(migrate.Command):
    help = (migrate.Command.help + " Runs as the owner role (DATABASE_OWNER_URL) when it is set, "
            "and then grants the service role (DATABASE_URL) what it needs.")

    def handle(self, *args: Any, **options: Any) -> None:
        alias = options["database"]
        with as_owner(alias):
            super().handle(*args, **options)
            grant_service_role(connections[alias])
