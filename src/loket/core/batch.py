"""Rows a service function writes together, sent to PostgreSQL in one round trip.

A hot path (filing an application) writes one row into each of several tables. Through the ORM that
is a statement, a round trip and ~0.3 ms of query building each, plus BEGIN and COMMIT. Here the
INSERTs are compiled by Django's own insert compiler (so they follow the models' fields, defaults and
adapters), their parameters inlined by psycopg's client-side binding, and sent as ONE simple-protocol
query: PostgreSQL runs a multi-statement query as a single implicit transaction, so the rows commit
together or not at all, with no BEGIN/COMMIT round trips. Inside an outer transaction (tests, or a
caller's atomic block) the query runs in a savepoint, so a refused row still rolls back only this batch.
Other databases (the embedded SQLite default) get the same rows through the ORM in one transaction.

Rows that need a primary key before they are written (so that others can refer to them) take it from
`reserve_id`, which reads a block of values of the table's sequence at a time (`next_value` does the
same for any named sequence, e.g. tracking numbers).
"""

import threading

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Model


class _SequenceBlocks:
    """Values of PostgreSQL sequences, fetched a block at a time per process: one round trip per block,
    nothing that serializes writers. Values stay unique; a stopped process leaves gaps."""

    BLOCK = 32

    def __init__(self):
        self._lock = threading.Lock()
        self._free: dict[str, list[int]] = {}
        self._sequences: dict[str, str] = {}

    def take(self, sequence: str) -> int:
        with self._lock:
            free = self._free.setdefault(sequence, [])
            if not free:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, self.BLOCK])
                    free.extend(sorted((row[0] for row in cursor.fetchall()), reverse=True))
            return free.pop()

    def take_id(self, model: type[Model]) -> int:
        table = model._meta.db_table
        if table not in self._sequences:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, model._meta.pk.column])
                self._sequences[table] = cursor.fetchone()[0]
        return self.take(self._sequences[table])


_blocks = _SequenceBlocks()


def next_value(sequence: str) -> int:
    """The next value of a PostgreSQL sequence, from this process's current block."""
    return _blocks.take(sequence)


def one_round_trip() -> bool:
    return connection.vendor == "postgresql"


def reserve_id(obj: Model) -> None:
    """Give `obj` its primary key now (PostgreSQL: from its sequence, a block at a time per process)."""
    if obj.pk is None and one_round_trip():
        obj.pk = _blocks.take_id(type(obj))


class Batch:
    """INSERTs (and single-row UPDATEs) collected in order and written by `write()`.

    A batch can be written more than once: each `write()` sends what was added since the last one (a
    caller whose next step reads rows of the batch writes it first, then goes on adding).
    """

    def __init__(self):
        self._groups: list[tuple] = []

    def add(self, objs, *, ignore_conflicts: bool = False) -> "Batch":
        objs = list(objs)
        if objs:
            self._groups.append(("insert", objs, ignore_conflicts))
        return self

    def update(self, queryset, **values) -> "Batch":
        """`queryset.update(**values)`, sent with the rest. Nothing comes back: an update whose count of rows
        matters (a conditional one, e.g. an optimistic version check) runs on its own."""
        self._groups.append(("update", queryset, values))
        return self

    def update_row(self, model: type[Model], pk, **values) -> "Batch":
        """`model.objects.filter(pk=pk).update(**values)` for plain field values (no expressions), sent with the
        rest; its statement text is built once per model and fields, not compiled by the ORM on every call."""
        self._groups.append(("row", model, (pk, values)))
        return self

    def __bool__(self) -> bool:
        return bool(self._groups)

    def write(self, *, savepoint: bool = True) -> None:
        """Write what was added. Inside an outer transaction the rows go in a savepoint, so that a refused
        row rolls back only this batch; `savepoint=False` when the caller's transaction is all or nothing
        anyway (one statement less on each side)."""
        groups, self._groups = self._groups, []
        if not groups:
            return
        if not one_round_trip():
            with transaction.atomic():
                for kind, first, second in groups:
                    if kind == "update":
                        first.update(**second)
                        continue
                    if kind == "row":
                        first.objects.filter(pk=second[0]).update(**second[1])
                        continue
                    model = type(first[0])
                    if len(first) == 1 and not second:
                        first[0].save(force_insert=True)
                    else:
                        model.objects.bulk_create(first, ignore_conflicts=second)
            return
        db = connections[DEFAULT_DB_ALIAS]  # the connection itself: the proxy costs a lookup per use
        groups = _coalesced(groups)
        with db.cursor() as cursor:
            # Each statement with its values inlined (psycopg caches the parse of each short text), then
            # all of them as one simple-protocol query.
            query = ";\n".join(_mogrify(cursor, *_statement(db, kind, first, second)) for kind, first, second in groups)
            if connection.in_atomic_block and savepoint:
                with transaction.atomic():
                    cursor.execute(query)
            else:
                cursor.execute(query)
        for kind, objs, _ignore in groups:
            if kind == "insert":
                for obj in objs:
                    obj._state.adding, obj._state.db = False, connection.alias


