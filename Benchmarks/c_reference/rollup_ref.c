/*
 * rollup_ref: a hand-written C reference of `rollup run`, the "what the hardware allows" point of
 * the side-by-side (Benchmarks/side_by_side.sh). Same files in, same rollups.csv out.
 *
 *     rollup_ref DATA OUT [--threads N]
 *
 * Reads DATA/units.csv, indicators.csv and values.csv (targets.csv is not needed for rollups.csv)
 * and writes OUT/rollups.csv: every unit, indicator and period with a value, ordered by period,
 * unit in units.csv order, indicator in indicators.csv order; columns
 * unit,indicator,period,value,low,high,coverage,source (FORMATS.md).
 *
 * How:
 *   - files are read whole with read(2); values.csv is split at line ends into one chunk per
 *     thread and parsed in parallel (pthreads). Codes are looked up in an open-addressing hash
 *     table over the bytes (no allocation per field); numbers take a fast path for plain
 *     decimals (mantissa < 2^53 and at most 22 decimals: one exactly rounded division, the same
 *     double as strtod), everything else (bounds, ranges, '%', Vietnamese commas) a slow path.
 *   - the tree is laid out breadth first (children of a parent contiguous, in units.csv order);
 *     per period and indicator one double buffer with NaN for "no value"; a figure known only as
 *     an interval is a NaN with a payload bit, its ends kept in a side table (sorted by position
 *     for leaves, dense for internal units), so exact data pays nothing for intervals.
 *   - the roll-up runs level by level from the deepest, each parent folding its children in
 *     order; columns of one dependency wave are rolled up in parallel.
 *   - rollups.csv is formatted in parallel chunks (integers in full; between 1e-4 and 1e15 the
 *     nearest decimal of 15, 16 or 17 digits that reads back, found exactly in 128-bit integers;
 *     else the shortest of %.15g/%.16g/%.17g that reads back), written to a temporary file,
 *     fsync'ed and renamed into OUT (like rollup's atomic results folder, minus the folder swap).
 *
 * Aggregations as in FORMATS.md: sum, mean, min, max (interval ends), weighted_mean (Σ w·x / Σ w
 * over children with an exact positive rolled-up weight; coverage Σ contributing w / Σ w),
 * ratio (scale × N / D at every unit from its own N and D, else its own report), share_of_units
 * (leaf counts carried up), none; an internal unit whose children contribute nothing keeps its
 * own report. Sums are plain double additions in child order (rollup rounds them exactly; the
 * difference is far below the 1e-9 the check allows).
 *
 * Not handled (absent from the synthetic presets): worst_level (qualitative levels), validity
 * windows (several rows per unit code), line breaks inside quoted fields of values.csv, input
 * errors beyond a message and exit status 65.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_PERIODS 64
#define MAX_THREADS 64

enum { AGG_SUM, AGG_MEAN, AGG_MIN, AGG_MAX, AGG_WMEAN, AGG_RATIO, AGG_SHARE, AGG_NONE, AGG_UNSUPPORTED };
enum { SRC_NONE = 0, SRC_REPORTED = 1, SRC_ROLLUP = 2, SRC_OWN = 3 };

static void die(const char *fmt, const char *arg) {
    fprintf(stderr, "rollup_ref: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    exit(65);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* ---------- files ---------- */

typedef struct {
    char *data;
    size_t size;
} Bytes;

static Bytes read_file(const char *path, int required) {
    Bytes b = {NULL, 0};
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        if (required) die("cannot open %s", path);
        return b;
    }
    struct stat st;
    fstat(fd, &st);
    b.data = malloc((size_t)st.st_size + 1);
    size_t done = 0;
    while (done < (size_t)st.st_size) {
        ssize_t n = read(fd, b.data + done, (size_t)st.st_size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += (size_t)n;
    }
    close(fd);
    b.size = done;
    b.data[done] = 0;
    return b;
}

/* ---------- CSV fields (small files: units, indicators; and the header of values) ---------- */

typedef struct {
    const char *p;
    int len;
    int quoted_escapes; /* a doubled quote inside: needs unescaping */
} Field;

/* Parses one record starting at *pos; fills up to max fields; returns the field count, -1 at end. */
static int next_record(const char *s, size_t size, size_t *pos, Field *fields, int max) {
    size_t i = *pos;
    /* skip blank lines */
    while (i < size && (s[i] == '\n' || s[i] == '\r')) i++;
    if (i >= size) return -1;
    int n = 0;
    for (;;) {
        Field f = {s + i, 0, 0};
        if (i < size && s[i] == '"') {
            i++;
            f.p = s + i;
            size_t start = i;
            while (i < size) {
                if (s[i] == '"') {
                    if (i + 1 < size && s[i + 1] == '"') {
                        f.quoted_escapes = 1;
                        i += 2;
                        continue;
                    }
                    break;
                }
                i++;
            }
            f.len = (int)(i - start);
            i++; /* closing quote */
            while (i < size && s[i] != ',' && s[i] != '\n' && s[i] != '\r') i++;
        } else {
            size_t start = i;
            while (i < size && s[i] != ',' && s[i] != '\n' && s[i] != '\r') i++;
            f.len = (int)(i - start);
        }
        if (n < max) fields[n] = f;
        n++;
        if (i < size && s[i] == ',') {
            i++;
            continue;
        }
        if (i < size && s[i] == '\r') i++;
        if (i < size && s[i] == '\n') i++;
        break;
    }
    *pos = i;
    return n;
}

static char *field_string(Field f) {
    char *out = malloc((size_t)f.len + 1);
    int k = 0;
    for (int j = 0; j < f.len; j++) {
        out[k++] = f.p[j];
        if (f.quoted_escapes && f.p[j] == '"' && j + 1 < f.len && f.p[j + 1] == '"') j++;
    }
    out[k] = 0;
    /* trim */
    int a = 0;
    while (out[a] == ' ' || out[a] == '\t') a++;
    int e = k;
    while (e > a && (out[e - 1] == ' ' || out[e - 1] == '\t')) e--;
    memmove(out, out + a, (size_t)(e - a));
    out[e - a] = 0;
    return out;
}

static int column_of(Field *header, int n, const char *name) {
    for (int k = 0; k < n; k++) {
        int len = (int)strlen(name);
        if (header[k].len == len && memcmp(header[k].p, name, (size_t)len) == 0) return k;
    }
    return -1;
}

static size_t skip_bom(Bytes b) {
    return (b.size >= 3 && (unsigned char)b.data[0] == 0xEF && (unsigned char)b.data[1] == 0xBB &&
            (unsigned char)b.data[2] == 0xBF)
               ? 3
               : 0;
}

/* ---------- the code table: unit code -> unit index ---------- */

typedef struct {
    int32_t *slots; /* unit index or -1 */
    uint64_t mask;
    char **codes;
    int *lens;
} CodeTable;

