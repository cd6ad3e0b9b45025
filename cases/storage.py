"""The storage for files that must never be reachable by a URL (case documents)."""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """FileSystemStorage falls back to MEDIA_URL when base_url is None; this one has no URL at
    all, so no template or serializer can link to a private file by accident."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL: serve them through an access-checked view.")
