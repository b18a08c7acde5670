#!/usr/bin/env python3
"""The peer: the same roll-up as `rollup run`, in DuckDB SQL, from the same CSV files.

    python3 Benchmarks/duckdb_rollup.py DATA OUT [--threads 2] [--check ROLLUPS_CSV]

Reads DATA/units.csv, indicators.csv and values.csv, rolls every indicator up the tree level by
level in SQL, and writes OUT/rollups.csv with every row of the contract (docs: FORMATS.md):
one row per unit, indicator and period with a value, ordered by period, unit in units.csv order,
indicator in indicators.csv order; columns unit,indicator,period,value,low,high,coverage,source.

The SQL (the best this file's author could write; see Benchmarks/README.md):
  * units: depth from a recursive CTE over parent links; leaf = no child.
  * values: parsed in SQL: a plain number by TRY_CAST (the fast path, almost every row), else the
    bounds `<x`, `<=x`, `≤x`, `>x`, `>=x`, `≥x`, `&lt;x`, `&gt;x` and ranges `a-b`, a trailing `%`,
    Vietnamese decimals (a comma: `.` groups thousands, `,` is the point). A bound's open end is
    clamped to the indicator's low/high. Every figure is an interval [lo, hi]; exact when lo = hi.
  * the roll-up, one statement per level from the deepest up (children of level d+1 grouped by
    parent): sum, mean, min, max of the interval ends; weighted_mean = Σ w·x / Σ w over children
    with an exact positive weight (the child's rolled-up weight indicator) and a value, coverage =
    Σ contributing w / Σ w of children with an exact non-negative weight; share_of_units from leaf
    counts carried up (reported, surely 100, possibly 100), coverage over all leaves below;
    ratio = scale × N / D at every unit, leaves included, from the unit's own (rolled-up) N and D,
    else the unit's own report; `none` keeps own reports; an internal unit none of whose children
    contributes falls back to its own report (source own_report, coverage 0).
  * not modelled: whether an interval's ends are open (an end written `<3` is open; a result is
    written as a value when lo = hi), `worst_level` (qualitative levels), units with validity
    windows (several rows per code). The synthetic presets have none of these.

--check compares OUT/rollups.csv with rollup's, value by value (relative tolerance 1e-9), in
DuckDB, and exits 1 on any difference. Prints timings and the peak RSS of this process.
"""

import argparse
import os
import resource
import sys
import time

import duckdb

VERBOSE = False


class Timed:
    """A connection whose statements print their time with --verbose."""

    def __init__(self, con):
        self.con = con

    def execute(self, sql):
        start = time.perf_counter()
        result = self.con.execute(sql)
        if VERBOSE:
            first = " ".join(sql.split())[:90]
            print(f"  {time.perf_counter() - start:8.3f} s  {first}", file=sys.stderr)
        return result

    def close(self):
        self.con.close()


def sql_str(path):
    return "'" + path.replace("'", "''") + "'"