static inline uint64_t hash_bytes(const char *p, int len) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int i = 0; i < len; i++) h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
    return h ^ (h >> 29);
}

static void table_init(CodeTable *t, int n, char **codes, int *lens) {
    uint64_t cap = 16;
    while (cap < (uint64_t)n * 2) cap <<= 1;
    t->slots = malloc(cap * sizeof(int32_t));
    memset(t->slots, 0xff, cap * sizeof(int32_t));
    t->mask = cap - 1;
    t->codes = codes;
    t->lens = lens;
}

static inline int table_find(const CodeTable *t, const char *p, int len) {
    uint64_t h = hash_bytes(p, len) & t->mask;
    for (;;) {
        int32_t u = t->slots[h];
        if (u < 0) return -1;
        if (t->lens[u] == len && memcmp(t->codes[u], p, (size_t)len) == 0) return u;
        h = (h + 1) & t->mask;
    }
}

/* Inserts unit u; returns the index already there for the same code, or -1. */
static int table_insert(CodeTable *t, int u) {
    uint64_t h = hash_bytes(t->codes[u], t->lens[u]) & t->mask;
    for (;;) {
        int32_t v = t->slots[h];
        if (v < 0) {
            t->slots[h] = u;
            return -1;
        }
        if (t->lens[v] == t->lens[u] && memcmp(t->codes[v], t->codes[u], (size_t)t->lens[u]) == 0) return v;
        h = (h + 1) & t->mask;
    }
}

/* ---------- the model ---------- */

typedef struct {
    char *code;
    int code_len;
    int agg;
    int weight, num, den; /* indicator indices or -1 */
    double scale, lowlim, highlim;
    int has_low, has_high;
    int wave;
} Indicator;

typedef struct {
    double lo, hi;
    uint8_t inc_lo, inc_hi;
} Interval;

typedef struct {
    int32_t pos;
    Interval iv;
} LeafInterval;

/* One period's column of one indicator. */
typedef struct {
    double *val;          /* [n] exact value, NaN none, NaN|INTERVAL_BIT: an interval */
    double *cov;          /* [internal_end] coverage of internal positions */
    uint8_t *src;         /* [internal_end] source of internal positions */
    Interval *ivi;        /* [internal_end] intervals of internal positions (valid where val is boxed) */
    LeafInterval *ivl;    /* intervals at positions >= internal_end, sorted by position */
    int nivl, capivl;
    int32_t *rep, *sure, *poss; /* [internal_end] share_of_units counts */
    int used;
} Column;

static const uint64_t INTERVAL_BITS = 0x7ff8000000000001ULL;

static inline double boxed(void) {
    double d;
    memcpy(&d, &INTERVAL_BITS, 8);
    return d;
}
static inline int is_boxed(double d) {
    uint64_t b;
    memcpy(&b, &d, 8);
    return b == INTERVAL_BITS;
}

static int n_units, n_ind, n_periods;
static char **unit_codes;
static int *unit_lens;
static int32_t *parent_of;    /* unit -> parent unit, -1 root */
static int32_t *pos_of;       /* unit -> position */
static int32_t *unit_at;      /* position -> unit */
static int32_t *child_start, *child_end, *leaf_count;
static int *level_start, n_levels;
static int internal_end; /* positions below the deepest level */
static Indicator *inds;
static int periods[MAX_PERIODS];
static Column *cols[MAX_PERIODS]; /* cols[period slot][indicator] */
static pthread_mutex_t period_lock = PTHREAD_MUTEX_INITIALIZER;
static CodeTable unit_table;

/* ---------- numbers ---------- */

static const double POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* A plain decimal: [-]digits[.digits]; returns 1 and the exactly rounded double, else 0. */
static inline int fast_decimal(const char *p, int len, double *out) {
    int i = 0, neg = 0;
    if (i < len && p[i] == '-') {
        neg = 1;
        i++;
    }
    uint64_t m = 0;
    int digits = 0, frac = 0, seen_dot = 0, any = 0;
    for (; i < len; i++) {
        char c = p[i];
        if (c >= '0' && c <= '9') {
            if (digits >= 19) return 0;
            m = m * 10 + (uint64_t)(c - '0');
            if (m) digits++;
            if (seen_dot) frac++;
            any = 1;
        } else if (c == '.' && !seen_dot) {
            seen_dot = 1;
        } else {
            return 0;
        }
    }
    if (!any || m >= (1ULL << 53) || frac > 22) return 0;
    double x = (double)m / POW10[frac];
    *out = neg ? -x : x;
    return 1;
}

/* A number in either notation ('.' decimal, or ',' decimal with '.' thousands); 1 on success. */
static int parse_number(const char *p, int len, double *out) {
    while (len > 0 && (*p == ' ' || *p == '\t')) {
        p++;
        len--;
    }
    while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t')) len--;
    if (len > 0 && p[len - 1] == '%') len--;
    if (len <= 0 || len > 120) return 0;
    if (fast_decimal(p, len, out)) return 1;
    char buf[128];
    int k = 0, comma = memchr(p, ',', (size_t)len) != NULL;
    for (int i = 0; i < len; i++) {
        char c = p[i];
        if (comma && c == '.') continue;
        if (comma && c == ',') c = '.';
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) return 0;
        buf[k++] = c;
    }
    buf[k] = 0;
    char *end;
    *out = strtod(buf, &end);
    return end == buf + k && k > 0;
}

/* Reads a figure: 0 nothing, 1 a number (*lo), 2 an interval, -1 an error. */
static int parse_figure(const char *p, int len, Interval *iv) {
    while (len > 0 && (*p == ' ' || *p == '\t')) {
        p++;
        len--;
    }
    while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t')) len--;
    if (len == 0 || (len == 1 && p[0] == '-') || (len == 3 && memcmp(p, "\xe2\x80\x93", 3) == 0)) return 0;
    double x;
    if (fast_decimal(p, len, &x)) {
        iv->lo = iv->hi = x;
        iv->inc_lo = iv->inc_hi = 1;
        return 1;
    }
    /* bounds */
    struct {
        const char *s;
        int below, strict;
    } ops[] = {{"&lt;=", 1, 0}, {"&gt;=", 0, 0}, {"&lt;", 1, 1}, {"&gt;", 0, 1}, {"<=", 1, 0}, {"=<", 1, 0},
               {">=", 0, 0},    {"=>", 0, 0},    {"\xe2\x89\xa4", 1, 0}, {"\xe2\x89\xa5", 0, 0}, {"<", 1, 1}, {">", 0, 1}};
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        int l = (int)strlen(ops[k].s);
        if (len > l && memcmp(p, ops[k].s, (size_t)l) == 0) {
            if (!parse_number(p + l, len - l, &x)) return -1;
            if (ops[k].below) {
                iv->lo = -INFINITY;
                iv->hi = x;
                iv->inc_lo = 0;
                iv->inc_hi = !ops[k].strict;
            } else {
                iv->lo = x;
                iv->hi = INFINITY;
                iv->inc_lo = !ops[k].strict;
                iv->inc_hi = 0;
            }
            return 2;
        }
    }
    /* a range a-b (the '-' after the first character, so that -2 stays a number) */
    for (int i = 1; i < len; i++) {
        int dash = p[i] == '-' ? 1 : (i + 2 < len && memcmp(p + i, "\xe2\x80\x93", 3) == 0 ? 3 : 0);
        if (!dash) continue;
        double a, b;
        if (parse_number(p, i, &a) && parse_number(p + i + dash, len - i - dash, &b) && a <= b) {
            iv->lo = a;
            iv->hi = b;
            iv->inc_lo = iv->inc_hi = 1;
            return a == b ? 1 : 2;
        }
        break;
    }
    if (parse_number(p, len, &x)) {
        iv->lo = iv->hi = x;
        iv->inc_lo = iv->inc_hi = 1;
        return 1;
    }
    return -1;
}

