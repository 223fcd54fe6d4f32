"""The oracle's verdict: what the terminal acknowledged, what its store holds, what the collector holds.

- lost: acknowledged by the terminal but missing (or different) in its store, or in the store
  but not at the collector once the network is back.
- duplicated: one press stored twice at the collector (two rows with one rating id, or a row
  the terminal's store does not have: a second copy under another key).
- mismatched: at the collector, but with other content than the terminal stored.
"""

import json
import re
import sqlite3

# The fields both sides keep for a rating, as (terminal column, collector column).
FIELDS = ["rating_id", "score", "flags", "site", "counter", "wall_ms", "boot_id", "mono_ns", "clock_synced",
          "ticket", "staff", "window_wall_ms", "window_boot_id", "window_mono_ns", "window_clock_synced"]


# Records added to a rating or about the device, compared by (store id, seq): table -> fields.
# Device events go one way only: the terminal's retention drops acknowledged ones but the newest of each kind.
ADDITIONS = {"amendments": ["rating_seq", "kind", "value", "wall_ms", "boot_id", "mono_ns", "clock_synced"],
             "device_events": ["kind", "detail", "wall_ms", "boot_id", "mono_ns", "clock_synced"]}


def normalise(field, value):
    if value is None or value == "":
        return None if field != "flags" else ()
    if field == "detail":
        return json.dumps(json.loads(value), sort_keys=True, separators=(",", ":"))
    if field == "flags":
        return tuple(sorted(part for part in re.split(r"[^a-z_]+", str(value)) if part))
    if field in ("clock_synced", "window_clock_synced"):
        return str(value).lower() in ("1", "t", "true")
    if field in ("score", "wall_ms", "mono_ns", "window_wall_ms", "window_mono_ns", "rating_seq"):
        return int(value)
    return str(value)


def terminal_store(path):
    """(store id, {seq: {field: value}}) read straight from the terminal's SQLite file."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        store_id = connection.execute("SELECT store_id FROM store_info WHERE id = 1").fetchone()[0]
        columns = ", ".join(FIELDS)
        rows = {}
        for row in connection.execute(f"SELECT seq, {columns} FROM ratings"):
            rows[row[0]] = {field: normalise(field, value) for field, value in zip(FIELDS, row[1:])}
        return store_id, rows
    finally:
        connection.close()


def terminal_additions(path):
    """{table: {seq: {field: value}}} for the terminal's amendments and device events."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return {table: {row[0]: {f: normalise(f, v) for f, v in zip(fields, row[1:])}
                        for row in connection.execute(f"SELECT seq, {', '.join(fields)} FROM {table}")}
                for table, fields in ADDITIONS.items()}
    finally:
        connection.close()


def collector_additions(postgres, device_id, store_id):
    """The same, from the collector's database, for the terminal's store."""
    found = {}
    for table, fields in ADDITIONS.items():
        rows = postgres.query(f"SELECT seq, {', '.join(fields)} FROM {table} WHERE device_id = '{device_id}' AND store_id = '{store_id}'")
        found[table] = {int(line[0]): {f: normalise(f, None if v == "" else v) for f, v in zip(fields, line[1:])} for line in rows}
    return found


def additions_verdict(stored, collected):
    """(lost, duplicated, mismatched) for amendments and device events."""
    lost, duplicated, mismatched = [], [], []
    for table in ADDITIONS:
        mine, theirs = stored[table], collected[table]
        for seq, fields in sorted(mine.items()):
            if seq not in theirs:
                lost.append(f"{table} seq {seq} is in the terminal's store but not at the collector")
            elif theirs[seq] != fields:
                mismatched.append(f"{table} seq {seq} differs at the collector in {sorted(k for k in fields if theirs[seq].get(k) != fields[k])}")
        if table == "amendments":
            duplicated += [f"the collector holds amendment seq {seq}, which the terminal's store does not have"
                           for seq in sorted(set(theirs) - set(mine))]
    return lost, duplicated, mismatched


def collector_rows(postgres, device_id):
    """[(store id, seq, {field: value})] for the device, read straight from the collector's database."""
    columns = ", ".join(FIELDS)
    rows = []
    for line in postgres.query(f"SELECT store_id, seq, {columns} FROM ratings WHERE device_id = '{device_id}'"):
        values = [None if value == "" else value for value in line[2:]]
        rows.append((line[0], int(line[1]), {field: normalise(field, value) for field, value in zip(FIELDS, values)}))
    return rows


def collector_count(postgres, device_id):
    return int(postgres.query(f"SELECT count(*) FROM ratings WHERE device_id = '{device_id}'")[0][0])


def verdict(acknowledged, store_id, stored, collected, conflicts):
    lost, duplicated, mismatched = [], [], []
    for seq, score in sorted(acknowledged.items()):
        if seq not in stored or stored[seq]["score"] != score:
            lost.append(f"acknowledged seq {seq} (score {score}) is not in the terminal's store as pressed")
    by_key = {}
    by_id = {}
    for store, seq, fields in collected:
        by_key.setdefault((store, seq), []).append(fields)
        by_id.setdefault(fields["rating_id"], []).append((store, seq))
    for rating_id, keys in by_id.items():
        if len(keys) > 1:
            duplicated.append(f"rating {rating_id} is stored {len(keys)} times: {keys}")
    for (store, seq), copies in by_key.items():
        if store != store_id or seq not in stored:
            duplicated.append(f"the collector holds {store}/{seq}, which the terminal's store does not have")
    for seq, fields in sorted(stored.items()):
        copies = by_key.get((store_id, seq))
        if not copies:
            lost.append(f"seq {seq} is in the terminal's store but not at the collector")
        elif copies[0] != fields:
            differing = sorted(k for k in fields if copies[0].get(k) != fields[k])
            mismatched.append(f"seq {seq} differs at the collector in {differing}")
    mismatched += [f"the collector set aside {row}" for row in conflicts]
    return lost, duplicated, mismatched


def sabotage(postgres, device_id):
    """Damages the collector's copy on purpose (the oracle's self-check): one rating deleted,
    one score changed, one rating stored a second time under another seq and id."""
    where = f"device_id = '{device_id}'"
    postgres.query(f"""
        DELETE FROM ratings WHERE {where} AND seq = (SELECT min(seq) FROM ratings WHERE {where});
        UPDATE ratings SET score = CASE WHEN score = 5 THEN 4 ELSE score + 1 END WHERE {where} AND seq = (SELECT min(seq) FROM ratings WHERE {where});
        CREATE TEMP TABLE copy AS SELECT * FROM ratings WHERE {where} AND seq = (SELECT max(seq) FROM ratings WHERE {where});
        UPDATE copy SET revision = (SELECT max(revision) + 1 FROM ratings), seq = seq + 1000000, rating_id = rating_id || '-copy';
        INSERT INTO ratings SELECT * FROM copy;
        SELECT 1""")
