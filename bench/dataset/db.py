"""Set-based writing for the generator: PostgreSQL COPY with ids reserved from each table's
sequence, and a cascading delete that follows every foreign key of every installed model.

COPY is used instead of bulk_create because it is several times faster for the hundreds of
thousands of rows of the M dataset, and because it keeps explicit timestamps where a model has
`auto_now_add`. Values missing from a row take the field's Python default, so a field another
app adds later with a default does not break the generator.
"""

from __future__ import annotations

from django.db import connection, models
from django.db.models import ForeignObjectRel
from django.utils import timezone

FLUSH_EVERY = 20_000
ID_BLOCK = 5_000


def qn(name: str) -> str:
    return connection.ops.quote_name(name)


class Table:
    """Rows of one model, buffered and written with COPY; `add()` returns the new row's pk."""

    def __init__(self, model: type[models.Model], *, with_ids: bool = True):
        self.model = model
        self.with_ids = with_ids
        pk = model._meta.pk
        self.fields = [f for f in model._meta.concrete_fields if with_ids or f is not pk]
        self.attnames = {f.attname for f in self.fields}
        self.rows: list[dict] = []
        self.count = 0
        self._ids: list[int] = []

    def new_id(self) -> int:
        if not self._ids:
            meta = self.model._meta
            with connection.cursor() as cur:
                cur.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [meta.db_table, meta.pk.column, ID_BLOCK],
                )
                self._ids = [r[0] for r in reversed(cur.fetchall())]
        return self._ids.pop()

    def add(self, **values) -> int | None:
        unknown = set(values) - self.attnames
        if unknown:
            raise ValueError(f"{self.model.__name__}: unknown columns {sorted(unknown)}")
        pk_name = self.model._meta.pk.attname
        if self.with_ids and values.get(pk_name) is None:
            values[pk_name] = self.new_id()
        self.rows.append(values)
        self.count += 1
        if len(self.rows) >= FLUSH_EVERY:
            self.flush()
        return values.get(pk_name)

    def _value(self, field, row: dict, now):
        if field.attname in row:
            value = row[field.attname]
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()
        return field.get_db_prep_save(value, connection)

    def flush(self) -> None:
        if not self.rows:
            return
        now = timezone.now()
        columns = ", ".join(qn(f.column) for f in self.fields)
        sql = f"COPY {qn(self.model._meta.db_table)} ({columns}) FROM STDIN"
        connection.ensure_connection()
        with connection.cursor() as cur, cur.cursor.copy(sql) as copy:
            for row in self.rows:
                copy.write_row([self._value(f, row, now) for f in self.fields])
        self.rows = []


class Writer:
    """One Table per model, flushed together at the end of a step."""

    def __init__(self):
        self.tables: dict[type[models.Model], Table] = {}

    def __getitem__(self, model) -> Table:
        if model not in self.tables:
            auto_through = model._meta.auto_created
            self.tables[model] = Table(model, with_ids=not auto_through)
        return self.tables[model]

    def flush(self) -> None:
        for table in self.tables.values():
            table.flush()

    def counts(self) -> dict[str, int]:
        return {t.model._meta.label: t.count for t in self.tables.values()}


def _reverse_relations(model) -> list[ForeignObjectRel]:
    return [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if isinstance(f, ForeignObjectRel) and not f.many_to_many and f.field.concrete
    ]


def cascade_delete(model, where: str, *, depth: int = 0) -> int:
    """Delete the rows of `model` matching the SQL condition `where` (no parameters: callers
    pass constant text), and first every row of any model that points to them: deleted when
    its foreign key cascades or protects, nulled when it is SET_NULL (after the deletions, so
    that rows deleted anyway are not rewritten first). Returns the rows deleted from `model`.
    Within the transaction, PostgreSQL's deferred constraints are checked at commit."""
    if depth > 12:
        raise RuntimeError(f"cascade_delete: foreign keys too deep at {model._meta.label}")
    table = qn(model._meta.db_table)
    nullable = []
    for rel in _reverse_relations(model):
        field = rel.field
        cond = f"{qn(field.column)} IN (SELECT {qn(field.target_field.column)} FROM {table} WHERE {where})"
        if rel.on_delete in (models.SET_NULL, models.SET_DEFAULT) and field.null:
            nullable.append((rel.related_model, field, cond))
        elif rel.related_model is not model or depth == 0:  # a self-reference is covered by the caller
            cascade_delete(rel.related_model, cond, depth=depth + 1)
    with connection.cursor() as cur:
        for related, field, cond in nullable:
            cur.execute(f"UPDATE {qn(related._meta.db_table)} SET {qn(field.column)} = NULL WHERE {cond}")
        cur.execute(f"DELETE FROM {table} WHERE {where}")
        return cur.rowcount
