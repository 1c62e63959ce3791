"""Shared fixtures. The real SMTP server, live servers and the browser live here."""
