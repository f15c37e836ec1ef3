from . import payment, portal, position, stop
