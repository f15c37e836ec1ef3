from . import http, json_body, secret_box
