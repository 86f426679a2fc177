"""Screens and modal dialogs of the reader."""