def load(con, data):
    con.execute(f"""
        CREATE TABLE units_raw AS
        SELECT (row_number() OVER ()) - 1 AS ord, code, NULLIF(trim(parent), '') AS parent
        FROM read_csv({sql_str(data + '/units.csv')}, all_varchar = true, header = true)
    """)
    con.execute("""
        CREATE TABLE units AS
        WITH RECURSIVE d(code, depth) AS (
            SELECT code, 0 FROM units_raw WHERE parent IS NULL
            UNION ALL
            SELECT u.code, d.depth + 1 FROM units_raw u JOIN d ON u.parent = d.code
        ),
        kids AS (SELECT parent, count(*) AS n FROM units_raw WHERE parent IS NOT NULL GROUP BY parent)
        SELECT r.ord AS id, r.code, p.ord AS pid, d.depth, coalesce(k.n, 0) AS nkids, k.n IS NULL AS leaf
        FROM units_raw r JOIN d USING (code)
        LEFT JOIN units_raw p ON r.parent = p.code
        LEFT JOIN kids k ON k.parent = r.code
    """)
    con.execute(f"""
        CREATE TABLE ind_raw AS
        SELECT (row_number() OVER ()) - 1 AS iid, *
        FROM read_csv({sql_str(data + '/indicators.csv')}, all_varchar = true, header = true)
    """)
    # File order is captured in ord and iid; from here on no result depends on insertion order.
    con.execute("SET preserve_insertion_order = false")
    con.execute("""
        CREATE TABLE ind AS
        SELECT i.iid, i.code, trim(i.aggregation) AS agg, w.iid AS wid, n.iid AS nid, d.iid AS did,
               TRY_CAST(i.scale AS DOUBLE) AS scale,
               TRY_CAST(i.low AS DOUBLE) AS lowlim, TRY_CAST(i.high AS DOUBLE) AS highlim
        FROM ind_raw i
        LEFT JOIN ind_raw w ON w.code = NULLIF(trim(i.weight), '')
        LEFT JOIN ind_raw n ON n.code = NULLIF(trim(i.numerator), '')
        LEFT JOIN ind_raw d ON d.code = NULLIF(trim(i.denominator), '')
    """)
    # Values: a plain number by TRY_CAST in the same pass as the code joins (almost every row);
    # the text is kept only where that fails, and those few rows are read as bounds or ranges.
    con.execute(f"""
        CREATE TABLE vraw AS
        SELECT u.id, i.iid, r.period AS per, u.depth, u.leaf, u.pid,
               TRY_CAST(r.value AS DOUBLE) AS x,
               CASE WHEN TRY_CAST(r.value AS DOUBLE) IS NULL THEN r.value END AS t
        FROM read_csv({sql_str(data + '/values.csv')}, header = true,
                      columns = {{'unit': 'VARCHAR', 'indicator': 'VARCHAR', 'period': 'INTEGER', 'value': 'VARCHAR'}}) r
        JOIN units u ON u.code = r.unit
        JOIN ind i ON i.code = r.indicator
    """)
    con.execute("""
        CREATE MACRO vnum(s) AS TRY_CAST(
            CASE WHEN contains(s, ',') THEN replace(replace(s, '.', ''), ',', '.') ELSE s END AS DOUBLE)
    """)
    con.execute("""
        CREATE TABLE vals AS
        WITH b AS (  -- the few rows that are not plain numbers
            SELECT v.*, i.lowlim, i.highlim, rtrim(trim(v.t), '%') AS t1
            FROM vraw v JOIN ind i ON i.iid = v.iid
            WHERE v.x IS NULL AND v.t IS NOT NULL AND trim(v.t) NOT IN ('', '-', '–')
        ),
        bo AS (
            SELECT *,
                regexp_extract(t1, '^(<=|=<|≤|&lt;=|<|&lt;|>=|=>|≥|&gt;=|>|&gt;)?\\s*(.*)$', 1) AS op,
                regexp_extract(t1, '^(<=|=<|≤|&lt;=|<|&lt;|>=|=>|≥|&gt;=|>|&gt;)?\\s*(.*)$', 2) AS rest
            FROM b
        ),
        bi AS (
            SELECT *,
                CASE WHEN op <> '' THEN vnum(rest) END AS bound,
                CASE WHEN op = '' THEN vnum(regexp_extract(rest, '^(-?[0-9.,]+)\\s*[-–]\\s*(-?[0-9.,]+)$', 1)) END AS r1,
                CASE WHEN op = '' THEN vnum(regexp_extract(rest, '^(-?[0-9.,]+)\\s*[-–]\\s*(-?[0-9.,]+)$', 2)) END AS r2,
                CASE WHEN op = '' THEN vnum(rest) END AS plain
            FROM bo
        ),
        bl AS (
            SELECT id, iid, per, depth, leaf, pid,
                CASE WHEN plain IS NOT NULL THEN plain
                     WHEN op IN ('<', '&lt;', '<=', '=<', '≤', '&lt;=') THEN '-inf'::DOUBLE
                     WHEN op <> '' THEN bound
                     ELSE r1 END AS lo0,
                CASE WHEN plain IS NOT NULL THEN plain
                     WHEN op IN ('>', '&gt;', '>=', '=>', '≥', '&gt;=') THEN 'inf'::DOUBLE
                     WHEN op <> '' THEN bound
                     ELSE r2 END AS hi0,
                lowlim, highlim
            FROM bi
            WHERE coalesce(plain, bound, r1) IS NOT NULL
        ),
        bc AS (  -- clamp an unbounded end to the indicator's limit (when that keeps lo <= hi)
            SELECT *,
                CASE WHEN isinf(lo0) AND lowlim IS NOT NULL AND lowlim <= hi0 THEN lowlim ELSE lo0 END AS lo1
            FROM bl
        )
        SELECT id, iid, per, depth, leaf, pid, x AS lo, x AS hi FROM vraw WHERE x IS NOT NULL
        UNION ALL
        SELECT id, iid, per, depth, leaf, pid, lo1 AS lo,
            CASE WHEN isinf(hi0) AND highlim IS NOT NULL AND highlim >= lo1 THEN highlim ELSE hi0 END AS hi
        FROM bc
    """)
    con.execute("DROP TABLE vraw")


