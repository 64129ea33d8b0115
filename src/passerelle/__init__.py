"""Passerelle: an open platform for cross-border police cooperation.

Importing the package pulls in nothing heavy: the layers below are imported on use.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
