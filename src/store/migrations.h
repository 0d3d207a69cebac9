// Versioned schema. Each migration runs once, in its own transaction, and is
// recorded in schema_version; running Migrate again changes nothing.
#pragma once

#include "store/sql/connection.h"

namespace mig::store {

// The newest schema version this build knows.
int LatestSchemaVersion();

// Applies the missing migrations. Concurrent callers are serialized (advisory
// lock on PostgreSQL, the write lock on SQLite).
Status Migrate(Connection& c);

// The highest applied version; 0 for an empty database.
Result<int> CurrentSchemaVersion(Connection& c);

}  // namespace mig::store
