"""One router per resource, all mounted under ``/api`` by :func:`dealscope.api.create_app`."""
