"""`makemessages` without fuzzy matching.

Guessed ("fuzzy") translations are silently wrong more often than right for short model labels
("actor" matched to "Sector"); a new string must start untranslated so the translation test
catches it.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