/* ---------- loading ---------- */

static void load_units(const char *dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s/units.csv", dir);
    Bytes b = read_file(path, 1);
    size_t pos = skip_bom(b);
    Field f[64];
    int nf = next_record(b.data, b.size, &pos, f, 64);
    int c_code = column_of(f, nf, "code"), c_parent = column_of(f, nf, "parent");
    if (c_code < 0 || c_parent < 0) die("%s: needs the columns code and parent", path);
    int cap = 1024;
    unit_codes = malloc(sizeof(char *) * (size_t)cap);
    char **parents = malloc(sizeof(char *) * (size_t)cap);
    n_units = 0;
    while ((nf = next_record(b.data, b.size, &pos, f, 64)) >= 0) {
        if (nf <= c_code || nf <= c_parent) continue;
        if (n_units == cap) {
            cap *= 2;
            unit_codes = realloc(unit_codes, sizeof(char *) * (size_t)cap);
            parents = realloc(parents, sizeof(char *) * (size_t)cap);
        }
        unit_codes[n_units] = field_string(f[c_code]);
        parents[n_units] = field_string(f[c_parent]);
        n_units++;
    }
    unit_lens = malloc(sizeof(int) * (size_t)n_units);
    for (int u = 0; u < n_units; u++) unit_lens[u] = (int)strlen(unit_codes[u]);
    table_init(&unit_table, n_units, unit_codes, unit_lens);
    for (int u = 0; u < n_units; u++)
        if (table_insert(&unit_table, u) >= 0) die("units.csv: duplicate unit %s (validity windows are not handled)", unit_codes[u]);
    parent_of = malloc(sizeof(int32_t) * (size_t)n_units);
    for (int u = 0; u < n_units; u++) {
        if (parents[u][0] == 0) {
            parent_of[u] = -1;
        } else {
            parent_of[u] = table_find(&unit_table, parents[u], (int)strlen(parents[u]));
            if (parent_of[u] < 0) die("units.csv: unknown parent %s", parents[u]);
        }
        free(parents[u]);
    }
    free(parents);
    free(b.data);

    /* Breadth first from the roots, children in file order. */
    int32_t *count = calloc((size_t)n_units + 1, sizeof(int32_t));
    for (int u = 0; u < n_units; u++)
        if (parent_of[u] >= 0) count[parent_of[u] + 1]++;
    for (int u = 0; u < n_units; u++) count[u + 1] += count[u];
    int32_t *kids = malloc(sizeof(int32_t) * (size_t)n_units);
    int32_t *fill = malloc(sizeof(int32_t) * (size_t)n_units);
    memcpy(fill, count, sizeof(int32_t) * (size_t)n_units);
    for (int u = 0; u < n_units; u++)
        if (parent_of[u] >= 0) kids[fill[parent_of[u]]++] = u;
    unit_at = malloc(sizeof(int32_t) * (size_t)n_units);
    child_start = malloc(sizeof(int32_t) * (size_t)n_units);
    child_end = malloc(sizeof(int32_t) * (size_t)n_units);
    level_start = malloc(sizeof(int) * (size_t)(n_units + 2));
    int n = 0;
    for (int u = 0; u < n_units; u++)
        if (parent_of[u] < 0) unit_at[n++] = u;
    n_levels = 0;
    level_start[0] = 0;
    int begin = 0;
    while (begin < n) {
        int end = n;
        level_start[++n_levels] = end;
        for (int p = begin; p < end; p++) {
            int u = unit_at[p];
            child_start[p] = n;
            for (int k = count[u]; k < count[u + 1]; k++) unit_at[n++] = kids[k];
            child_end[p] = n;
        }
        begin = end;
    }
    if (n != n_units) die("units.csv: %s", "a cycle among parents");
    pos_of = malloc(sizeof(int32_t) * (size_t)n_units);
    for (int p = 0; p < n; p++) pos_of[unit_at[p]] = p;
    leaf_count = malloc(sizeof(int32_t) * (size_t)n_units);
    for (int p = n - 1; p >= 0; p--) {
        if (child_start[p] == child_end[p]) {
            leaf_count[p] = 1;
        } else {
            int32_t t = 0;
            for (int c = child_start[p]; c < child_end[p]; c++) t += leaf_count[c];
            leaf_count[p] = t;
        }
    }
    internal_end = level_start[n_levels - 1];
    free(count);
    free(kids);
    free(fill);
}

static int find_indicator(const char *code) {
    if (!code[0]) return -1;
    for (int i = 0; i < n_ind; i++)
        if (strcmp(inds[i].code, code) == 0) return i;
    die("indicators.csv: unknown indicator %s", code);
    return -1;
}

static int wave_of(int i, int depth) {
    if (depth > n_ind) die("indicators.csv: %s", "a cycle among indicators");
    int w = 0;
    int in[3] = {inds[i].weight, inds[i].num, inds[i].den};
    for (int k = 0; k < 3; k++)
        if (in[k] >= 0) {
            int x = wave_of(in[k], depth + 1) + 1;
            if (x > w) w = x;
        }
    return w;
}

