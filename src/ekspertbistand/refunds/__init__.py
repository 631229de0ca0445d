"""The refund (refusjon) of a grant: the employer's claim, NAV's check and approval, the
payment export, expiry and reminders (DOMAIN §3.7, §8)."""
