#include <sqlite3.h>
#include <string.h>

// SQLITE_TRANSIENT is a macro over a cast that Swift cannot import.
static inline sqlite3_destructor_type kith_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

// sqlite3_db_config is variadic, which Swift cannot call: turn off double-quoted string
// literals, so that "name" is always an identifier and a typo is an error, not a string.
static inline void kith_disable_double_quoted_strings(sqlite3 *db) {
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (void *)0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (void *)0);
}

// The FTS5 API of a connection, through which Kith reaches the tokenizers of its full-text
// indexes (NULL when SQLite was built without FTS5): the way SQLite's documentation gives,
// a pointer bound to `SELECT fts5(?1)`, whose type name must outlive the statement.
static inline fts5_api *kith_fts5_api(sqlite3 *db) {
    fts5_api *api = 0;
    sqlite3_stmt *statement = 0;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, 0) != SQLITE_OK) return 0;
    sqlite3_bind_pointer(statement, 1, (void *)&api, "fts5_api_ptr", 0);
    sqlite3_step(statement);
    sqlite3_finalize(statement);
    return api;
}

// kith_contains(ids, id): 1 when `id` is one of `ids`, a blob of ascending 8-byte integers in
// the machine's byte order (bound by Kith, never stored), else 0. A query that keeps only some
// rows of a full-text search tests each of them here: a binary search in the bound blob,
// where `id IN (SELECT value FROM json_each(?))` parsed a JSON text and built a table first.
static void kith_contains(sqlite3_context *context, int argc, sqlite3_value **argv) {
    (void)argc;
    const unsigned char *ids = (const unsigned char *)sqlite3_value_blob(argv[0]);
    int count = sqlite3_value_bytes(argv[0]) / (int)sizeof(sqlite3_int64);
    if (ids == 0 || sqlite3_value_type(argv[1]) != SQLITE_INTEGER) {
        sqlite3_result_int(context, 0);
        return;
    }
    sqlite3_int64 id = sqlite3_value_int64(argv[1]);
    int low = 0, high = count;
    while (low < high) {
        int middle = low + (high - low) / 2;
        sqlite3_int64 value;
        memcpy(&value, ids + (size_t)middle * sizeof value, sizeof value);  // a blob need not be aligned
        if (value < id) low = middle + 1; else high = middle;
    }
    sqlite3_int64 found = 0;
    if (low < count) memcpy(&found, ids + (size_t)low * sizeof found, sizeof found);
    sqlite3_result_int(context, low < count && found == id);
}

// Registers Kith's SQL functions on a connection: only kith_contains, for queries, never in the
// schema, so that the file stays readable by any sqlite3 shell.
static inline int kith_register_functions(sqlite3 *db) {
    return sqlite3_create_function_v2(
        db, "kith_contains", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, 0, kith_contains, 0, 0, 0);
}