static void load_indicators(const char *dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s/indicators.csv", dir);
    Bytes b = read_file(path, 1);
    size_t pos = skip_bom(b);
    Field f[64];
    int nf = next_record(b.data, b.size, &pos, f, 64);
    int c_code = column_of(f, nf, "code"), c_agg = column_of(f, nf, "aggregation"), c_w = column_of(f, nf, "weight"),
        c_n = column_of(f, nf, "numerator"), c_d = column_of(f, nf, "denominator"), c_s = column_of(f, nf, "scale"),
        c_lo = column_of(f, nf, "low"), c_hi = column_of(f, nf, "high");
    if (c_code < 0 || c_agg < 0) die("%s: needs the columns code and aggregation", path);
    inds = calloc(256, sizeof(Indicator));
    char *refs[256][3];
    n_ind = 0;
    while ((nf = next_record(b.data, b.size, &pos, f, 64)) >= 0 && n_ind < 256) {
        Indicator *ind = &inds[n_ind];
        ind->code = field_string(f[c_code]);
        char *agg = field_string(f[c_agg]);
        ind->agg = !strcmp(agg, "sum")              ? AGG_SUM
                   : !strcmp(agg, "mean")           ? AGG_MEAN
                   : !strcmp(agg, "min")            ? AGG_MIN
                   : !strcmp(agg, "max")            ? AGG_MAX
                   : !strcmp(agg, "weighted_mean")  ? AGG_WMEAN
                   : !strcmp(agg, "ratio")          ? AGG_RATIO
                   : !strcmp(agg, "share_of_units") ? AGG_SHARE
                   : !strcmp(agg, "none")           ? AGG_NONE
                                                    : AGG_UNSUPPORTED;
        free(agg);
        refs[n_ind][0] = c_w >= 0 && c_w < nf ? field_string(f[c_w]) : strdup("");
        refs[n_ind][1] = c_n >= 0 && c_n < nf ? field_string(f[c_n]) : strdup("");
        refs[n_ind][2] = c_d >= 0 && c_d < nf ? field_string(f[c_d]) : strdup("");
        char *s = c_s >= 0 && c_s < nf ? field_string(f[c_s]) : strdup("");
        ind->scale = 1;
        if (s[0]) parse_number(s, (int)strlen(s), &ind->scale);
        free(s);
        s = c_lo >= 0 && c_lo < nf ? field_string(f[c_lo]) : strdup("");
        ind->has_low = s[0] && parse_number(s, (int)strlen(s), &ind->lowlim);
        free(s);
        s = c_hi >= 0 && c_hi < nf ? field_string(f[c_hi]) : strdup("");
        ind->has_high = s[0] && parse_number(s, (int)strlen(s), &ind->highlim);
        free(s);
        n_ind++;
    }
    for (int i = 0; i < n_ind; i++) {
        inds[i].weight = inds[i].agg == AGG_WMEAN ? find_indicator(refs[i][0]) : -1;
        inds[i].num = inds[i].agg == AGG_RATIO ? find_indicator(refs[i][1]) : -1;
        inds[i].den = inds[i].agg == AGG_RATIO ? find_indicator(refs[i][2]) : -1;
        for (int k = 0; k < 3; k++) free(refs[i][k]);
    }
    for (int i = 0; i < n_ind; i++) inds[i].wave = wave_of(i, 0);
    for (int i = 0; i < n_ind; i++) inds[i].code_len = (int)strlen(inds[i].code);
    free(b.data);
}

