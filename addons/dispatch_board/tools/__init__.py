# Plain-Python helpers (no ORM): the routing problem, its solver adapter, Solomon
# instances for the benchmark and the unit test, and the calendar feed.
