"""Payment of approved refunds: the ISO 20022 pain.001 export and its JSON shape."""
