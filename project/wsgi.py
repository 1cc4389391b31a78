"""WSGI entry point."""
import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
application = get_wsgi_application()
# What is loaded by now lives as long as the process: keep full collections from walking it again and again
# (a dashboard over thousands of units allocates enough to trigger several per request).
gc.freeze()
