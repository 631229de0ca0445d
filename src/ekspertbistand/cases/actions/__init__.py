"""The only place that changes cases. Each function checks the actor's access first, then
validates, writes the change, its audit event and its follow-up work in one transaction."""
