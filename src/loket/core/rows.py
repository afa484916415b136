"""Model instances read with a plain query, for the few reads every API call makes.

The ORM spends more time building a one-row query than PostgreSQL spends answering it; on a hot path
(token, profile) a fixed statement per model is enough. Values pass through the same converters the
ORM applies, so the instances are the ones a queryset would give.
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import Model
from django.db.models.base import ModelState


@contextmanager
def cursor():
    """A cursor for the fixed statements of a hot path. On PostgreSQL it binds parameters on the server and
    has psycopg prepare each statement: PostgreSQL plans it once per connection instead of on every request
    (for a statement joining several tables the plan costs more than the answer; Django's own cursors bind
    on the client and prepare nothing). Elsewhere, or with LOKET_PREPARE_STATEMENTS off, Django's own cursor.
    Wrapped as Django wraps its cursors: counted, logged and seen by execute_wrapper like any other statement."""
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself: the proxy costs a lookup per use
    if db.vendor != "postgresql" or not settings.LOKET_PREPARE_STATEMENTS:
        with db.cursor() as found:
            yield found
        return
    db.ensure_connection()
    raw_connection = db.connection
    if raw_connection.prepare_threshold is None:
        # Django turns psycopg's automatic preparing off (None); these cursors ask for it statement by statement
        # (prepare=True), and no other statement reaches the threshold (Django's cursors bind on the client).
        raw_connection.prepare_threshold = NEVER_BY_COUNT
    raw = _prepared_cursor_class()(raw_connection)
    wrapped = _DebugWrapper(raw, db) if db.queries_logged else db.make_cursor(raw)
    try:
        yield wrapped
    finally:
        raw.close()


_SELECTS: dict[type, tuple[str, list]] = {}


class _DebugWrapper(CursorDebugWrapper):
    """Django's debug wrapper, logging the statement with its values: psycopg keeps no text of a prepared
    statement's run for Django to log."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params) if params else sql, None):
            return self._execute_with_wrappers(sql, params, many=False, executor=self._execute)


_PREPARED = []
NEVER_BY_COUNT = 2**31 - 1


def _prepared_cursor_class():
    """psycopg's server-binding cursor, preparing every statement it runs (psycopg keeps the prepared
    statements of each connection, the most used ones first, and prepares again after a schema change)."""
    if not _PREPARED:
        import psycopg

        class PreparedCursor(psycopg.Cursor):
            def execute(self, query, params=None, **kwargs):
                kwargs.setdefault("prepare", True)
                return super().execute(query, params, **kwargs)

        _PREPARED.append(PreparedCursor)
    return _PREPARED[0]


_FIELD_CONVERTERS: dict[tuple[str, object], tuple] = {}


def from_db_value(value, field, db=None):
    """A column value as the ORM would give it (e.g. SQLite's datetimes as aware datetimes). The converters
    of each field are worked out once per database vendor."""
    db = db or connections[DEFAULT_DB_ALIAS]
    key = (db.vendor, field)
    found = _FIELD_CONVERTERS.get(key)
    if found is None:
        column = field.get_col(field.model._meta.db_table)
        found = _FIELD_CONVERTERS[key] = (column, db.ops.get_db_converters(column) + field.get_db_converters(db))
    column, converters = found
    for converter in converters:
        value = converter(value, column, db)
    return value


class _Shape:
    """How rows of one model (all its columns, or some) become instances on one database vendor: the
    attnames, the fields that need converting, and whether an instance may be built without __init__."""

    __slots__ = ("attnames", "converting", "direct", "fields")

    def __init__(self, model: type[Model], db, names: tuple[str, ...] | None):
        from django.db.models.signals import post_init, pre_init

        table = model._meta.db_table
        concrete = model._meta.concrete_fields
        self.fields = [f for f in concrete if names is None or f.attname in names or f.primary_key]
        self.attnames = [f.attname for f in self.fields]
        self.converting = []
        for position, field in enumerate(self.fields):
            column = field.get_col(table)
            converters = db.ops.get_db_converters(column) + field.get_db_converters(db)
            if converters:
                self.converting.append((position, column, converters))
        # Nobody listens to the model's init signals: an instance is its attribute values and a state, as
        # Model.__init__ would leave it (a fresh instance caches no relation, so no descriptor has work to do).
        self.direct = not (pre_init.has_listeners(model) or post_init.has_listeners(model))


