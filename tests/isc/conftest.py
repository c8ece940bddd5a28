from tests.isc.flow import isc_live  # noqa: F401  (fixture)
