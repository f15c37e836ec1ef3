from . import messaging_composer
