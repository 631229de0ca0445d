"""NAV's workspace, one module per topic (inbox, and later queues, assessment, decisions)."""
