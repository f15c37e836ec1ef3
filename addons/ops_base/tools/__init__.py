from . import json_body, secret_box
