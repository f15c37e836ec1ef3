from . import secret_box
