from . import freight_cte_import
