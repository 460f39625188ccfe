"""The seal's own tables, in the event store's database beside the events they seal.

- `seal_leaves`: one row per sealed event: its leaf index, its position (notification id) in the
  log, and its leaf hash. Leaf indexes run 0, 1, 2... while positions may skip (an id a failed
  insert took is never used), so this is also the map between the two.
- `seal_nodes`: the hashes of the complete subtrees at every eighth level (256 leaves, 65,536...),
  so that a proof against a tree of millions of events reads a few hundred hashes, not millions.
- `seal_tree_heads`: every signed tree head made, one per tree size.

Every table only grows (rows are added, never changed): a race between two processes appending
the same leaves ends in a primary key conflict for one of them, which then starts again from what
the other wrote.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from projections.seal.merkle import node_hash
from projections.seal.verifier import TreeHead

# Interior nodes are kept at every TILE-th level; any other subtree is hashed up from the kept
# level below it (at most 2**TILE - 1 hashes).
TILE = 8

TABLES = {
    "seal_leaves": (
        "CREATE TABLE IF NOT EXISTS {p}seal_leaves (leaf_index BIGINT PRIMARY KEY, "
        "notification_id BIGINT NOT NULL UNIQUE, leaf_hash {blob} NOT NULL)"
    ),
    "seal_nodes": (
        "CREATE TABLE IF NOT EXISTS {p}seal_nodes (level SMALLINT NOT NULL, "
        "node_index BIGINT NOT NULL, hash {blob} NOT NULL, PRIMARY KEY (level, node_index))"
    ),
    "seal_tree_heads": (
        "CREATE TABLE IF NOT EXISTS {p}seal_tree_heads (tree_size BIGINT PRIMARY KEY, "
        "root_hash {blob} NOT NULL, timestamp_ms BIGINT NOT NULL, key_id TEXT NOT NULL, "
        "signature {blob} NOT NULL)"
    ),
}


class MissingNodes(LookupError):
    """The seal's tables lack hashes they must have: they were changed behind its back."""


