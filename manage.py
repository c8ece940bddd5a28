#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convergence.settings")
    # manage.py is the developer's entry point: the embedded settings unless DJANGO_DEBUG says
    # otherwise. Production sets DJANGO_DEBUG=0 (the Docker image, docker-compose.yml), and then
    # a missing secret stops every command.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
