import gc
import importlib
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

application = get_wsgi_application()

# What a process loads once (apps, models, every view through the URLconf) lives as
# long as it does: frozen out of the garbage collector's full scans (Python's
# ``gc.freeze``), which would otherwise walk it all and pause a request now and then.
importlib.import_module(settings.ROOT_URLCONF)
gc.freeze()