/* The slot of a period, creating its columns on first sight (under a lock). */
static int period_slot(int year) {
    pthread_mutex_lock(&period_lock);
    int slot = -1;
    for (int k = 0; k < n_periods; k++)
        if (periods[k] == year) slot = k;
    if (slot < 0) {
        if (n_periods == MAX_PERIODS) die("values.csv: %s", "too many periods");
        slot = n_periods;
        Column *c = calloc((size_t)n_ind, sizeof(Column));
        for (int i = 0; i < n_ind; i++) {
            c[i].val = malloc(sizeof(double) * (size_t)n_units);
            double nan = NAN;
            for (int p = 0; p < n_units; p++) c[i].val[p] = nan;
        }
        cols[slot] = c;
        periods[slot] = year;
        __atomic_store_n(&n_periods, n_periods + 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&period_lock);
    return slot;
}

/* An interval read by one thread, merged into its column afterwards. */
typedef struct {
    int32_t slot, ind, pos;
    Interval iv;
} ParsedInterval;

typedef struct {
    const char *s;
    size_t begin, end;
    int c_unit, c_ind, c_per, c_val, ncols;
    long rows;
    ParsedInterval *ivs;
    int nivs, capivs;
    int cache_year[4], cache_slot[4];
    char error[512];
} ParseJob;

static void *parse_chunk(void *arg) {
    ParseJob *job = arg;
    const char *s = job->s;
    size_t i = job->begin, end = job->end;
    const char *fp[16];
    int fl[16];
    for (int k = 0; k < 4; k++) job->cache_year[k] = INT32_MIN;
    while (i < end) {
        /* one line: fields by commas, a quoted field kept with its quotes stripped */
        int nf = 0;
        size_t line_start = i;
        for (;;) {
            const char *p;
            int len;
            if (s[i] == '"') {
                size_t st = ++i;
                while (i < end && !(s[i] == '"' && (i + 1 >= end || s[i + 1] != '"'))) i += (s[i] == '"') ? 2 : 1;
                p = s + st;
                len = (int)(i - st);
                if (i < end) i++;
            } else {
                size_t st = i;
                while (i < end && s[i] != ',' && s[i] != '\n' && s[i] != '\r') i++;
                p = s + st;
                len = (int)(i - st);
            }
            if (nf < 16) {
                fp[nf] = p;
                fl[nf] = len;
            }
            nf++;
            if (i < end && s[i] == ',') {
                i++;
                continue;
            }
            while (i < end && s[i] != '\n') i++;
            if (i < end) i++;
            break;
        }
        if (nf == 1 && fl[0] == 0) continue; /* blank line */
        if (nf < job->ncols) {
            snprintf(job->error, sizeof job->error, "values.csv: a short row at byte %zu", line_start);
            return NULL;
        }
        job->rows++;
        int u = table_find(&unit_table, fp[job->c_unit], fl[job->c_unit]);
        if (u < 0) {
            snprintf(job->error, sizeof job->error, "values.csv: unknown unit '%.*s'", fl[job->c_unit], fp[job->c_unit]);
            return NULL;
        }
        int ind = -1;
        for (int k = 0; k < n_ind; k++)
            if (inds[k].code_len == fl[job->c_ind] && memcmp(inds[k].code, fp[job->c_ind], (size_t)fl[job->c_ind]) == 0) {
                ind = k;
                break;
            }
        if (ind < 0) {
            snprintf(job->error, sizeof job->error, "values.csv: unknown indicator '%.*s'", fl[job->c_ind], fp[job->c_ind]);
            return NULL;
        }
        int year = 0;
        for (int k = 0; k < fl[job->c_per]; k++) year = year * 10 + (fp[job->c_per][k] - '0');
        int slot = -1;
        for (int k = 0; k < 4; k++)
            if (job->cache_year[k] == year) slot = job->cache_slot[k];
        if (slot < 0) {
            slot = period_slot(year);
            job->cache_year[year & 3] = year;
            job->cache_slot[year & 3] = slot;
        }
        Interval iv;
        double x;
        int kind;
        if (fast_decimal(fp[job->c_val], fl[job->c_val], &x)) {
            kind = 1;
            iv.lo = x;
        } else {
            kind = parse_figure(fp[job->c_val], fl[job->c_val], &iv);
        }
        if (kind < 0) {
            snprintf(job->error, sizeof job->error, "values.csv: cannot read '%.*s'", fl[job->c_val], fp[job->c_val]);
            return NULL;
        }
        if (kind == 0) continue;
        int pos = pos_of[u];
        if (kind == 2) {
            /* clamp an unbounded end to the indicator's limit */
            const Indicator *d = &inds[ind];
            if (isinf(iv.lo) && d->has_low && d->lowlim <= iv.hi) {
                iv.lo = d->lowlim;
                iv.inc_lo = 1;
            }
            if (isinf(iv.hi) && d->has_high && d->highlim >= iv.lo) {
                iv.hi = d->highlim;
                iv.inc_hi = 1;
            }
            if (iv.lo == iv.hi && iv.inc_lo && iv.inc_hi) kind = 1;
        }
        if (kind == 1) {
            cols[slot][ind].val[pos] = iv.lo;
        } else {
            cols[slot][ind].val[pos] = boxed();
            if (job->nivs == job->capivs) {
                job->capivs = job->capivs ? job->capivs * 2 : 1024;
                job->ivs = realloc(job->ivs, sizeof(ParsedInterval) * (size_t)job->capivs);
            }
            job->ivs[job->nivs++] = (ParsedInterval){slot, ind, pos, iv};
        }
    }
    return NULL;
}

static int cmp_leaf_interval(const void *a, const void *b) {
    int32_t x = ((const LeafInterval *)a)->pos, y = ((const LeafInterval *)b)->pos;
    return (x > y) - (x < y);
}

static long load_values(const char *dir, int threads) {
    char path[4096];
    snprintf(path, sizeof path, "%s/values.csv", dir);
    Bytes b = read_file(path, 0);
    if (!b.data) return 0;
    size_t pos = skip_bom(b);
    Field f[64];
    int nf = next_record(b.data, b.size, &pos, f, 64);
    ParseJob proto = {0};
    proto.s = b.data;
    proto.c_unit = column_of(f, nf, "unit");
    proto.c_ind = column_of(f, nf, "indicator");
    proto.c_per = column_of(f, nf, "period");
    proto.c_val = column_of(f, nf, "value");
    proto.ncols = nf;
    if (proto.c_unit < 0 || proto.c_ind < 0 || proto.c_per < 0 || proto.c_val < 0)
        die("%s: needs the columns unit, indicator, period and value", path);
    if (proto.ncols > 16) die("%s: more than 16 columns", path);
    ParseJob jobs[MAX_THREADS];
    pthread_t tids[MAX_THREADS];
    size_t start = pos;
    for (int t = 0; t < threads; t++) {
        jobs[t] = proto;
        jobs[t].begin = start;
        size_t cut = t == threads - 1 ? b.size : pos + (b.size - pos) * (size_t)(t + 1) / (size_t)threads;
        if (cut < start) cut = start;
        while (cut < b.size && b.data[cut - 1] != '\n') cut++;
        jobs[t].end = cut;
        start = cut;
    }
    for (int t = 1; t < threads; t++) pthread_create(&tids[t], NULL, parse_chunk, &jobs[t]);
    parse_chunk(&jobs[0]);
    for (int t = 1; t < threads; t++) pthread_join(tids[t], NULL);
    long rows = 0;
    for (int t = 0; t < threads; t++) {
        if (jobs[t].error[0]) die("%s", jobs[t].error);
        rows += jobs[t].rows;
    }
    /* intervals into their columns: internal positions dense, leaves sorted */
    for (int k = 0; k < n_periods; k++)
        for (int i = 0; i < n_ind; i++) {
            Column *c = &cols[k][i];
            c->cov = malloc(sizeof(double) * (size_t)(internal_end + 1));
            c->src = calloc((size_t)internal_end + 1, 1);
            c->ivi = malloc(sizeof(Interval) * (size_t)(internal_end + 1));
            for (int p = 0; p < internal_end; p++) {
                int present = !isnan(c->val[p]) || is_boxed(c->val[p]);
                int leaf = child_start[p] == child_end[p];
                c->src[p] = present ? (leaf ? SRC_REPORTED : SRC_OWN) : SRC_NONE;
                c->cov[p] = present ? (leaf ? 1 : 0) : NAN;
            }
        }
    for (int t = 0; t < threads; t++) {
        for (int j = 0; j < jobs[t].nivs; j++) {
            ParsedInterval *pi = &jobs[t].ivs[j];
            Column *c = &cols[pi->slot][pi->ind];
            if (pi->pos < internal_end) {
                c->ivi[pi->pos] = pi->iv;
            } else {
                if (c->nivl == c->capivl) {
                    c->capivl = c->capivl ? c->capivl * 2 : 256;
                    c->ivl = realloc(c->ivl, sizeof(LeafInterval) * (size_t)c->capivl);
                }
                c->ivl[c->nivl++] = (LeafInterval){pi->pos, pi->iv};
            }
        }
        free(jobs[t].ivs);
    }
    for (int k = 0; k < n_periods; k++)
        for (int i = 0; i < n_ind; i++)
            if (cols[k][i].nivl > 1) qsort(cols[k][i].ivl, (size_t)cols[k][i].nivl, sizeof(LeafInterval), cmp_leaf_interval);
    free(b.data);
    return rows;
}

/* ---------- the roll-up ---------- */

/* The figure at position p: 0 none, 1 exact (*x), 2 interval (*iv). */
static inline int figure_at(const Column *c, int p, double *x, Interval *iv) {
    double v = c->val[p];
    if (!isnan(v)) {
        *x = v;
        return 1;
    }
    if (!is_boxed(v)) return 0;
    if (p < internal_end) {
        *iv = c->ivi[p];
        return 2;
    }
    int lo = 0, hi = c->nivl - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (c->ivl[mid].pos == p) {
            *iv = c->ivl[mid].iv;
            return 2;
        }
        if (c->ivl[mid].pos < p) lo = mid + 1;
        else hi = mid - 1;
    }
    return 0;
}

static inline void set_result(Column *c, int p, double lo, double hi, int inc_lo, int inc_hi, double cover) {
    if (lo == hi && inc_lo && inc_hi) {
        c->val[p] = lo;
    } else {
        c->val[p] = boxed();
        c->ivi[p] = (Interval){lo, hi, (uint8_t)(inc_lo && isfinite(lo)), (uint8_t)(inc_hi && isfinite(hi))};
    }
    c->src[p] = SRC_ROLLUP;
    c->cov[p] = cover;
}

