#include "store_test_util.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace plumage::test {

std::string store_path(const QTemporaryDir& dir, const char* name) {
  return (dir.path() + "/" + name).toStdString();
}

void exec_sql(const std::string& path, const std::string& sql) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE, 10000);
  db.exec(sql);
}

long long query_int(const std::string& path, const std::string& sql) {
  SQLite::Database db(path, SQLite::OPEN_READONLY, 10000);
  SQLite::Statement q(db, sql);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

}  // namespace plumage::test
