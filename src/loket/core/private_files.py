"""Files Loket creates are private to the user it runs as.

The SQLite database, the secret key, signing keys, media uploads and backup archives hold every citizen's
data. The umask applies when a file is created, so it is set once per process, as early as possible:
`loket.settings` calls this, and every entry point (the `loket` command, loket.wsgi, loket.asgi, a
`django-admin` with DJANGO_SETTINGS_MODULE=loket.settings) loads the settings before touching a file.
"""

import os

PRIVATE_UMASK = 0o077  # files 0600, directories 0700


def make_files_private() -> None:
    os.umask(PRIVATE_UMASK)
