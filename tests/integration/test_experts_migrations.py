"""Migrations cases.0050/0051 and experts.0001 are reversible and lose nothing: every existing
expert gets a provider made from its company and orgnr, and going back keeps them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ekspertbistand.cases.db_roles import as_owner, grant_service_role

BEFORE = [("cases", "0005_work_queue_index"), ("experts", None)]
AFTER = [("cases", "0051_expert_providers"), ("experts", "0001_initial")]


def migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_experts_get_their_provider_and_going_back_keeps_them() -> None:
    with as_owner():  # migrations change tables: the owner's work, not the service's
        _there_and_back()


def _there_and_back() -> None:
    latest = [key for key in MigrationExecutor(connection).loader.graph.leaf_nodes()]
    try:
        old = migrate(BEFORE).loader.project_state(BEFORE[:1]).apps
        Expert = old.get_model("cases", "Expert")
        Expert.objects.create(name="Eva Solberg", company="Arbeidshelse Sør AS", orgnr="910825445",
                              competence_areas=["coaching"], education="Psykolog")
        Expert.objects.create(name="Marte Bakken", company="Arbeidshelse Sør AS", orgnr="910825445",
                              competence_areas=[], education="Karriereveileder")

        new = migrate(AFTER).loader.project_state(AFTER).apps
        experts = list(new.get_model("cases", "Expert").objects.select_related("provider"))
        assert {e.provider.name for e in experts} == {"Arbeidshelse Sør AS"}
        assert new.get_model("experts", "Provider").objects.count() == 1

        back = migrate(BEFORE).loader.project_state(BEFORE[:1]).apps
        assert sorted(back.get_model("cases", "Expert").objects.values_list("name", "orgnr")) == [
            ("Eva Solberg", "910825445"), ("Marte Bakken", "910825445")]
    finally:
        migrate(latest)
        if connection.vendor == "postgresql":
            grant_service_role(connection)  # the re-created tables, as manage.py migrate does
