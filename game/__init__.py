"""August Storm's pygame front end: draws the engine's state and turns clicks into orders."""
