#include "core/store/row_writers.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace plumage::store {

void bind_result_columns(SQLite::Statement& q, int first, const RunResult& r) {
  q.bind(first, r.metrics.dump());
  int i = first + 1;
  for (const nlohmann::json* j : {&r.per_class, &r.confusion, &r.predictions}) {
    if (j->is_null() || j->is_discarded()) q.bind(i);
    else q.bind(i, j->dump());
    ++i;
  }
}

void insert_feature_set(SQLite::Database& db, const FeatureSetInfo& f, int64_t dataset_id, int64_t created_ms) {
  SQLite::Statement q(db,
      "INSERT INTO feature_sets(dataset_id, path, content_hash, kind, model, weights_hash, row_count, details, "
      "created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (dataset_id > 0) q.bind(1, static_cast<int64_t>(dataset_id));
  else q.bind(1);
  q.bind(2, f.path);
  q.bind(3, f.content_hash);
  q.bind(4, f.kind);
  q.bind(5, f.model);
  q.bind(6, f.weights_hash);
  q.bind(7, static_cast<int64_t>(f.rows));
  // A discarded value (unreadable JSON in a merged store) is kept as unknown.
  if (f.details.is_null() || f.details.is_discarded()) q.bind(8);
  else q.bind(8, f.details.dump());
  q.bind(9, static_cast<int64_t>(created_ms));
  q.exec();
}

}  // namespace plumage::store
