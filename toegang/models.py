"""Model bases shared by the apps."""

from __future__ import annotations

from typing import Self

from django.db import models
from django.utils.text import capfirst


class SingletonSettings(models.Model):
    """A municipality's settings for one app: a single row (pk 1), kept by the functional
    administrator in the admin, created with its defaults the first time it is read."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return capfirst(str(self._meta.verbose_name))

    @classmethod
    def current(cls) -> Self:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj
