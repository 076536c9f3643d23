"""HTTP routers of the orders service."""
