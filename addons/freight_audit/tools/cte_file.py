"""Uploaded CT-e files: one XML, or a ZIP of XMLs (plain Python).

Limits are checked before anything is parsed or unpacked: a file (or a ZIP member)
over :data:`MAX_BYTES` is refused, and a ZIP's declared uncompressed sizes are checked
before reading, and again while reading (a member may lie about its size)."""

import io
import zipfile

MAX_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 500


class CteFileError(Exception):
    """The upload cannot be read; the message is for the user."""


def _mb(size):
    return f"{size / (1024 * 1024):.1f} MB"


def xml_documents(filename, content):
    """``[(name, bytes)]``: the XML documents of an upload (an XML file or a ZIP)."""
    if len(content) > MAX_BYTES:
        raise CteFileError(f"{filename} is {_mb(len(content))}: the limit is {_mb(MAX_BYTES)}.")
    if not zipfile.is_zipfile(io.BytesIO(content)):
        return [(filename, content)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = [info for info in archive.infolist() if not info.is_dir()
                   and info.filename.lower().endswith(".xml")]
    except (zipfile.BadZipFile, OSError):
        raise CteFileError(f"{filename} is not a readable ZIP file.") from None
    if not members:
        raise CteFileError(f"{filename} contains no XML file.")
    if len(members) > MAX_MEMBERS:
        raise CteFileError(f"{filename} has {len(members)} XML files: at most {MAX_MEMBERS} per upload.")
    if sum(info.file_size for info in members) > MAX_BYTES:
        raise CteFileError(f"{filename} unpacks to more than {_mb(MAX_BYTES)}.")
    documents, total = [], 0
    for info in members:
        try:
            with archive.open(info) as member:
                data = member.read(MAX_BYTES + 1 - total)
        except (zipfile.BadZipFile, OSError, RuntimeError):
            raise CteFileError(f"{info.filename} in {filename} cannot be unpacked.") from None
        total += len(data)
        if total > MAX_BYTES:
            raise CteFileError(f"{filename} unpacks to more than {_mb(MAX_BYTES)}.")
        documents.append((info.filename.rsplit("/", 1)[-1], data))
    return documents
