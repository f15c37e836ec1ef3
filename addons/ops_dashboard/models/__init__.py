from . import ops_dashboard, ops_dashboard_weather, ops_dashboard_weather_cache, res_config_settings
