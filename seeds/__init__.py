"""The bundled seed article and its positions file (package data)."""