def leaf_tables(con, ratios):
    """Leaves stay in vals (no copy); their ratios go to leafrat; leafeff is the view of both."""
    ratio_ids = ", ".join(str(r[0]) for r in ratios) or "-1"
    con.execute("CREATE TABLE leafrat (id INTEGER, iid INTEGER, per INTEGER, depth INTEGER, pid INTEGER, lo DOUBLE, hi DOUBLE)")
    con.execute(f"""
        CREATE VIEW leafeff AS
        SELECT v.id, v.iid, v.per, v.depth, v.pid, v.lo, v.hi, 1.0::DOUBLE AS cov, 1 AS src,
               CASE WHEN s.iid IS NOT NULL THEN 1 ELSE 0 END AS rep,
               CASE WHEN s.iid IS NOT NULL AND v.lo = 100 AND v.hi = 100 THEN 1 ELSE 0 END AS sure,
               CASE WHEN s.iid IS NOT NULL AND v.lo <= 100 AND v.hi >= 100 THEN 1 ELSE 0 END AS poss
        FROM vals v LEFT JOIN (SELECT iid FROM ind WHERE agg = 'share_of_units') s ON s.iid = v.iid
        WHERE v.leaf AND v.iid NOT IN ({ratio_ids})
        UNION ALL
        SELECT id, iid, per, depth, pid, lo, hi, 1.0::DOUBLE, 1, 0, 0, 0 FROM leafrat
    """)
    # A leaf's ratio: scale × N / D from its own N and D, else what it reported.
    for rid, nid, did, scale in ratios:
        con.execute(f"""
            INSERT INTO leafrat
            WITH n AS (SELECT * FROM leafeff WHERE iid = {nid}), d AS (SELECT * FROM leafeff WHERE iid = {did}),
            r AS (
                SELECT n.id, n.per, n.depth, n.pid,
                       least({scale} * n.lo / d.lo, {scale} * n.lo / d.hi, {scale} * n.hi / d.lo, {scale} * n.hi / d.hi) AS lo,
                       greatest({scale} * n.lo / d.lo, {scale} * n.lo / d.hi, {scale} * n.hi / d.lo, {scale} * n.hi / d.hi) AS hi
                FROM n JOIN d ON d.id = n.id AND d.per = n.per
                WHERE NOT (d.lo <= 0 AND d.hi >= 0)
            ),
            o AS (SELECT * FROM vals WHERE leaf AND iid = {rid})
            SELECT coalesce(r.id, o.id), {rid}, coalesce(r.per, o.per), coalesce(r.depth, o.depth), coalesce(r.pid, o.pid),
                   CASE WHEN r.id IS NOT NULL THEN r.lo ELSE o.lo END, CASE WHEN r.id IS NOT NULL THEN r.hi ELSE o.hi END
            FROM r FULL OUTER JOIN o ON o.id = r.id AND o.per = r.per
        """)


