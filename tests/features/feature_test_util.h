// Helpers for the features-area tests: where the shared reference data lives.
#pragma once

#include <QString>

namespace plumage::test {

// Absolute path of `relative` under the shared data directory (env var
// PLUMAGE_SHARED_DATA, else the configured PLUMAGE_SHARED_DATA_DIR), or an
// empty string when the file does not exist: the caller QSKIPs.
QString shared_data(const QString& relative);

}  // namespace plumage::test

// QSKIPs the current test when a shared-data file is missing.
#define PLUMAGE_REQUIRE_SHARED(var, relative)                                        \
  const QString var = plumage::test::shared_data(relative);                         \
  if (var.isEmpty()) QSKIP(qPrintable(QStringLiteral("shared data missing: ") + relative))
