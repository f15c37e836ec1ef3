"""S3-compatible object storage for invoice PDFs (AWS S3 or MinIO), plain Python.

Credentials are passed on every call (the Odoo layer reads them from Settings); each
call builds its own boto3 session, which keeps calls thread-safe in Odoo's workers.
Every failure becomes a :class:`StorageError` whose text names the bucket, key and
endpoint but never the credentials (scrubbed by the suite's shared ``http.scrub``).
boto3 keeps its own transport (request signing): timeouts and its retries are set
explicitly in :func:`_client`.
"""

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError

from odoo.addons.ops_base.tools.http import scrub

DEFAULT_REGION = "us-east-1"  # what S3 and MinIO assume when none is configured
_DENIED = {
    "AccessDenied",
    "AllAccessDisabled",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "InvalidToken",
    "ExpiredToken",
    "AccountProblem",
}
_NOT_FOUND = {"NoSuchBucket", "NoSuchKey", "NotFound", "404"}


class StorageError(Exception):
    """A storage call failed. ``code``: "unreachable" (network, timeout), "denied"
    (credentials or permissions), "not_found" (bucket or key), "error" (anything else);
    ``status`` is the HTTP status when the server answered."""

    def __init__(self, code, message, status=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def _client(endpoint_url, region, access_key, secret_key, timeout):
    if not access_key or not secret_key:
        raise StorageError("denied", "S3 credentials are not configured.")
    config = Config(
        connect_timeout=timeout,
        read_timeout=timeout,
        # two attempts in all (botocore's "max_attempts" would mean two *retries*); the
        # caller's job queue does the patient retrying
        retries={"total_max_attempts": 2, "mode": "standard"},
        # path style works with MinIO and with bucket names containing dots
        s3={"addressing_style": "path"},
        # Recent botocore adds CRC checksums by default, which several S3-compatible
        # servers (older MinIO among them) reject; send them only where S3 requires.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    session = boto3.session.Session()
    try:
        return session.client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or DEFAULT_REGION,
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            config=config,
        )
    except ValueError as exc:  # botocore: "Invalid endpoint: ..."
        raise StorageError("error", f"Invalid storage endpoint URL or region: {endpoint_url} {region}") from exc


def _translate(exc, where, secrets):
    """Turn a botocore exception into a StorageError without leaking credentials."""
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code") or "")
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        detail = error.get("Message") or code or f"HTTP {status}"
        if code in _DENIED or status == 403:
            kind = "denied"
        elif code in _NOT_FOUND or status == 404:
            kind = "not_found"
        else:
            kind = "error"
        message = f"Storage refused to {where}: {code or status} ({detail})"
        return StorageError(kind, scrub(message, secrets), status)
    if isinstance(exc, (BotoConnectionError, HTTPClientError)):
        return StorageError("unreachable", scrub(f"Storage unreachable, could not {where}: {exc}", secrets))
    return StorageError("error", scrub(f"Storage error, could not {where}: {exc}", secrets))


def _settings(endpoint_url, region, access_key, secret_key, timeout):
    return {
        "endpoint_url": endpoint_url,
        "region": region,
        "access_key": access_key,
        "secret_key": secret_key,
        "timeout": timeout,
    }


def _call(action, bucket, key, settings, operation):
    """Run ``operation(client)`` with a fresh client; translate failures."""
    if not bucket or not key:
        raise ValueError("bucket and key are required")
    client = _client(**settings)
    try:
        return operation(client)
    except (BotoCoreError, ClientError) as exc:
        endpoint_url = settings["endpoint_url"]
        where = f"{action} s3://{bucket}/{key}" + (f" at {endpoint_url}" if endpoint_url else "")
        # botocore's own messages carry the URL and S3's error, never the credentials
        raise _translate(exc, where, (settings["secret_key"], settings["access_key"])) from exc


def put_object(
    bucket, key, data, *, endpoint_url=None, region=None, access_key, secret_key, timeout=30,
    content_type="application/pdf",
):
    """Store ``data`` (bytes) at ``bucket``/``key``; return ``{"etag": ..., "key": ...}``.

    S3 writes are atomic: on any failure no object (or the previous one) is visible, so
    the caller can leave its record unchanged. Raises :class:`StorageError`.
    """

    def operation(client):
        reply = client.put_object(Bucket=bucket, Key=key, Body=bytes(data), ContentType=content_type)
        return {"etag": str(reply.get("ETag") or "").strip('"'), "key": key}

    settings = _settings(endpoint_url, region, access_key, secret_key, timeout)
    return _call("store", bucket, key, settings, operation)


def get_object(bucket, key, *, endpoint_url=None, region=None, access_key, secret_key, timeout=30):
    """Return the content (bytes) of ``bucket``/``key``. Raises :class:`StorageError`
    ("not_found" when the bucket or key does not exist)."""

    def operation(client):
        reply = client.get_object(Bucket=bucket, Key=key)
        with reply["Body"] as body:  # reading is inside the try: a stalled body is "unreachable"
            return body.read()

    settings = _settings(endpoint_url, region, access_key, secret_key, timeout)
    return _call("read", bucket, key, settings, operation)


def delete_object(bucket, key, *, endpoint_url=None, region=None, access_key, secret_key, timeout=30):
    """Delete ``bucket``/``key``. S3 answers success for a missing key, so deleting
    twice is harmless. Returns None; raises :class:`StorageError`."""

    def operation(client):
        client.delete_object(Bucket=bucket, Key=key)

    settings = _settings(endpoint_url, region, access_key, secret_key, timeout)
    return _call("delete", bucket, key, settings, operation)


def check_bucket(bucket, *, endpoint_url=None, region=None, access_key, secret_key, timeout=10):
    """Check that ``bucket`` exists and the credentials may use it (S3 ``HeadBucket``).

    Returns None; raises :class:`StorageError` ("unreachable", "denied", "not_found"...).
    Used by the Settings "Test connection" button; writes nothing.
    """

    def operation(client):
        client.head_bucket(Bucket=bucket)

    settings = _settings(endpoint_url, region, access_key, secret_key, timeout)
    # HeadBucket has no key; "/" only names the bucket in error texts
    return _call("reach", bucket, "/", settings, operation)
