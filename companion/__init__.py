"""otklik's companion: the local server, its SQLite store and the ``otklik`` command."""

__version__ = "0.1.0"
