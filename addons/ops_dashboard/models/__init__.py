from . import ops_dashboard
from . import ops_dashboard_weather
from . import ops_dashboard_weather_cache
from . import res_config_settings
