"""The base of every model serializer of the API."""

from __future__ import annotations

import copy
from operator import attrgetter

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from rest_framework import fields as drf_fields
from rest_framework import relations, serializers

from .fields import DateHeureField


class ModeleSerializer(serializers.ModelSerializer):
    """DRF's ModelSerializer made cheaper where the API spends its time, with the same output.

    - Its fields are worked out from the model once per class. DRF builds them for every
      instance, that is for every request and every nested serializer (the model's fields
      inspected, each one's class and arguments chosen): ~3 ms for a requested proof with its
      versions, files and reviews. Here the first instance's fields are kept, unbound, and each
      instance gets a copy, as DRF already does for the declared ones: they depend only on the
      class (`Meta`, declared fields), never on the instance. A plain field (a column, a
      choice, a date: nothing inside it that is bound to it) is copied shallowly: binding sets
      only its own attributes, and DRF's deep copy builds it again from its arguments (~4 µs a
      field, 2.5 ms of the 20 of a requested proof's detail). Serializers, lists and relations
      to many keep DRF's deep copy: their children are bound to them.
    - A field that shows one column of the model (or the id of a foreign key) reads it directly;
      DRF's generic lookup (source path, mapping check, callable check, ~2 µs) stays for the
      others: nested serializers, method fields, dotted sources, names of related objects. A page
      of fifty deposits with their files and reviews serialises some 1,500 fields.
    - Dates look the current time zone up once per field (`DateHeureField`), not once per value.
    """

    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping, models.DateTimeField: DateHeureField}

    def get_fields(self):
        cls = type(self)
        champs = cls.__dict__.get("_champs_du_modele")
        if champs is None:
            champs = super().get_fields()
            cls._champs_du_modele = champs
        return {nom: _copie(champ) for nom, champ in champs.items()}

    def to_representation(self, instance):
        if not isinstance(instance, models.Model):
            return super().to_representation(instance)
        plan = self.__dict__.get("_plan_lecture")
        if plan is None:
            plan = self._plan_lecture = [(champ.field_name, _lecture_directe(champ), champ) for champ in self._readable_fields]
        ret = {}
        for nom, lire, champ in plan:
            if lire is None:
                try:
                    valeur = champ.get_attribute(instance)
                except drf_fields.SkipField:
                    continue
                vide = (valeur.pk if isinstance(valeur, relations.PKOnlyObject) else valeur) is None
                ret[nom] = None if vide else champ.to_representation(valeur)
            else:
                valeur = lire[0](instance)
                ret[nom] = valeur if valeur is None or lire[1] else champ.to_representation(valeur)
        return ret


def _copie(champ: drf_fields.Field) -> drf_fields.Field:
    """A fresh, unbound copy of a field of `_champs_du_modele`."""
    if isinstance(champ, (serializers.BaseSerializer, relations.ManyRelatedField)) or hasattr(champ, "child"):
        return copy.deepcopy(champ)
    return copy.copy(champ)


def _lecture_directe(champ) -> tuple | None:
    """(getter, value as is) for a field whose value is one column of its serializer's model;
    None when DRF's own lookup is needed."""
    if len(champ.source_attrs) != 1 or type(champ).get_attribute not in (
        drf_fields.Field.get_attribute, relations.RelatedField.get_attribute
    ):
        return None
    modele = getattr(getattr(champ.parent, "Meta", None), "model", None)
    try:
        colonne = modele._meta.get_field(champ.source_attrs[0])
    except (AttributeError, FieldDoesNotExist):
        return None
    if not colonne.concrete or colonne.many_to_many:
        return None
    if isinstance(champ, relations.PrimaryKeyRelatedField):
        # DRF shows the key of the related row: the foreign key's own column, as is.
        if not colonne.many_to_one or champ.pk_field is not None:
            return None
        return attrgetter(colonne.attname), True
    if isinstance(champ, relations.RelatedField) or colonne.is_relation:
        return None
    return attrgetter(colonne.attname), False