def fold_level(con, d, max_depth, ratios):
    """Builds lvl{d}: the effective figures of the internal units at depth d (leaves stay in vals)."""
    children = f"SELECT pid AS p, id, iid, per, lo, hi, rep, sure, poss FROM leafeff WHERE depth = {d + 1}"
    if d + 1 < max_depth:
        children += f" UNION ALL SELECT pid AS p, id, iid, per, lo, hi, rep, sure, poss FROM lvl{d + 1}"
    con.execute(f"""
        CREATE TABLE base{d} AS
        WITH ch AS MATERIALIZED ({children}),
        plain AS (  -- sum, mean, min, max
            SELECT c.p, c.iid, c.per, count(*) AS n, sum(c.lo) AS slo, sum(c.hi) AS shi, min(c.lo) AS minlo,
                   min(c.hi) AS minhi, max(c.lo) AS maxlo, max(c.hi) AS maxhi
            FROM ch c WHERE c.iid IN (SELECT iid FROM ind WHERE agg IN ('sum', 'mean', 'min', 'max'))
            GROUP BY c.p, c.iid, c.per
        ),
        weights AS (  -- children's exact non-negative weights, by weight indicator
            SELECT c.p, c.id, c.iid AS wid, c.per, c.lo AS w FROM ch c
            WHERE c.lo = c.hi AND c.lo >= 0 AND c.iid IN (SELECT wid FROM ind WHERE agg = 'weighted_mean')
        ),
        allw AS (SELECT p, wid, per, sum(w) AS total FROM weights GROUP BY p, wid, per),
        wm AS (
            SELECT c.p, c.iid, c.per, sum(w.w * c.lo) / sum(w.w) AS lo, sum(w.w * c.hi) / sum(w.w) AS hi,
                   sum(w.w) AS contributing, any_value(i.wid) AS wid
            FROM ch c JOIN ind i ON i.iid = c.iid AND i.agg = 'weighted_mean'
            JOIN weights w ON w.id = c.id AND w.per = c.per AND w.wid = i.wid AND w.w > 0
            GROUP BY c.p, c.iid, c.per
        ),
        share AS (
            SELECT c.p, c.iid, c.per, sum(c.rep) AS rep, sum(c.sure) AS sure, sum(c.poss) AS poss
            FROM ch c WHERE c.iid IN (SELECT iid FROM ind WHERE agg = 'share_of_units')
            GROUP BY c.p, c.iid, c.per HAVING sum(c.rep) > 0
        ),
        lc AS (SELECT id, nkids, leaves FROM units JOIN leafcount USING (id) WHERE depth = {d}),
        a AS (
            SELECT pl.p AS id, pl.iid, pl.per,
                   CASE i.agg WHEN 'sum' THEN pl.slo WHEN 'mean' THEN pl.slo / pl.n WHEN 'min' THEN pl.minlo ELSE pl.maxlo END AS lo,
                   CASE i.agg WHEN 'sum' THEN pl.shi WHEN 'mean' THEN pl.shi / pl.n WHEN 'min' THEN pl.minhi ELSE pl.maxhi END AS hi,
                   pl.n / lc.nkids AS cov, 0 AS rep, 0 AS sure, 0 AS poss
            FROM plain pl JOIN lc ON lc.id = pl.p JOIN ind i ON i.iid = pl.iid
            UNION ALL
            SELECT wm.p, wm.iid, wm.per, wm.lo, wm.hi,
                   CASE WHEN a.total > 0 THEN wm.contributing / a.total ELSE 0 END, 0, 0, 0
            FROM wm JOIN allw a ON a.p = wm.p AND a.wid = wm.wid AND a.per = wm.per
            UNION ALL
            SELECT s.p, s.iid, s.per, 100 * s.sure / s.rep, 100 * s.poss / s.rep, s.rep / lc.leaves, s.rep, s.sure, s.poss
            FROM share s JOIN lc ON lc.id = s.p
        ),
        o AS (SELECT id, iid, per, lo, hi FROM vals WHERE depth = {d} AND NOT leaf)
        -- an internal unit takes its roll-up, else its own report
        SELECT coalesce(a.id, o.id) AS id, coalesce(a.iid, o.iid) AS iid, coalesce(a.per, o.per) AS per,
               CASE WHEN a.id IS NOT NULL THEN a.lo ELSE o.lo END AS lo,
               CASE WHEN a.id IS NOT NULL THEN a.hi ELSE o.hi END AS hi,
               CASE WHEN a.id IS NOT NULL THEN a.cov ELSE 0.0 END AS cov,
               CASE WHEN a.id IS NOT NULL THEN 2 ELSE 3 END AS src,
               coalesce(a.rep, 0) AS rep, coalesce(a.sure, 0) AS sure, coalesce(a.poss, 0) AS poss
        FROM a FULL OUTER JOIN o ON a.id = o.id AND a.iid = o.iid AND a.per = o.per
    """)
    # Ratios at the level's internal units, from their own N and D, in dependency order.
    current = f"base{d}"
    for k, (rid, nid, did, scale) in enumerate(ratios):
        nxt = f"r{d}_{k}"
        con.execute(f"""
            CREATE TABLE {nxt} AS
            WITH nd AS (
                SELECT n.id, n.per, n.lo AS nlo, n.hi AS nhi, dd.lo AS dlo, dd.hi AS dhi, least(n.cov, dd.cov) AS cov
                FROM {current} n JOIN {current} dd ON dd.id = n.id AND dd.per = n.per
                WHERE n.iid = {nid} AND dd.iid = {did} AND NOT (dd.lo <= 0 AND dd.hi >= 0)
            ),
            r AS (
                SELECT id, per, cov,
                       least({scale} * nlo / dlo, {scale} * nlo / dhi, {scale} * nhi / dlo, {scale} * nhi / dhi) AS lo,
                       greatest({scale} * nlo / dlo, {scale} * nlo / dhi, {scale} * nhi / dlo, {scale} * nhi / dhi) AS hi
                FROM nd
            )
            SELECT * FROM {current} WHERE iid <> {rid}
            UNION ALL
            SELECT coalesce(r.id, e.id), {rid}, coalesce(r.per, e.per), coalesce(r.lo, e.lo), coalesce(r.hi, e.hi),
                   CASE WHEN r.id IS NOT NULL THEN r.cov ELSE e.cov END, CASE WHEN r.id IS NOT NULL THEN 2 ELSE e.src END, 0, 0, 0
            FROM r FULL OUTER JOIN (SELECT * FROM {current} WHERE iid = {rid}) e ON e.id = r.id AND e.per = r.per
        """)
        con.execute(f"DROP TABLE {current}")
        current = nxt
    con.execute(f"""
        CREATE TABLE lvl{d} AS
        SELECT e.id, e.iid, e.per, u.pid, e.lo, e.hi, e.cov, e.src, e.rep, e.sure, e.poss
        FROM {current} e JOIN units u ON u.id = e.id
    """)
    con.execute(f"DROP TABLE {current}")


