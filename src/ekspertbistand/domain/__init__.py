"""Pure rules of the grant, as plain functions over plain data. No Django here.

Every rule that can change over time takes the date it is judged at (``as_of``/``on``).
References like ``DOMAIN §3.6`` point into ../shared/DOMAIN.md and the sources it cites.
"""
