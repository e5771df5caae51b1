"""The `zicht` command: Django's management commands, with the demo settings as default.

`zicht import municipalities FILE`, `zicht demo`, `zicht serve`, `zicht migrate`, `zicht createsuperuser`, …
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.settings.dev")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "zicht"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
