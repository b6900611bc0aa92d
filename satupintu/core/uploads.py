"""Uploaded file names that try to be paths are refused, not silently repaired.

Django's multipart parser keeps only the last part of a name like `../../etc/passwd.pdf`, so
the view would never know a browser (or a script) sent a path. This middleware parses with a
subclass that remembers such names and marks the resulting files `unsafe_name`; the upload
checks (`applications.uploads.check_file`) refuse them, naming the requirement.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParser

_PATH_LIKE = re.compile(r"[/\\\x00-\x1f\x7f]|\.\.")


class _FlaggingParser(MultiPartParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.flagged: set[str] = set()

    def sanitize_file_name(self, file_name: str) -> str | None:
        clean: str | None = super().sanitize_file_name(file_name)
        if clean and _PATH_LIKE.search(html.unescape(file_name or "")):
            self.flagged.add(clean)
        return clean


class UnsafeUploadNameMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        def parse_file_upload(meta: Any, post_data: Any) -> Any:
            parser = _FlaggingParser(meta, post_data, request.upload_handlers, request.encoding)
            post, files = parser.parse()
            for _field, uploaded in files.lists():
                for file in uploaded:
                    if file.name in parser.flagged:
                        file.unsafe_name = True
            return post, files

        request.parse_file_upload = parse_file_upload  # type: ignore[method-assign,assignment]
        return self.get_response(request)
