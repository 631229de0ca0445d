"""Talking to NAV inside the service: the pre-application talk (samtale med NAV før søknaden)
and the message threads on a case (employer ↔ handling unit, employee ↔ NAV)."""