static void fold(int k, int i, int p) {
    Column *c = &cols[k][i];
    const Indicator *d = &inds[i];
    int s = child_start[p], e = child_end[p];
    if (s == e) return;
    double x;
    Interval iv;
    int n = 0;
    if (d->agg == AGG_SUM || d->agg == AGG_MEAN) {
        double lo = 0, hi = 0;
        int il = 1, ih = 1;
        for (int ch = s; ch < e; ch++) {
            int kind = figure_at(c, ch, &x, &iv);
            if (kind == 1) {
                lo += x;
                hi += x;
                n++;
            } else if (kind == 2) {
                lo += iv.lo;
                hi += iv.hi;
                il &= iv.inc_lo;
                ih &= iv.inc_hi;
                n++;
            }
        }
        if (!n) return;
        if (d->agg == AGG_MEAN) {
            lo /= n;
            hi /= n;
        }
        set_result(c, p, lo, hi, il, ih, (double)n / (double)(e - s));
    } else if (d->agg == AGG_MIN || d->agg == AGG_MAX) {
        int mx = d->agg == AGG_MAX;
        double lo = 0, hi = 0;
        int il = 1, ih = 1;
        for (int ch = s; ch < e; ch++) {
            int kind = figure_at(c, ch, &x, &iv);
            if (!kind) continue;
            if (kind == 1) iv = (Interval){x, x, 1, 1};
            if (!n) {
                lo = iv.lo;
                hi = iv.hi;
                il = iv.inc_lo;
                ih = iv.inc_hi;
            } else if (mx) {
                if (iv.lo > lo) { lo = iv.lo; il = iv.inc_lo; } else if (iv.lo == lo) il = il && iv.inc_lo;
                if (iv.hi > hi) { hi = iv.hi; ih = iv.inc_hi; } else if (iv.hi == hi) ih = ih || iv.inc_hi;
            } else {
                if (iv.lo < lo) { lo = iv.lo; il = iv.inc_lo; } else if (iv.lo == lo) il = il || iv.inc_lo;
                if (iv.hi < hi) { hi = iv.hi; ih = iv.inc_hi; } else if (iv.hi == hi) ih = ih && iv.inc_hi;
            }
            n++;
        }
        if (!n) return;
        set_result(c, p, lo, hi, il, ih, (double)n / (double)(e - s));
    } else if (d->agg == AGG_WMEAN) {
        const Column *w = &cols[k][d->weight];
        double lo = 0, hi = 0, wsum = 0, wall = 0;
        int il = 1, ih = 1;
        for (int ch = s; ch < e; ch++) {
            double wt = w->val[ch];
            if (isnan(wt) || wt < 0) continue;
            wall += wt;
            if (wt == 0) continue;
            int kind = figure_at(c, ch, &x, &iv);
            if (kind == 1) {
                lo += wt * x;
                hi += wt * x;
            } else if (kind == 2) {
                lo += wt * iv.lo;
                hi += wt * iv.hi;
                il &= iv.inc_lo;
                ih &= iv.inc_hi;
            } else {
                continue;
            }
            wsum += wt;
        }
        if (!(wsum > 0)) return;
        set_result(c, p, lo / wsum, hi / wsum, il, ih, wall > 0 ? wsum / wall : 0);
    } else if (d->agg == AGG_SHARE) {
        int32_t rep = 0, sure = 0, poss = 0;
        for (int ch = s; ch < e; ch++) {
            if (ch < internal_end && child_start[ch] != child_end[ch]) {
                rep += c->rep[ch];
                sure += c->sure[ch];
                poss += c->poss[ch];
                continue;
            }
            int kind = figure_at(c, ch, &x, &iv);
            if (!kind) continue;
            if (kind == 1) iv = (Interval){x, x, 1, 1};
            rep++;
            sure += iv.lo == 100 && iv.hi == 100 && iv.inc_lo && iv.inc_hi;
            poss += (iv.lo < 100 || (iv.lo == 100 && iv.inc_lo)) && (100 < iv.hi || (iv.hi == 100 && iv.inc_hi));
        }
        c->rep[p] = rep;
        c->sure[p] = sure;
        c->poss[p] = poss;
        if (!rep) return;
        set_result(c, p, 100.0 * sure / rep, 100.0 * poss / rep, 1, 1, (double)rep / (double)leaf_count[p]);
    }
}

/* ratio at every position of [from, to) */
static void ratio_range(int k, int i, int from, int to) {
    Column *c = &cols[k][i];
    const Indicator *d = &inds[i];
    const Column *nc = &cols[k][d->num], *dc = &cols[k][d->den];
    double s = d->scale;
    for (int p = from; p < to; p++) {
        double n = nc->val[p], dn = dc->val[p];
        int leaf = child_start[p] == child_end[p];
        if (!isnan(n) && !isnan(dn)) {
            if (dn == 0) continue;
            if (leaf) {
                c->val[p] = s * n / dn;
                if (p < internal_end) {
                    c->src[p] = SRC_REPORTED;
                    c->cov[p] = 1;
                }
            } else {
                double cn = isnan(nc->cov[p]) ? 0 : nc->cov[p], cd = isnan(dc->cov[p]) ? 0 : dc->cov[p];
                c->val[p] = s * n / dn;
                c->src[p] = SRC_ROLLUP;
                c->cov[p] = cn < cd ? cn : cd;
            }
            continue;
        }
        double x;
        Interval a, b;
        int ka = figure_at(nc, p, &x, &a);
        if (ka == 1) a = (Interval){x, x, 1, 1};
        int kb = figure_at(dc, p, &x, &b);
        if (kb == 1) b = (Interval){x, x, 1, 1};
        if (!ka || !kb) continue;
        int contains0 = (b.lo < 0 || (b.lo == 0 && b.inc_lo)) && (0 < b.hi || (b.hi == 0 && b.inc_hi));
        if (contains0 || (b.lo < 0 && b.hi > 0)) continue;
        double q[4] = {s * a.lo / b.lo, s * a.lo / b.hi, s * a.hi / b.lo, s * a.hi / b.hi};
        double lo = INFINITY, hi = -INFINITY;
        for (int j = 0; j < 4; j++)
            if (!isnan(q[j])) {
                if (q[j] < lo) lo = q[j];
                if (q[j] > hi) hi = q[j];
            }
        if (lo > hi) continue;
        if (p >= internal_end) {
            if (lo == hi) c->val[p] = lo; /* a leaf's interval ratio is left as reported otherwise */
            continue;
        }
        double cn = isnan(nc->cov[p]) ? 0 : nc->cov[p], cd = isnan(dc->cov[p]) ? 0 : dc->cov[p];
        set_result(c, p, lo, hi, 1, 1, leaf ? 1 : (cn < cd ? cn : cd));
        if (leaf) c->src[p] = SRC_REPORTED;
    }
}

