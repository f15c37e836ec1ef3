"""Sends the generated requests to the server on 127.0.0.1, byte for byte: our own framing
(Content-Length, chunked, both, none), sessions of the demo users, CSRF tokens and
webhook signatures (computed with the suite's own ``crm_messaging/tools/signatures.py``)."""

import base64
import http.client
import importlib.util
import pathlib
import re
import secrets
import time
import urllib.parse

CSRF = re.compile(r'(?:name="csrf_token"\s+value="|csrf_token:\s*")([0-9a-f]+o[0-9]+)"')
COOKIE = re.compile(r"session_id=([^;]+)")
CHUNK = 65_536
TIMEOUT = 60


def load_signatures(addons_dir):
    """The suite's webhook signing helpers (plain Python, no Odoo import)."""
    path = pathlib.Path(addons_dir, "crm_messaging", "tools", "signatures.py")
    spec = importlib.util.spec_from_file_location("fuzz_signatures", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def big_body(size):
    """A JSON document of exactly ``size`` bytes."""
    return b'{"a": "' + b"A" * (size - 9) + b'"}'


class Target:
    """The server under test and the credentials the fuzzer holds for it."""

    def __init__(self, host, port, fixtures, signatures):
        if host != "127.0.0.1":
            raise ValueError("the fuzzer only talks to 127.0.0.1")
        self.host, self.port, self.fixtures, self.signatures = host, port, fixtures, signatures
        self.sessions = {}  # login -> (session id, csrf token)

    # -- plumbing ------------------------------------------------------------------------
    def raw(self, method, url, headers=(), body=b"", framing="length"):
        """One request on a fresh connection: ``(status or error name, headers, body)``."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            conn.putrequest(method, url, skip_accept_encoding=True)
            for name, value in headers:
                conn.putheader(name, value.encode("latin-1", "replace") if isinstance(value, str) else value)
            if framing in ("length", "chunked+length") and (body or method not in ("GET", "HEAD")):
                conn.putheader("Content-Length", str(len(body)))
            if framing.startswith("chunked"):
                conn.putheader("Transfer-Encoding", "chunked")
            conn.endheaders()
            try:
                self._send_body(conn, body, framing)
            except OSError:
                pass  # the server may answer (413) and close before reading everything
            response = conn.getresponse()
            return response.status, response.getheaders(), response.read()
        except TimeoutError:
            return "timeout", [], b""
        except (OSError, http.client.HTTPException) as exc:
            return type(exc).__name__, [], b""
        finally:
            conn.close()

    @staticmethod
    def _send_body(conn, body, framing):
        if framing.startswith("chunked"):
            for start in range(0, len(body), CHUNK):
                piece = body[start:start + CHUNK]
                conn.send(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            conn.send(b"0\r\n\r\n")
        elif framing == "length":
            conn.send(body)

    # -- sessions ------------------------------------------------------------------------
    def login(self, login):
        """Log ``login`` in through /web/login; keep its session id and CSRF token."""
        status, headers, page = self.raw("GET", "/web/login")
        sid = self._cookie(headers)
        token = CSRF.search(page.decode(errors="replace")).group(1)
        form = urllib.parse.urlencode({"login": login, "password": self.fixtures["passwords"][login],
                                       "csrf_token": token, "redirect": "/my/account"}).encode()
        status, headers, _page = self.raw("POST", "/web/login", [
            ("Cookie", f"session_id={sid}"), ("Content-Type", "application/x-www-form-urlencoded")], form)
        sid = self._cookie(headers) or sid
        status, _headers, page = self.raw("GET", "/my/account", [("Cookie", f"session_id={sid}")])
        match = CSRF.search(page.decode(errors="replace"))
        if status != 200 or not match:
            raise RuntimeError(f"cannot log in as {login}: /my/account answered {status}")
        self.sessions[login] = (sid, match.group(1))

    @staticmethod
    def _cookie(headers):
        for name, value in headers:
            if name.lower() == "set-cookie" and COOKIE.search(value):
                return COOKIE.search(value).group(1)
        return None

    # -- one generated request ------------------------------------------------------------
    def send(self, req):
        """Send one generated request (see generate.py); ``(status, response body)``."""
        body = big_body(req["big"]) if req["big"] else req["body"].encode("latin-1")
        headers = [tuple(h) for h in req["headers"]]
        query = [req["query"]] if req["query"] else []
        session = req["session"]
        if session == "forged":
            headers.append(("Cookie", "session_id=" + secrets.token_urlsafe(63)))
        elif session in self.sessions:
            sid, token = self.sessions[session]
            headers.append(("Cookie", f"session_id={sid}"))
            if req["csrf"] == "valid":
                query.append("csrf_token=" + token)
        if req["csrf"] == "forged":
            query.append("csrf_token=" + secrets.token_hex(20) + "o" + str(int(time.time()) + 3600))
        headers = [self._auth_value(h) for h in headers]
        if req["sign"]:
            extra_headers, extra_query = self._signature(req, body)
            headers += extra_headers
            query += extra_query
        url = req["path"] + ("?" + "&".join(query) if query else "")
        status, _headers, answer = self.raw(req["method"], url, headers, body, req["framing"])
        return status, answer

    def _auth_value(self, header):
        name, value = header
        if name == "Authorization" and value.startswith("valid:"):
            return name, "Bearer " + self.fixtures[value[6:] + "_token"]
        return header

    def _signature(self, req, body):
        """Webhook authentication headers / query for the channel addressed."""
        channel = next((c for c in self.fixtures["channels"] if str(c["id"]) == req["params"].get("channel_id")), None)
        if not channel or req["sign"] == "missing":
            return [], []
        secret = channel["secret"] if req["sign"] != "forged" else base64.b64encode(secrets.token_bytes(32)).decode()
        now = time.time() - (3600 if req["sign"] == "stale" else 0)
        sig = self.signatures
        if channel["type"] == "quo":
            return [("openphone-signature", sig.sign_quo(body, secret, int(now * 1000)))], []
        if channel["type"] == "chatwoot":
            return list(sig.sign_chatwoot(body, secret, int(now)).items()), []
        return [], ["token=" + urllib.parse.quote(secret, safe="")]
