from . import geo, google_maps
