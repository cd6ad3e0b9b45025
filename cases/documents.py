"""Documents on a case: what may be uploaded, and the only writers of CaseDocument.

A document is accepted by its content (magic bytes), never by its name or the browser's
content type, and its extension must agree with that content: a renamed HTML page, SVG,
program or archive is refused. Files go to the "private" storage (outside the web root, no URL)
under a random name; the download view is the only way back out.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
import uuid
from dataclasses import dataclass

import filetype
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from audit.models import Action as LogAction
from audit.services import access_log_record

from .models import Case, CaseDocument

TEXT_PLAIN = "text/plain"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

# Detected type -> the extensions a file of that type may carry.
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": ("pdf",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    TEXT_PLAIN: ("txt",),
    DOCX: ("docx",),
    ODT: ("odt",),
}

# Enough of the head to recognise every allowed type (a DOCX names its parts in the first entries).
_HEAD_BYTES = 8192
# A "text" file that starts like markup would be HTML or SVG to a browser that sniffs it.
_MARKUP_STARTS = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script", b"<head", b"<body", b"<iframe",
                  b"<!--", b"<meta", b"<a ", b"<img")


class DocumentRejected(Exception):
    """The upload is not a document we accept; `code` says why (the form words the message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str


def private_storage() -> Storage:
    return storages["private"]


def _looks_like_plain_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        # The head may end inside a multi-byte character: decode leniently at the end only.
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            return False
        text = head[:error.start].decode("utf-8")
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(_MARKUP_STARTS) or b"<script" in head.lower() or b"<svg" in head.lower():
        return False
    # Control characters other than tab and newlines mean a binary file, not a letter.
    return not any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f" for ch in text)


def extension_of(name: str) -> str:
    return os.path.splitext(name)[1].lower().lstrip(".")


def check_document(upload: UploadedFile) -> CheckedFile:
    """The detected type of an upload, or DocumentRejected("type") / ("extension")."""
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None:
        content_type = kind.mime
    elif _looks_like_plain_text(head):
        content_type = TEXT_PLAIN
    else:
        raise DocumentRejected("type")
    if content_type not in ALLOWED_TYPES:
        raise DocumentRejected("type")
    extension = extension_of(upload.name or "")
    if extension not in ALLOWED_TYPES[content_type]:
        raise DocumentRejected("extension")
    return CheckedFile(content_type=content_type, extension=extension)


def sanitise_filename(name: str, *, extension: str) -> str:
    """The uploader's file name, safe to show and to offer as the download's name: no path, no
    control or bidirectional-override characters (which can disguise "cod.exe" as "exe.doc"),
    at most 200 characters with the extension kept."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"))
    name = " ".join(name.split()).strip(" .")
    stem = os.path.splitext(name)[0].strip(" .")[:190] or "document"
    return f"{stem}.{extension}"


def _hash_and_size(upload: UploadedFile) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return digest.hexdigest(), size


def _resident_id(case: Case) -> int | None:
    return case.conversation.help_request.resident_id


@transaction.atomic
def document_upload(*, user: User, request: HttpRequest | None, case: Case, upload: UploadedFile,
                    description: str) -> CaseDocument:
    """Store an upload on the case. The caller has checked write access; the content is checked
    here again so no path can store an unchecked file. If writing the row or the log fails, the
    file just written is deleted again, so no orphan stays behind."""
    checked = check_document(upload)
    sha256, size = _hash_and_size(upload)
    storage = private_storage()
    # A random name: the uploader's name never reaches the file system or a path.
    stored_name = storage.save(uuid.uuid4().hex, upload)
    try:
        document = CaseDocument.objects.create(
            case=case, description=description, content_type=checked.content_type, size=size, sha256=sha256,
            original_name=sanitise_filename(upload.name or "", extension=checked.extension),
            stored_name=stored_name, uploaded_by=user)
        access_log_record(user=user, action=LogAction.CREATE, obj=document, resident_id=_resident_id(case),
                          purpose="plan: upload document", request=request,
                          detail={"case": case.pk, "sha256": sha256, "size": size})
    except BaseException:
        storage.delete(stored_name)
        raise
    return document


class AlreadyRemoved(Exception):
    """Someone else removed the document first."""


@transaction.atomic
def document_remove(*, user: User, request: HttpRequest | None, document: CaseDocument) -> CaseDocument:
    """Remove a document: the row stays as a tombstone (who removed what, when), the file is
    deleted from disk once the removal is committed. Two people removing at once: the
    conditional UPDATE lets exactly one win; the other gets AlreadyRemoved."""
    now = timezone.now()
    updated = CaseDocument.objects.filter(pk=document.pk, removed_at__isnull=True).update(
        removed_at=now, removed_by=user)
    if not updated:
        raise AlreadyRemoved
    document.removed_at, document.removed_by = now, user
    access_log_record(user=user, action=LogAction.UPDATE, obj=document,
                      resident_id=_resident_id(document.case), purpose="plan: remove document",
                      request=request, detail={"case": document.case_id, "removed": True})
    stored_name = document.stored_name
    transaction.on_commit(lambda: private_storage().delete(stored_name))
    return document
