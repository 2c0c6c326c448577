"""The web page (static files) and its load benchmark."""