class SealStore(ABC):
    """The seal's tables. SQL is written with `?` placeholders and `{p}` before each table name;
    each store turns them into its own dialect."""

    def __init__(self, recorder: ApplicationRecorder) -> None:
        self.recorder = recorder

    @abstractmethod
    def _transaction(self, commit: bool) -> AbstractContextManager[Any]:
        """A cursor in a transaction of the events' database."""

    @abstractmethod
    def _sql(self, statement: str) -> Any:
        """`statement` in the store's dialect."""

    @abstractmethod
    def create_tables(self) -> None:
        """Create the seal's tables if they are not there (several processes may race)."""

    def execute(self, statement: str, params: Sequence[Any] = (), commit: bool = False) -> None:
        with self._transaction(commit) as cursor:
            cursor.execute(self._sql(statement), tuple(params))

    def _select(self, statement: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._transaction(False) as cursor:
            cursor.execute(self._sql(statement), tuple(params))
            return list(cursor.fetchall())

    # Leaves and nodes

    def leaf_count(self) -> int:
        rows = self._select("SELECT MAX(leaf_index) AS last FROM {p}seal_leaves")
        last = rows[0]["last"] if rows else None
        return 0 if last is None else int(last) + 1

    def last_sealed_position(self) -> int | None:
        rows = self._select(
            "SELECT notification_id FROM {p}seal_leaves ORDER BY leaf_index DESC LIMIT 1"
        )
        return int(rows[0]["notification_id"]) if rows else None

    def append(
        self,
        first_index: int,
        leaves: Sequence[tuple[int, bytes]],
        nodes: Sequence[tuple[int, int, bytes]],
    ) -> None:
        """Add leaves (position, leaf hash) from `first_index` on, and the kept nodes they
        complete, in one transaction. Raises the library's IntegrityError when another process
        appended first."""
        with self._transaction(True) as cursor:
            cursor.executemany(
                self._sql(
                    "INSERT INTO {p}seal_leaves (leaf_index, notification_id, leaf_hash) "
                    "VALUES (?, ?, ?)"
                ),
                [(first_index + i, p, h) for i, (p, h) in enumerate(leaves)],
            )
            if nodes:
                cursor.executemany(
                    self._sql(
                        "INSERT INTO {p}seal_nodes (level, node_index, hash) VALUES (?, ?, ?)"
                    ),
                    list(nodes),
                )

    def leaves(self, start: int, limit: int) -> list[tuple[int, int, bytes]]:
        """(leaf index, position, leaf hash) from leaf `start` on."""
        rows = self._select(
            "SELECT leaf_index, notification_id, leaf_hash FROM {p}seal_leaves "
            "WHERE leaf_index >= ? ORDER BY leaf_index LIMIT ?",
            (start, limit),
        )
        return [(int(r["leaf_index"]), int(r["notification_id"]), bytes(r["leaf_hash"]))
                for r in rows]

    def leaf_at_position(self, position: int) -> tuple[int, bytes] | None:
        """The leaf index and hash of the event at `position`, if it is sealed."""
        rows = self._select(
            "SELECT leaf_index, leaf_hash FROM {p}seal_leaves WHERE notification_id = ?",
            (position,),
        )
        return (int(rows[0]["leaf_index"]), bytes(rows[0]["leaf_hash"])) if rows else None

    def kept_nodes(self, level: int, start: int, end: int) -> list[bytes]:
        """The kept hashes at `level` (0: the leaves) with indexes from `start` to `end`."""
        if level == 0:
            statement = (
                "SELECT leaf_hash AS hash FROM {p}seal_leaves WHERE leaf_index >= ? "
                "AND leaf_index < ? ORDER BY leaf_index"
            )
            params: tuple[int, ...] = (start, end)
        else:
            statement = (
                "SELECT hash FROM {p}seal_nodes WHERE level = ? AND node_index >= ? "
                "AND node_index < ? ORDER BY node_index"
            )
            params = (level, start, end)
        found = [bytes(r["hash"]) for r in self._select(statement, params)]
        if len(found) != end - start:
            raise MissingNodes(f"the seal lacks hashes at level {level} from {start} to {end}")
        return found

    def all_kept_nodes(self) -> Iterator[tuple[int, int, bytes]]:
        rows = self._select(
            "SELECT level, node_index, hash FROM {p}seal_nodes ORDER BY level, node_index"
        )
        for r in rows:
            yield int(r["level"]), int(r["node_index"]), bytes(r["hash"])

    def subtree(self, level: int, index: int) -> bytes:
        """The root of the perfect subtree of 2**level leaves starting at leaf index * 2**level,
        from the nearest kept level at or below it."""
        base = level - level % TILE
        width = 1 << (level - base)
        hashes = self.kept_nodes(base, index * width, (index + 1) * width)
        while len(hashes) > 1:
            hashes = [node_hash(hashes[i], hashes[i + 1]) for i in range(0, len(hashes), 2)]
        return hashes[0]

    # Tree heads

    def keep_head(self, head: TreeHead) -> TreeHead:
        """Keep `head` unless one of its size is kept already; return the one kept."""
        self.execute(
            "INSERT INTO {p}seal_tree_heads (tree_size, root_hash, timestamp_ms, key_id, "
            "signature) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING",
            (head.tree_size, head.root_hash, head.timestamp, head.key_id, head.signature),
            commit=True,
        )
        kept = self.head(head.tree_size)
        assert kept is not None
        return kept

    def head(self, tree_size: int) -> TreeHead | None:
        found = self._heads("WHERE tree_size = ?", (tree_size,))
        return found[0] if found else None

    def latest_head(self) -> TreeHead | None:
        found = self._heads("ORDER BY tree_size DESC LIMIT 1", ())
        return found[0] if found else None

    def heads(self, from_size: int = 0, limit: int | None = None) -> list[TreeHead]:
        """Kept heads of at least `from_size` leaves, smallest first."""
        if limit is None:
            return self._heads("WHERE tree_size >= ? ORDER BY tree_size", (from_size,))
        return self._heads(
            "WHERE tree_size >= ? ORDER BY tree_size LIMIT ?", (from_size, limit)
        )

    def _heads(self, where: str, params: Sequence[Any]) -> list[TreeHead]:
        rows = self._select(
            "SELECT tree_size, root_hash, timestamp_ms, key_id, signature "
            "FROM {p}seal_tree_heads " + where,
            params,
        )
        return [
            TreeHead(
                tree_size=int(r["tree_size"]),
                root_hash=bytes(r["root_hash"]),
                timestamp=int(r["timestamp_ms"]),
                key_id=str(r["key_id"]),
                signature=bytes(r["signature"]),
            )
            for r in rows
        ]


class PostgresSealStore(SealStore):
    def __init__(self, recorder: PostgresApplicationRecorder) -> None:
        super().__init__(recorder)
        self.datastore = recorder.datastore
        self.schema = recorder.datastore.schema
        self.prefix = '"' + self.schema.replace('"', '""') + '".'

    def _transaction(self, commit: bool) -> AbstractContextManager[Any]:
        return self.datastore.transaction(commit=commit)

    def _sql(self, statement: str) -> Any:
        return statement.format(p=self.prefix, blob="BYTEA").replace("?", "%s")

    def create_tables(self) -> None:
        with self._transaction(True) as cursor:
            # Serialise the processes that start at once: CREATE TABLE IF NOT EXISTS alone
            # can still fail on the catalogue's unique index when two run together.
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self.lock_name,))
            for ddl in TABLES.values():
                cursor.execute(self._sql(ddl))

    @property
    def lock_name(self) -> str:
        return f"casetrail-seal:{self.schema}"


class SQLiteSealStore(SealStore):
    def __init__(self, recorder: SQLiteApplicationRecorder) -> None:
        super().__init__(recorder)
        self.datastore = recorder.datastore

    def _transaction(self, commit: bool) -> AbstractContextManager[Any]:
        return self.datastore.transaction(commit=commit)

    def _sql(self, statement: str) -> Any:
        return statement.format(p="", blob="BLOB")

    def create_tables(self) -> None:
        with self._transaction(True) as cursor:
            for ddl in TABLES.values():
                cursor.execute(self._sql(ddl))


def open_seal_store(recorder: ApplicationRecorder) -> SealStore:
    """The seal's tables beside the events `recorder` keeps, created if need be."""
    store: SealStore
    if isinstance(recorder, PostgresApplicationRecorder):
        store = PostgresSealStore(recorder)
    elif isinstance(recorder, SQLiteApplicationRecorder):
        store = SQLiteSealStore(recorder)
    else:
        raise TypeError(f"the seal cannot keep its tables beside a {type(recorder).__name__}")
    store.create_tables()
    return store
