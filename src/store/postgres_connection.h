// The PostgreSQL side of store/sql_connection.h: an SqlConnection over one libpq connection.
//
// `?` placeholders are numbered ($1, $2...) once per distinct SQL text, outside '...' strings,
// "..." identifiers, $tag$...$tag$ strings and comments, and each distinct text becomes a
// server-side prepared statement reused from then on. Parameters go as text; result columns
// of type smallint, integer and bigint come back as int64_t, NULL as monostate, everything else
// as its text (bytea in PostgreSQL's hex form, '\x...').
//
// Errors map from SQLSTATE: 23505 AlreadyExists; other 23xxx FailedPrecondition; 40001,
// 40P01, 55P03, 57014, 57P0x, 08xxx and a lost connection Unavailable; 53xxx
// ResourceExhausted; 42501 PermissionDenied; 3D000 NotFound; anything else Internal. Messages
// read "postgresql://host:port/db: <what was being done>: <the server's message>", never with
// the user name's password.
//
// A lost connection fails the call that meets it (Unavailable); the next Begin(), Query() or
// ExecuteScript() outside a transaction reconnects once (PQreset), so a restarted server is
// picked up again. Inside a transaction nothing reconnects: the transaction is gone, and the
// caller rolls back and starts again.
// Thread-safety: as SqlConnection, one thread at a time per connection.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/sql_connection.h"

namespace clearhost::store {

// Connects to the libpq connection URI `url` ("postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DB
// [?PARAM=VALUE...]", or "postgres://..."). InvalidArgument for a malformed URL; Unavailable
// when the server cannot be reached; NotFound when the database does not exist;
// PermissionDenied when the server refuses the login.
Result<std::unique_ptr<SqlConnection>> OpenPostgresConnection(std::string_view url);

// `sql` with its `?` placeholders numbered $1, $2... (as above), and how many there were.
struct NumberedSql {
  std::string sql;
  int parameter_count = 0;
};
NumberedSql NumberPlaceholders(std::string_view sql);

}  // namespace clearhost::store
