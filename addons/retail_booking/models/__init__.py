from . import (
    retail_booking,
    retail_booking_run,
    retail_distribution_center,
    retail_portal_account,
    retail_portal_recipe,
    retail_portal_recipe_step,
    retail_product_code,
    retail_vehicle_type,
    stock_picking,
)
