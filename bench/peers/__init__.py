"""Peer engines measured beside Passerelle (installed in bench/.venv only)."""
