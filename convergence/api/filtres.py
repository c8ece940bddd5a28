"""Filters shared by the lists of the API: date bounds, e.g. `updated_at__gte` for cheap polling."""

import django_filters


def depuis(champ: str) -> django_filters.IsoDateTimeFilter:
    """`<champ>__gte`: from this moment on (ISO 8601), inclusive."""
    return django_filters.IsoDateTimeFilter(field_name=champ, lookup_expr="gte")


def jusqu_a(champ: str) -> django_filters.IsoDateTimeFilter:
    """`<champ>__lte`: up to this moment (ISO 8601), inclusive."""
    return django_filters.IsoDateTimeFilter(field_name=champ, lookup_expr="lte")
