"""A retailer's booking portal on 127.0.0.1 (real HTTP, driven by real headless
Chromium): login, a TOTP 2FA page, the list of bookings, a booking form, and a
confirmation page with a protocol number. Sessions expire on demand; the portal can be
down (503) or "changed" (the booking form's fields renamed). Its pages follow the demo
Atacadão recipe (demo/retail_booking_demo.xml)."""

import itertools
import secrets
import threading
import time
from urllib.parse import parse_qs

import pyotp

from odoo.addons.ops_base.tests.fake_http import FakeHTTPServer, Reply

HTML = {"Content-Type": "text/html; charset=utf-8"}
VEHICLES = ("KOMBI", "VUC", "TRES_QUARTOS", "TOCO", "TRUCK", "CARRETA", "BITREM", "RODOTREM")


def _page(body, status=200, headers=None):
    html = f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Portal</title></head><body>{body}</body></html>"
    return Reply(status=status, body=html.encode(), headers={**HTML, **(headers or {})})


def _form(request):
    return {key: values[0] for key, values in parse_qs(request.body.decode()).items()}


def _cookie(request, name):
    for part in (request.header("Cookie") or "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


class FakeRetailPortal:
    def __init__(self, login, password, totp_secret):
        self.login, self.password, self.totp = login, password, pyotp.TOTP(totp_secret)
        self.server = FakeHTTPServer()
        self.sessions, self.pending, self.bookings = {}, {}, []
        self.down = self.changed = False
        self.clock_skew = 0
        self._protocols = itertools.count(1001)
        self._lock = threading.Lock()
        for method, path, handler in (
            ("GET", "/login", self._login_page), ("POST", "/login", self._login), ("POST", "/otp", self._otp),
            ("GET", "/agendamentos", self._list), ("GET", "/agendamentos/novo", self._new),
            ("POST", "/agendamentos", self._create),
        ):
            self.server.add(method, path, self._guard(handler))

    @property
    def url(self):
        return self.server.url

    def reset(self):
        self.server.reset()
        self.sessions.clear()
        self.pending.clear()
        self.bookings.clear()
        self.down = self.changed = False
        self.clock_skew = 0

    def expire_sessions(self):
        self.sessions.clear()

    def _guard(self, handler):
        def answer(request):
            if self.down:
                return _page("<h1>503 Service Unavailable</h1>", status=503)
            return handler(request)
        return answer

    def _session(self, request):
        return self.sessions.get(_cookie(request, "sid") or "")

    # ---------------------------------------------------------------- login
    def _login_page(self, request, error=""):
        alert = f'<div class="alert-erro">{error}</div>' if error else ""
        return _page(f"""<h1>Agendamento de Entregas</h1>{alert}
            <form method="post" action="/login"><input id="username" name="username">
            <input id="password" name="password" type="password">
            <button id="entrar" type="submit">Entrar</button></form>""")

    def _login(self, request):
        form = _form(request)
        if form.get("username") != self.login or form.get("password") != self.password:
            return self._login_page(request, "Usuário ou senha inválidos")
        token = secrets.token_hex(8)
        self.pending[token] = form["username"]
        return self._otp_page(headers={"Set-Cookie": f"pre={token}; Path=/; HttpOnly"})

    def _otp_page(self, error="", headers=None):
        alert = f'<div class="alert-erro">{error}</div>' if error else ""
        return _page(f"""<h1>Verificação em duas etapas</h1>{alert}
            <form method="post" action="/otp"><input id="otp" name="otp" autocomplete="one-time-code">
            <button id="validar" type="submit">Validar</button></form>""", headers=headers)

    def _otp(self, request):
        if _cookie(request, "pre") not in self.pending:
            return Reply(status=303, headers={"Location": "/login"})
        code = _form(request).get("otp", "")
        if not self.totp.verify(code, for_time=time.time() + self.clock_skew):
            return self._otp_page("Código 2FA expirado ou inválido")
        sid = secrets.token_hex(16)
        self.sessions[sid] = self.pending.pop(_cookie(request, "pre"))
        return Reply(status=303, headers={"Location": "/agendamentos", "Set-Cookie": f"sid={sid}; Path=/; HttpOnly"})

    # ---------------------------------------------------------------- bookings
    def _list(self, request):
        if not self._session(request):
            return Reply(status=302, headers={"Location": "/login"})
        rows = "".join(f"<tr><td>{b['protocol']}</td><td>{b['pedidos']}</td></tr>" for b in self.bookings)
        return _page(f"""<h1>Meus agendamentos</h1><a id="novo-agendamento" href="/agendamentos/novo">Novo</a>
            <table id="pedidos-lista"><tr><th>Protocolo</th><th>Pedidos</th></tr>{rows}</table>""")

    def _new(self, request):
        if not self._session(request):
            return Reply(status=302, headers={"Location": "/login"})
        prefix = "campo-" if self.changed else ""
        vehicles = "".join(f'<option value="{code}">{code.title()}</option>' for code in VEHICLES)
        return _page(f"""<h1>Novo agendamento</h1><form method="post" action="/agendamentos">
            <input id="{prefix}pedidos" name="pedidos"><select id="cd" name="cd"><option value="">--</option>
            <option value="CD-SP01">CD São Paulo</option><option value="CD-RJ01">CD Rio</option></select>
            <input id="data" name="data"><input id="hora" name="hora">
            <select id="veiculo" name="veiculo">{vehicles}</select><input id="paletes" name="paletes">
            <input id="itens" name="itens"><button id="enviar" type="submit">Agendar</button></form>""")

    def _create(self, request):
        if not self._session(request):
            return Reply(status=302, headers={"Location": "/login"})
        booking = _form(request)
        with self._lock:
            booking["protocol"] = f"AGD-{next(self._protocols)}"
            self.bookings.append(booking)
        return _page(f"""<h1>Agendamento confirmado</h1>
            <p>Protocolo: <strong id="protocolo">{booking['protocol']}</strong></p>""")
