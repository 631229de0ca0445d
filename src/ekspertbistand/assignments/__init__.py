"""The expert's assignment on a granted case: the invitation, the workspace (phases and the
expert's own notes), the report and the follow-up (DOMAIN §3.8, §4, §7)."""
