#include "server/connection_pool.h"

#include "store/migrations.h"

namespace clearhost::server {

ConnectionLease::~ConnectionLease() {
  if (connection_ != nullptr) pool_->Return(std::move(connection_));
}

Result<std::unique_ptr<ConnectionPool>> ConnectionPool::Open(std::string url) {
  std::unique_ptr<ConnectionPool> pool(new ConnectionPool(std::move(url)));
  CLEARHOST_ASSIGN_OR_RETURN(std::unique_ptr<store::SqlConnection> first,
                             store::OpenSqlConnection(pool->url_));
  CLEARHOST_RETURN_IF_ERROR(store::MigrateToLatest(*first));
  pool->name_ = first->name();
  pool->Return(std::move(first));
  return pool;
}

Result<ConnectionLease> ConnectionPool::Lease() {
  {
    absl::MutexLock lock(&mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<store::SqlConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      return ConnectionLease(this, std::move(connection));
    }
  }
  CLEARHOST_ASSIGN_OR_RETURN(std::unique_ptr<store::SqlConnection> connection,
                             store::OpenSqlConnection(url_));
  return ConnectionLease(this, std::move(connection));
}

void ConnectionPool::Return(std::unique_ptr<store::SqlConnection> connection) {
  absl::MutexLock lock(&mutex_);
  idle_.push_back(std::move(connection));
}

}  // namespace clearhost::server
