// Helpers shared by the store tests.
#pragma once

#include <QObject>
#include <QTemporaryDir>

#include <string>

namespace plumage::test {

// A fresh store path inside `dir`.
std::string store_path(const QTemporaryDir& dir, const char* name = "store.sqlite");

// Runs raw SQL on a store file outside the store API (to fake other hosts'
// runs or read counts the API does not expose).
void exec_sql(const std::string& path, const std::string& sql);
long long query_int(const std::string& path, const std::string& sql);

}  // namespace plumage::test
