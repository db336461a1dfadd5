/* The floor of the population import on SQLite, in C with no parsing and no .NET (issue 2's 100,000 /s goal).
   The rows of a registry the importer already filled are read into memory first (not timed). Then, timed, what the
   importer's load into an empty registry does, each part as cheaply as SQLite's C API allows:
     1. insert every person into an empty `people` (the migrated schema, copied from the source) through one prepared
        statement, bound by position, 20,000 rows per transaction, as the importer does;
     2. build the indexes the importer defers and rebuilds (their definitions copied from the source; the partial
        indexes over passports and merges get no entry from an import and stay live);
     3. insert the per-commune, per-birth-year residence counts into an empty `residence_counts`, in key order.
   Usage: sqlite-floor SOURCE.db TARGET.db [PAGE_SIZE]   (TARGET and its WAL are overwritten) */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COLS 22
#define BATCH 20000
static const char *person_columns =
  "citizen_id, legacy_id_number, full_name, name_key, birth_year, birth_day, sex, nationality, province_code, "
  "district_code, commune_code, address_line, household_code, relation_to_head, content_hash, last_import_run_id, "
  "created_at_utc, updated_at_utc, source_system, source_record_id, received_at_utc, is_authoritative";
static const char *count_columns = "commune_code, birth_year, district_code, province_code, people, dosed, fully_vaccinated, boosted";

typedef struct { int type; long long i; char *s; int n; } value;
typedef struct { value *v; size_t rows; int cols; } table;

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

static void check(sqlite3 *db, int rc, const char *what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fprintf(stderr, "%s: %s\n", what, db ? sqlite3_errmsg(db) : "cannot open");
    exit(1);
  }
}

static void exec(sqlite3 *db, const char *sql) {
  char *error = 0;
  if (sqlite3_exec(db, sql, 0, 0, &error) != SQLITE_OK) { fprintf(stderr, "%s: %s\n", sql, error); exit(1); }
}

/* Every row of a query, copied into memory. */
static table load(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  check(db, sqlite3_prepare_v2(db, sql, -1, &st, 0), sql);
  table t = { 0, 0, sqlite3_column_count(st) };
  size_t capacity = 1 << 16;
  t.v = malloc(capacity * t.cols * sizeof(value));
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (t.rows == capacity) { capacity *= 2; t.v = realloc(t.v, capacity * t.cols * sizeof(value)); }
    for (int c = 0; c < t.cols; c++) {
      value *v = &t.v[t.rows * t.cols + c];
      v->type = sqlite3_column_type(st, c);
      if (v->type == SQLITE_INTEGER) v->i = sqlite3_column_int64(st, c);
      else if (v->type == SQLITE_TEXT) { v->n = sqlite3_column_bytes(st, c); v->s = malloc(v->n); memcpy(v->s, sqlite3_column_text(st, c), v->n); }
    }
    t.rows++;
  }
  sqlite3_finalize(st);
  return t;
}

/* Inserts the rows through one prepared statement, BATCH rows per transaction. */
static void insert(sqlite3 *db, const char *into, const char *columns, const table *t) {
  char sql[1024], marks[256] = "";
  for (int c = 1; c <= t->cols; c++) { char mark[8]; snprintf(mark, sizeof mark, c == 1 ? "?%d" : ",?%d", c); strcat(marks, mark); }
  snprintf(sql, sizeof sql, "INSERT INTO %s (%s) VALUES (%s)", into, columns, marks);
  sqlite3_stmt *st;
  check(db, sqlite3_prepare_v2(db, sql, -1, &st, 0), sql);
  for (size_t r = 0; r < t->rows; r++) {
    if (r % BATCH == 0) exec(db, "BEGIN");
    for (int c = 0; c < t->cols; c++) {
      const value *v = &t->v[r * t->cols + c];
      if (v->type == SQLITE_INTEGER) sqlite3_bind_int64(st, c + 1, v->i);
      else if (v->type == SQLITE_TEXT) sqlite3_bind_text(st, c + 1, v->s, v->n, SQLITE_TRANSIENT);
      else sqlite3_bind_null(st, c + 1);
    }
    check(db, sqlite3_step(st), "insert");
    sqlite3_reset(st);
    if (r % BATCH == BATCH - 1 || r == t->rows - 1) exec(db, "COMMIT");
  }
  sqlite3_finalize(st);
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: sqlite-floor SOURCE.db TARGET.db [PAGE_SIZE]\n"); return 2; }
  const char *page_size = argc > 3 ? argv[3] : "4096";
  sqlite3 *source, *db;
  char sql[1024];
  check(0, sqlite3_open_v2(argv[1], &source, SQLITE_OPEN_READONLY, 0), "open source");
  snprintf(sql, sizeof sql, "SELECT %s FROM people ORDER BY id", person_columns);
  table people = load(source, sql);
  snprintf(sql, sizeof sql,
    "SELECT commune_code, birth_year, district_code, province_code, COUNT(*), 0, 0, 0 FROM people "
    "GROUP BY commune_code, birth_year ORDER BY commune_code, birth_year");
  table counts = load(source, sql);
  table schema = load(source,
    "SELECT sql FROM sqlite_master WHERE tbl_name IN ('people', 'residence_counts') AND sql IS NOT NULL "
    "AND NOT (type = 'index' AND tbl_name = 'people') ORDER BY type DESC");
  /* Each index of `people` and whether it stays live (1: an import gives it no entry) or is deferred (0). */
  table indexes = load(source,
    "SELECT sql, sql LIKE '%passport_number IS NOT NULL%' OR sql LIKE '%merged_into_person_id IS NOT NULL%' "
    "FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people' AND sql IS NOT NULL");
  sqlite3_close(source);

  remove(argv[2]);
  snprintf(sql, sizeof sql, "%s-wal", argv[2]);
  remove(sql);
  check(0, sqlite3_open(argv[2], &db), "open target");
  /* The importer's settings while it writes (SqlitePopulationStore.WritePragmas). */
  snprintf(sql, sizeof sql, "PRAGMA page_size=%s; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
    "PRAGMA cache_size=-131072; PRAGMA temp_store=MEMORY;", page_size);
  exec(db, sql);
  for (size_t r = 0; r < schema.rows; r++) exec(db, strndup(schema.v[r].s, schema.v[r].n));
  for (size_t r = 0; r < indexes.rows; r++) if (indexes.v[r * 2 + 1].i) exec(db, strndup(indexes.v[r * 2].s, indexes.v[r * 2].n));

  double t0 = now();
  insert(db, "people", person_columns, &people);
  double t1 = now();
  /* The importer's settings while it rebuilds (SqlitePopulationStore.RebuildPragmas). */
  exec(db, "PRAGMA cache_size=-32768; PRAGMA temp_store=FILE;");
  size_t deferred = 0;
  for (size_t r = 0; r < indexes.rows; r++) if (!indexes.v[r * 2 + 1].i) { exec(db, strndup(indexes.v[r * 2].s, indexes.v[r * 2].n)); deferred++; }
  double t2 = now();
  insert(db, "residence_counts", count_columns, &counts);
  double t3 = now();

  printf("SQLite %s, page %s: %zu people, %zu counts, %zu indexes: insert %.2f s, indexes %.2f s, counts %.2f s, "
         "total %.2f s = %.0f people/s\n",
         sqlite3_libversion(), page_size, people.rows, counts.rows, deferred,
         t1 - t0, t2 - t1, t3 - t2, t3 - t0, people.rows / (t3 - t0));
  sqlite3_close(db);
  return 0;
}