def _coalesced(groups: list[tuple]) -> list[tuple]:
    """The groups with the INSERTs of one model (same conflict rule, keys given or not) made one multi-row
    INSERT each, between UPDATEs (an UPDATE may touch a row inserted before it, so nothing moves across one).
    Loket's foreign keys are checked at commit (PostgreSQL: DEFERRABLE INITIALLY DEFERRED), so the order of
    tables does not matter; the order of each table's rows is kept."""
    merged: list[tuple] = []
    open_inserts: dict[tuple, list] = {}
    for kind, first, second in groups:
        if kind != "insert":
            merged.append((kind, first, second))
            open_inserts = {}
            continue
        key = (type(first[0]), second, all(obj.pk is not None for obj in first))
        rows = open_inserts.get(key)
        if rows is None:
            rows = open_inserts[key] = list(first)
            merged.append((kind, rows, second))
        else:
            rows.extend(first)
    return merged


def _update(db, queryset, values: dict) -> tuple[str, list]:
    """The UPDATE `queryset.update(**values)` would send, compiled by Django's update compiler."""
    from django.db.models import sql

    query = queryset.query.chain(sql.UpdateQuery)
    query.add_update_values(values)
    compiler = query.get_compiler(db.alias)
    compiler.pre_sql_setup()
    return compiler.as_sql()


def _statement(db, kind: str, first, second) -> tuple[str, list]:
    if kind == "insert":
        return _insert(db, first, second)
    if kind == "row":
        return _update_row(db, first, *second)
    return _update(db, first, second)


_ROW_UPDATES: dict[tuple, tuple[str, list]] = {}


def _update_row(db, model: type[Model], pk, values: dict) -> tuple[str, list]:
    """UPDATE of one row by primary key; the text per model and fields is built once, the values are prepared
    by their fields as the update compiler prepares them."""
    key = (model, tuple(values))
    found = _ROW_UPDATES.get(key)
    if found is None:
        meta = model._meta
        quote = db.ops.quote_name
        fields = [meta.get_field(name) for name in values]
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
        sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
        found = _ROW_UPDATES[key] = (sql, fields)
    sql, fields = found
    params = [field.get_db_prep_save(value, db) for field, value in zip(fields, values.values())]
    params.append(model._meta.pk.get_db_prep_value(pk, db))
    return sql, params


_TEMPLATES: dict[tuple, tuple[str, list]] = {}
# Values a field's database preparation gives back unchanged when its own preparation is Django's plain one
# (text, numbers, booleans, keys): they skip the per-field method calls, which cost more than the INSERT's text.
_PLAIN_VALUES = (str, int, bool, type(None))
_PLAIN_FIELDS = (
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "IntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "SmallIntegerField",
    "BooleanField",
    "ForeignKey",
    "OneToOneField",
    "AutoField",
    "BigAutoField",
)


def _preparer(field):
    """(attname, field, plain): `plain` when the field takes its value as it is (no pre_save of its own, e.g.
    auto_now) and hands plain values to the database unchanged."""
    from django.db.models import Field

    own_pre_save = type(field).pre_save is not Field.pre_save
    plain = not own_pre_save and field.get_internal_type() in _PLAIN_FIELDS
    return field.attname, field, plain


def _insert(db, objs: list[Model], ignore: bool) -> tuple[str, list]:
    """INSERT of `objs` (one model) with its parameters; the statement text is built once per shape.

    The values are prepared as Django's insert compiler prepares them (`pre_save` for auto_now and
    file fields, `get_db_prep_save` for JSON and dates); the text is quoted by the connection.
    """
    model = type(objs[0])
    meta = model._meta
    with_pk = all(obj.pk is not None for obj in objs)
    key = (model, with_pk, ignore)
    template = _TEMPLATES.get(key)
    if template is None:
        fields = [f for f in meta.local_concrete_fields if with_pk or f is not meta.auto_field]
        quote = db.ops.quote_name
        head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
        template = _TEMPLATES[key] = (head, [_preparer(f) for f in fields])
    head, preparers = template
    row = "(" + ", ".join(["%s"] * len(preparers)) + ")"
    params = []
    plain_values = _PLAIN_VALUES
    for obj in objs:
        values = obj.__dict__
        for attname, field, plain in preparers:
            if plain:
                value = values[attname] if attname in values else getattr(obj, attname)
                if type(value) in plain_values:
                    params.append(value)
                    continue
            params.append(field.get_db_prep_save(field.pre_save(obj, True), db))
    return head + ", ".join([row] * len(objs)) + (" ON CONFLICT DO NOTHING" if ignore else ""), params


def _mogrify(cursor, sql: str, params: list) -> str:
    mogrify = getattr(cursor.cursor, "mogrify", None)
    if mogrify is None:  # server-side binding configured: render with a client-side cursor instead
        import psycopg

        mogrify = psycopg.ClientCursor(connection.connection).mogrify
    return mogrify(sql, params)