static void roll_column(int k, int i) {
    Column *c = &cols[k][i];
    const Indicator *d = &inds[i];
    if (d->agg == AGG_NONE || d->agg == AGG_UNSUPPORTED) return;
    if (d->agg == AGG_RATIO) {
        ratio_range(k, i, 0, n_units);
        return;
    }
    if (d->agg == AGG_SHARE) {
        c->rep = calloc((size_t)internal_end + 1, sizeof(int32_t));
        c->sure = calloc((size_t)internal_end + 1, sizeof(int32_t));
        c->poss = calloc((size_t)internal_end + 1, sizeof(int32_t));
    }
    for (int level = n_levels - 2; level >= 0; level--)
        for (int p = level_start[level]; p < level_start[level + 1]; p++) fold(k, i, p);
}

typedef struct {
    int (*tasks)[2];
    int ntasks, next;
    pthread_mutex_t lock;
} TaskQueue;

static void *roll_worker(void *arg) {
    TaskQueue *q = arg;
    for (;;) {
        int t = __atomic_fetch_add(&q->next, 1, __ATOMIC_RELAXED);
        if (t >= q->ntasks) return NULL;
        roll_column(q->tasks[t][0], q->tasks[t][1]);
    }
}

static void roll_up(int threads) {
    int max_wave = 0;
    for (int i = 0; i < n_ind; i++)
        if (inds[i].wave > max_wave) max_wave = inds[i].wave;
    int (*tasks)[2] = malloc(sizeof(int[2]) * (size_t)(n_periods * n_ind + 1));
    for (int w = 0; w <= max_wave; w++) {
        TaskQueue q = {tasks, 0, 0, PTHREAD_MUTEX_INITIALIZER};
        for (int k = 0; k < n_periods; k++)
            for (int i = 0; i < n_ind; i++)
                if (inds[i].wave == w) {
                    tasks[q.ntasks][0] = k;
                    tasks[q.ntasks][1] = i;
                    q.ntasks++;
                }
        pthread_t tids[MAX_THREADS];
        for (int t = 1; t < threads; t++) pthread_create(&tids[t], NULL, roll_worker, &q);
        roll_worker(&q);
        for (int t = 1; t < threads; t++) pthread_join(tids[t], NULL);
    }
    free(tasks);
}

/* ---------- writing ---------- */

typedef struct {
    char *buf;
    size_t len, cap;
} Out;

static inline void out_reserve(Out *o, size_t n) {
    if (o->len + n > o->cap) {
        o->cap = (o->len + n) * 2;
        o->buf = realloc(o->buf, o->cap);
    }
}

