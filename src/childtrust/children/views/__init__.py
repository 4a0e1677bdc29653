"""The children app's pages, one module per part; each module's `urlpatterns` joins urls.py."""
