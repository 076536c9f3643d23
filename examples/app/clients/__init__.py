"""Clients for the services the orders service depends on."""
