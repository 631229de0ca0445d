from django import template

from ekspertbistand.domain.money import format_kr

register = template.Library()


@register.filter
def kr(amount: int | None) -> str:
    return "–" if amount is None else format_kr(amount)