def roll_up(con):
    max_depth = con.execute("SELECT max(depth) FROM units").fetchone()[0]
    # Leaves below each unit, level by level.
    con.execute("CREATE TABLE leafcount (id INTEGER, leaves BIGINT)")
    for d in range(max_depth, -1, -1):
        con.execute(f"""
            INSERT INTO leafcount
            SELECT u.id, CASE WHEN u.leaf THEN 1 ELSE coalesce(s.n, 0) END
            FROM units u LEFT JOIN (
                SELECT c.pid, sum(l.leaves) AS n FROM units c JOIN leafcount l ON l.id = c.id
                WHERE c.depth = {d + 1} GROUP BY c.pid
            ) s ON s.pid = u.id
            WHERE u.depth = {d}
        """)
    # Ratios in an order where each comes after the ratios it reads.
    rows = con.execute("SELECT iid, nid, did, scale FROM ind WHERE agg = 'ratio' ORDER BY iid").fetchall()
    ratios, done = [], set()
    pending = {r[0] for r in rows}
    while rows:
        ready = [r for r in rows if all(x in done or x not in pending for x in (r[1], r[2]))]
        if not ready:
            raise SystemExit("a cycle among ratio indicators")
        for r in ready:
            ratios.append(r)
            done.add(r[0])
            rows.remove(r)
    ratios = [(r, n, d, s if s is not None else 1.0) for r, n, d, s in ratios]
    leaf_tables(con, ratios)
    for d in range(max_depth - 1, -1, -1):
        fold_level(con, d, max_depth, ratios)
    return max_depth


NUM = """CASE WHEN {x} = 0 THEN '0'
             WHEN {x} = round({x}) AND abs({x}) < 1e15 THEN CAST(CAST({x} AS BIGINT) AS VARCHAR)
             ELSE CAST({x} AS VARCHAR) END"""


def write(con, out, max_depth):
    os.makedirs(out, exist_ok=True)
    parts = ["SELECT id, iid, per, lo, hi, cov, src FROM leafeff"]
    parts += [f"SELECT id, iid, per, lo, hi, cov, src FROM lvl{d}" for d in range(max_depth)]
    union = " UNION ALL ".join(parts)
    value = NUM.format(x="e.lo")
    low = NUM.format(x="e.lo")
    high = NUM.format(x="e.hi")
    cov = NUM.format(x="e.cov")
    target = os.path.join(out, "rollups.csv")
    con.execute(f"""
        COPY (
            SELECT u.code AS unit, i.code AS indicator, e.per AS period,
                   CASE WHEN e.lo = e.hi THEN {value} END AS value,
                   CASE WHEN e.lo <> e.hi AND isfinite(e.lo) THEN {low} END AS low,
                   CASE WHEN e.lo <> e.hi AND isfinite(e.hi) THEN {high} END AS high,
                   {cov} AS coverage,
                   CASE e.src WHEN 1 THEN 'reported' WHEN 2 THEN 'rollup' ELSE 'own_report' END AS source
            FROM ({union}) e JOIN units u ON u.id = e.id JOIN ind i ON i.iid = e.iid
            ORDER BY e.per, e.id, e.iid
        ) TO {sql_str(target)} (HEADER true, DELIMITER ',')
    """)
    return target


