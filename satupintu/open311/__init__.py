"""Open311 GeoReport v2 at /open311/v2/: partner apps read complaint categories, file
complaints with an API key and follow them (no models of its own; see complaints.models)."""
