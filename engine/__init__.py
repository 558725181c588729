"""August Storm's simulation: pure, deterministic, and free of any front-end import.

Start with :func:`engine.scenario.load_scenario` and :func:`engine.scenario.new_game`, then
change the game only through :func:`engine.orders.execute`.
"""