def check(ours, theirs, threads):
    """Compares two rollups.csv value by value; returns the number of differences."""
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    for name, path in (("a", ours), ("b", theirs)):
        con.execute(f"""
            CREATE TABLE {name} AS SELECT (row_number() OVER ()) AS line, *
            FROM read_csv({sql_str(path)}, all_varchar = true, header = true)
        """)
    counts = con.execute("SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM b)").fetchone()

    def close(x, y):
        return f"""(({x} IS NULL AND {y} IS NULL) OR (abs(CAST({x} AS DOUBLE) - CAST({y} AS DOUBLE))
                   <= 1e-9 * greatest(abs(CAST({x} AS DOUBLE)), abs(CAST({y} AS DOUBLE)))))"""

    diff_sql = f"""
        SELECT coalesce(a.unit, b.unit) AS unit, coalesce(a.indicator, b.indicator) AS indicator,
               coalesce(a.period, b.period) AS period,
               a.value AS duckdb_value, b.value AS rollup_value, a.low AS duckdb_low, b.low AS rollup_low,
               a.high AS duckdb_high, b.high AS rollup_high, a.coverage AS duckdb_coverage, b.coverage AS rollup_coverage,
               a.source AS duckdb_source, b.source AS rollup_source, a.line AS duckdb_line, b.line AS rollup_line
        FROM a FULL OUTER JOIN b ON a.unit = b.unit AND a.indicator = b.indicator AND a.period = b.period
        WHERE a.unit IS NULL OR b.unit IS NULL
           OR NOT {close('a.value', 'b.value')} OR NOT {close('a.low', 'b.low')} OR NOT {close('a.high', 'b.high')}
           OR NOT {close('a.coverage', 'b.coverage')} OR a.source <> b.source OR a.line <> b.line
    """
    n = con.execute(f"SELECT count(*) FROM ({diff_sql})").fetchone()[0]
    print(f"check: {counts[0]} rows ({os.path.basename(os.path.dirname(ours)) or ours}) against {counts[1]} rows (reference): {n} differ", file=sys.stderr)
    if n:
        for row in con.execute(f"SELECT * FROM ({diff_sql}) ORDER BY coalesce(rollup_line, duckdb_line) LIMIT 10").fetchall():
            print("  " + repr(row), file=sys.stderr)
    return n


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data")
    parser.add_argument("out")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--check", metavar="ROLLUPS_CSV", help="rollup's rollups.csv to compare with")
    parser.add_argument("--verbose", action="store_true", help="print each statement's time")
    parser.add_argument("--memory-limit", default=None, help="DuckDB memory_limit (default: DuckDB's)")
    args = parser.parse_args()

    global VERBOSE
    VERBOSE = args.verbose
    start = time.perf_counter()
    con = Timed(duckdb.connect())
    con.execute(f"SET threads = {args.threads}")
    if args.memory_limit:
        con.execute(f"SET memory_limit = '{args.memory_limit}'")
    load(con, args.data)
    t_load = time.perf_counter()
    max_depth = roll_up(con)
    t_roll = time.perf_counter()
    target = write(con, args.out, max_depth)
    t_write = time.perf_counter()
    con.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"duckdb {duckdb.__version__}, threads {args.threads}: load+parse {t_load - start:.3f} s, "
          f"roll-up {t_roll - t_load:.3f} s, write {t_write - t_roll:.3f} s, total {t_write - start:.3f} s, "
          f"peak RSS {peak / 1e6:.1f} MB -> {target}", file=sys.stderr)
    if args.check:
        if check(target, args.check, args.threads):
            sys.exit(1)
        print("check: identical within 1e-9", file=sys.stderr)


if __name__ == "__main__":
    main()
