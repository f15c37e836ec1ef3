from . import browser_host, http, json_body, secret_box