_SHAPES: dict[tuple, _Shape] = {}


def _shape(model: type[Model], db, names: tuple[str, ...] | None = None) -> _Shape:
    key = (db.vendor, model, names)
    found = _SHAPES.get(key)
    if found is None:
        found = _SHAPES[key] = _Shape(model, db, names)
    return found


def instance(model: type[Model], row, names: tuple[str, ...] | None = None, db=None) -> Model:
    """An instance of `model` from `row`: all its concrete columns in order, or only `names` (and the primary
    key) in the model's order, the other fields deferred (read on first use, as QuerySet.only leaves them)."""
    db = db or connections[DEFAULT_DB_ALIAS]
    shape = _shape(model, db, names)
    values = list(row)
    for position, column, converters in shape.converting:
        value = values[position]
        for converter in converters:
            value = converter(value, column, db)
        values[position] = value
    if not shape.direct:
        return model.from_db(db.alias, shape.attnames, values)
    new = model.__new__(model)
    new.__dict__.update(zip(shape.attnames, values))
    state = new._state = ModelState()
    state.adding, state.db = False, db.alias
    return new


def columns(model: type[Model], alias: str = "", names: tuple[str, ...] | None = None) -> str:
    quote = connection.ops.quote_name
    prefix = f"{alias}." if alias else ""
    return ", ".join(
        prefix + quote(f.column)
        for f in model._meta.concrete_fields
        if names is None or f.attname in names or f.primary_key
    )


def one(model: type[Model], column: str, value) -> Model | None:
    """The row of `model` whose `column` equals `value` (a unique column), or None."""
    key = (model, column)
    if key not in _SELECTS:
        quote = connection.ops.quote_name
        _SELECTS[key] = (f"SELECT {columns(model)} FROM {quote(model._meta.db_table)} WHERE {quote(column)} = %s", [])
    with cursor() as plain:
        plain.execute(_SELECTS[key][0], [value])
        row = plain.fetchone()
    return None if row is None else instance(model, row)


_JOINED: dict[str, str] = {}


def select(key: str, parts: list[tuple], tail: str, params: list) -> list[tuple]:
    """Rows of several models joined in one plain query, as the ORM's select_related would give them.

    `parts` are (model, alias) pairs whose columns are selected in this order, or (model, alias, names) to
    select only the fields `names` (and the primary key; the others are deferred, as QuerySet.only leaves
    them); `tail` is the rest of the statement (FROM … JOIN … WHERE …, the aliases as named in `parts`, %s for
    `params`); the text is built once per `key`. Per row, a tuple of instances, one per part: None where a
    LEFT JOIN found nothing. `for_update(...)` gives the locking clause on databases that have one.
    """
    shaped = [(part[0], part[1], part[2] if len(part) > 2 else None) for part in parts]
    sql = _JOINED.get(key)
    if sql is None:
        sql = _JOINED[key] = f"SELECT {', '.join(columns(m, alias, names) for m, alias, names in shaped)} {tail}"
    with cursor() as plain:
        plain.execute(sql, params)
        found = plain.fetchall()
    db = connections[DEFAULT_DB_ALIAS]
    sizes = [len(_shape(model, db, names).fields) for model, _alias, names in shaped]
    result = []
    for row in found:
        instances, offset = [], 0
        for (model, _alias, names), size in zip(shaped, sizes):
            values = row[offset : offset + size]
            offset += size
            instances.append(None if values[0] is None else instance(model, values, names, db))
        result.append(tuple(instances))
    return result


def for_update(*aliases: str) -> str:
    """`FOR UPDATE [OF …]` where the database locks rows (PostgreSQL); nothing on SQLite (one writer anyway)."""
    if not connection.features.has_select_for_update:
        return ""
    if aliases and connection.features.has_select_for_update_of:
        return connection.ops.for_update_sql(of=aliases)
    return connection.ops.for_update_sql()
