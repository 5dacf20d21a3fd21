// SQLite settings made through sqlite3_db_config, a variadic function Swift cannot call.
#include <sqlite3.h>

/// Leaves the write-ahead log in place when the connection closes, instead of copying it into the
/// database (syncing both files) and deleting it, which the next opening would then create and sync
/// again. What was committed is in the log either way; the next opening reads it back. Returns
/// SQLITE_OK, or an error code (the setting is then SQLite's default).
static inline int layerlab_sqlite_keep_wal_on_close(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}
