"""Test helpers for invoice files: real PDFs and a real S3-compatible server (moto)."""

import io
import socket

import boto3
from moto.server import ThreadedMotoServer
from PyPDF2 import PdfWriter

from .common import RpaCase

BUCKET = "rpa-invoices"
ACCESS_KEY = "AKIATESTRPAFILES"
SECRET_KEY = "rpa-secret-key-never-logged"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def make_pdf(pages=1, title="Fatura"):
    """A small, valid PDF (PyPDF2 blank pages)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def closed_port():
    """A local TCP port nobody listens on (connections are refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_moto():
    """Start moto's standalone S3 server on 127.0.0.1; return (server, endpoint URL)."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


def stop_moto(server):
    server.stop()
    server._server.server_close()  # stop() leaves the socket listening: close it for real


class RpaFileCase(RpaCase):
    """RpaCase + a moto S3 server with a bucket, configured in Settings for the class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.moto, cls.s3_url = start_moto()
        cls.addClassCleanup(stop_moto, cls.moto)
        cls.s3 = boto3.client(
            "s3", endpoint_url=cls.s3_url, region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
        )
        cls.s3.create_bucket(Bucket=BUCKET)
        cls.configure_s3(cls.s3_url)
        cls.storage = cls.env["rpa.invoice.storage"]

    @classmethod
    def configure_s3(cls, endpoint_url, bucket=BUCKET):
        set_param = cls.env["ir.config_parameter"].sudo().set_param
        set_param("invoice_rpa.s3_endpoint_url", endpoint_url)
        set_param("invoice_rpa.s3_bucket", bucket)
        set_param("invoice_rpa.s3_region", "us-east-1")
        set_param("invoice_rpa.s3_access_key", ACCESS_KEY)
        cls.set_secret("s3_secret_key", SECRET_KEY)

    def object_keys(self):
        reply = self.s3.list_objects_v2(Bucket=BUCKET)
        return {item["Key"] for item in reply.get("Contents", [])}

    def read_object(self, key):
        return self.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()

    def process_attachments(self, process):
        return self.env["ir.attachment"].search([("res_model", "=", "rpa.process"), ("res_id", "=", process.id)])

    def snapshot(self, process):
        """What a failed store must leave untouched."""
        process.invalidate_recordset()
        return (process.state, process.storage_key, process.attachment_id, process.original_filename,
                process.manual_upload_date, len(process.message_ids), self.process_attachments(process))
