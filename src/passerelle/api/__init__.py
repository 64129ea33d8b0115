"""The HTTP API: an app factory, one router per resource, errors as problem+json."""
