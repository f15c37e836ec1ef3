from . import cte_file, cte_key, cte_parser
