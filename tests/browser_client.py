"""Django's test client, posting forms the way a browser does."""

import urllib.parse

from django.test import Client
from django.test.client import MULTIPART_CONTENT

FORM_CONTENT = "application/x-www-form-urlencoded"


class BrowserClient(Client):
    """Django's test client posting forms as a browser does: url-encoded, or multipart when a
    file is attached. (Django's default is multipart, which the public pages refuse.)"""

    def post(self, path, data=None, content_type=None, **extra):
        if content_type is None:
            has_file = isinstance(data, dict) and any(hasattr(value, "read") for value in data.values())
            content_type = MULTIPART_CONTENT if has_file else FORM_CONTENT
        if content_type == FORM_CONTENT and isinstance(data, dict):
            data = urllib.parse.urlencode(data, doseq=True)
        return super().post(path, data, content_type=content_type, **extra)
