"""Placeholder for the setup checklist (issue 10): the storefront branch replaces this file with
the real inclusion tag. Until then the desk home's {% setup_checklist %} renders nothing."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def setup_checklist(context) -> str:
    return ""