static inline void put_bytes(Out *o, const char *s, size_t n) {
    out_reserve(o, n);
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static inline void put_uint(Out *o, uint64_t v) {
    char tmp[24];
    int k = 24;
    do {
        tmp[--k] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put_bytes(o, tmp + k, (size_t)(24 - k));
}

/* Digits m / 10^k with exactly k decimals (k >= 1). */
static void put_fixed(Out *o, int negative, uint64_t m, int k) {
    char tmp[48];
    int n = 0, nd = 0;
    char digits[24];
    do {
        digits[nd++] = (char)('0' + m % 10);
        m /= 10;
    } while (m);
    if (negative) tmp[n++] = '-';
    if (nd <= k) {
        tmp[n++] = '0';
        tmp[n++] = '.';
        for (int z = 0; z < k - nd; z++) tmp[n++] = '0';
        while (nd > 0) tmp[n++] = digits[--nd];
    } else {
        while (nd > k) tmp[n++] = digits[--nd];
        tmp[n++] = '.';
        while (nd > 0) tmp[n++] = digits[--nd];
    }
    put_bytes(o, tmp, (size_t)n);
}

typedef unsigned __int128 u128;

/* 10^d as a 128-bit integer, d <= 22. */
static inline u128 wide_pow10(int d) {
    u128 r = 1;
    while (d-- > 0) r *= 10;
    return r;
}

/* The integer m nearest to a * 10^d when m / 10^d reads back to a (ties to even), else 0; for
 * 1e-4 <= a < 1e15, a not a power of two, d <= 22. With a = M * 2^-s, P = M * 10^d is exact. */
static uint64_t round_tripping(double a, int d, u128 p10) {
    int e2;
    double f = frexp(a, &e2); /* a = f * 2^e2, f in [0.5, 1) */
    uint64_t M = (uint64_t)ldexp(f, 53);
    int shift = 53 - e2;
    if (shift <= 0 || shift >= 70) return 0;
    u128 product = (u128)M * p10;
    u128 one = (u128)1 << shift;
    u128 rem = product & (one - 1);
    u128 trunc = product >> shift;
    u128 m = trunc + ((rem << 1) > one || ((rem << 1) == one && (trunc & 1)) ? 1 : 0);
    if (m >= (u128)100000000000000000ull) return 0;
    u128 scaled = m << shift;
    u128 dist = scaled > product ? scaled - product : product - scaled;
    u128 twice = dist << 1;
    if (twice < p10 || (twice == p10 && (M & 1) == 0)) return (uint64_t)m;
    return 0;
}

/* The shortest text that reads back to x ('.' decimal; integers without a point): integers in
 * full; between 1e-4 and 1e15 the nearest decimal of 15, else 16, else 17 significant digits that
 * reads back, exactly in 128-bit integers, zeros dropped; anything else through snprintf. */
static void put_double(Out *o, double x) {
    if (x == 0) {
        put_bytes(o, "0", 1);
        return;
    }
    double ax = fabs(x);
    if (ax < 1e15 && x == (double)(int64_t)x) {
        if (x < 0) put_bytes(o, "-", 1);
        put_uint(o, (uint64_t)ax);
        return;
    }
    int e2;
    double f = frexp(ax, &e2);
    if (ax >= 1e-4 && ax < 1e15 && f != 0.5) {
        int exponent; /* floor(log10(ax)), exactly */
        if (ax >= 1) {
            exponent = 0;
            while (exponent < 15 && ax >= POW10[exponent + 1]) exponent++;
        } else {
            uint64_t M = (uint64_t)ldexp(f, 53);
            int shift = 53 - e2;
            exponent = -1;
            while (exponent > -4 && (u128)M * wide_pow10(-exponent) < ((u128)1 << shift)) exponent--;
        }
        for (int digits = 15; digits <= 17; digits++) {
            int k = digits - 1 - exponent;
            if (k < 1) continue;
            uint64_t m = round_tripping(ax, k, wide_pow10(k));
            if (m == 0) continue;
            while (k > 1 && m % 10 == 0) {
                m /= 10;
                k--;
            }
            put_fixed(o, x < 0, m, k);
            return;
        }
    } else if (ax >= 1e-4 && ax < 1e15) {
        /* a power of two: the gap below is narrower; the fewest decimals that read back */
        for (int k = 1; k <= 17; k++) {
            double scaled = ax * POW10[k];
            if (scaled >= 1e15) break;
            uint64_t m = (uint64_t)llround(scaled);
            if ((double)m / POW10[k] == ax) {
                put_fixed(o, x < 0, m, k);
                return;
            }
        }
    }
    char tmp[40];
    for (int prec = 15; prec <= 17; prec++) {
        int n = snprintf(tmp, sizeof tmp, "%.*g", prec, x);
        if (prec == 17 || strtod(tmp, NULL) == x) {
            put_bytes(o, tmp, (size_t)n);
            return;
        }
    }
}

static void put_field(Out *o, const char *s, int len) {
    int quote = 0;
    for (int j = 0; j < len; j++)
        if (s[j] == ',' || s[j] == '"' || s[j] == '\n' || s[j] == '\r') quote = 1;
    if (!quote) {
        put_bytes(o, s, (size_t)len);
        return;
    }
    put_bytes(o, "\"", 1);
    for (int j = 0; j < len; j++) {
        put_bytes(o, s + j, 1);
        if (s[j] == '"') put_bytes(o, "\"", 1);
    }
    put_bytes(o, "\"", 1);
}

static const char *SOURCE_WORD[] = {"", "reported", "rollup", "own_report"};
static const size_t SOURCE_LEN[] = {0, 8, 6, 10};

typedef struct {
    int k, ufrom, uto;
    Out out;
} WriteJob;

static void format_range(WriteJob *job) {
    Out *o = &job->out;
    char period[16];
    int plen = snprintf(period, sizeof period, "%d", periods[job->k]);
    for (int u = job->ufrom; u < job->uto; u++) {
        int p = pos_of[u];
        for (int i = 0; i < n_ind; i++) {
            const Column *c = &cols[job->k][i];
            double x;
            Interval iv;
            int kind = figure_at(c, p, &x, &iv);
            if (!kind) continue;
            put_field(o, unit_codes[u], unit_lens[u]);
            put_bytes(o, ",", 1);
            put_field(o, inds[i].code, inds[i].code_len);
            put_bytes(o, ",", 1);
            put_bytes(o, period, (size_t)plen);
            put_bytes(o, ",", 1);
            if (kind == 1) {
                put_double(o, x);
                put_bytes(o, ",,", 2);
            } else {
                put_bytes(o, ",", 1);
                if (isfinite(iv.lo)) put_double(o, iv.lo);
                put_bytes(o, ",", 1);
                if (isfinite(iv.hi)) put_double(o, iv.hi);
            }
            put_bytes(o, ",", 1);
            int internal = p < internal_end;
            double cov = internal ? c->cov[p] : 1;
            if (!isnan(cov)) put_double(o, cov);
            put_bytes(o, ",", 1);
            int src = internal ? c->src[p] : SRC_REPORTED;
            put_bytes(o, SOURCE_WORD[src], SOURCE_LEN[src]);
            put_bytes(o, "\n", 1);
        }
    }
}

typedef struct {
    WriteJob *jobs;
    int njobs, next;
} WriteQueue;

static void *write_worker(void *arg) {
    WriteQueue *q = arg;
    for (;;) {
        int t = __atomic_fetch_add(&q->next, 1, __ATOMIC_RELAXED);
        if (t >= q->njobs) return NULL;
        format_range(&q->jobs[t]);
    }
}

static size_t write_rollups(const char *outdir, int threads) {
    mkdir(outdir, 0755);
    int per_period = threads * 4;
    int njobs = n_periods * per_period;
    WriteJob *jobs = calloc((size_t)njobs, sizeof(WriteJob));
    /* periods ascending */
    int order[MAX_PERIODS];
    for (int k = 0; k < n_periods; k++) order[k] = k;
    for (int a = 0; a < n_periods; a++)
        for (int b = a + 1; b < n_periods; b++)
            if (periods[order[b]] < periods[order[a]]) {
                int t = order[a];
                order[a] = order[b];
                order[b] = t;
            }
    for (int k = 0; k < n_periods; k++)
        for (int j = 0; j < per_period; j++) {
            WriteJob *job = &jobs[k * per_period + j];
            job->k = order[k];
            job->ufrom = (int)((long)n_units * j / per_period);
            job->uto = (int)((long)n_units * (j + 1) / per_period);
        }
    WriteQueue q = {jobs, njobs, 0};
    pthread_t tids[MAX_THREADS];
    for (int t = 1; t < threads; t++) pthread_create(&tids[t], NULL, write_worker, &q);
    write_worker(&q);
    for (int t = 1; t < threads; t++) pthread_join(tids[t], NULL);

    char tmp[4096], final[4096];
    snprintf(tmp, sizeof tmp, "%s/.rollups.csv.%d", outdir, (int)getpid());
    snprintf(final, sizeof final, "%s/rollups.csv", outdir);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) die("cannot create %s", tmp);
    const char *header = "unit,indicator,period,value,low,high,coverage,source\n";
    size_t total = 0;
    if (write(fd, header, strlen(header)) < 0) die("cannot write %s", tmp);
    total += strlen(header);
    for (int j = 0; j < njobs; j++) {
        size_t done = 0;
        while (done < jobs[j].out.len) {
            ssize_t n = write(fd, jobs[j].out.buf + done, jobs[j].out.len - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) die("cannot write %s", tmp);
            done += (size_t)n;
        }
        total += done;
        free(jobs[j].out.buf);
    }
    fsync(fd);
    close(fd);
    if (rename(tmp, final) != 0) die("cannot rename into %s", final);
    free(jobs);
    return total;
}

int main(int argc, char **argv) {
    const char *data = NULL, *out = NULL;
    int threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
    int quiet = 0;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--threads") && a + 1 < argc) threads = atoi(argv[++a]);
        else if (!strcmp(argv[a], "--quiet")) quiet = 1;
        else if (!data) data = argv[a];
        else if (!out) out = argv[a];
        else {
            fprintf(stderr, "usage: rollup_ref DATA OUT [--threads N] [--quiet]\n");
            return 64;
        }
    }
    if (!data || !out) {
        fprintf(stderr, "usage: rollup_ref DATA OUT [--threads N] [--quiet]\n");
        return 64;
    }
    if (threads < 1) threads = 1;
    if (threads > MAX_THREADS) threads = MAX_THREADS;
    double t0 = now();
    load_units(data);
    load_indicators(data);
    double t1 = now();
    long rows = load_values(data, threads);
    double t2 = now();
    roll_up(threads);
    double t3 = now();
    size_t bytes = write_rollups(out, threads);
    double t4 = now();
    if (!quiet)
        fprintf(stderr,
                "rollup_ref: %d units, %d indicators, %d periods, %ld value rows; units+indicators %.3f s, values %.3f s, "
                "roll-up %.3f s, write %.3f s (%zu bytes), total %.3f s, %d threads\n",
                n_units, n_ind, n_periods, rows, t1 - t0, t2 - t1, t3 - t2, t4 - t3, bytes, t4 - t0, threads);
    return 0;
}
