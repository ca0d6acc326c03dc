#include "core/experiment/per_class_results.h"

#include "core/store/store_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>

namespace plumage::experiment {
using nlohmann::json;

namespace {

struct PerClass {
  std::vector<std::string> classes;
  std::vector<double> top1;  // fractions
  std::vector<int64_t> count;
};

// The engine stores {"classes": [...], "top1": [...], "count": [...]}.
bool read_per_class(const json& j, PerClass& out) {
  if (!j.is_object() || !j.contains("classes") || !j.contains("top1")) return false;
  const json &c = j["classes"], &t = j["top1"];
  if (!c.is_array() || !t.is_array() || c.size() != t.size()) return false;
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (!c[i].is_string() || !t[i].is_number()) return false;
    out.classes.push_back(c[i].get<std::string>());
    out.top1.push_back(t[i].get<double>());
    const json* n = j.contains("count") && j["count"].is_array() && i < j["count"].size() ? &j["count"][i] : nullptr;
    out.count.push_back(n && n->is_number_integer() ? n->get<int64_t>() : -1);
  }
  return true;
}

std::string pct(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", 100.0 * fraction);
  return buf;
}

}  // namespace

std::string export_per_class_csv(store::StoreReader& reader, int64_t sweep_id) {
  std::ostringstream os;
  os << "run_id,key,seed,class,accuracy,n\n";
  for (const auto& r : reader.runs(sweep_id)) {
    if (r.status != store::RunStatus::Done) continue;
    const auto res = reader.result(r.id);
    PerClass pc;
    if (!res || !read_per_class(res->per_class, pc)) continue;
    for (std::size_t i = 0; i < pc.classes.size(); ++i)
      os << r.id << "," << csv_field(r.key) << "," << r.seed << "," << csv_field(pc.classes[i]) << "," << pct(pc.top1[i])
         << "," << pc.count[i] << "\n";
  }
  return os.str();
}

std::vector<ClassGain> class_gains(store::StoreReader& reader, const ResultsTable& table, const std::string& row,
                                   std::size_t column_a, std::size_t column_b) {
  const auto rit = std::find(table.row_labels.begin(), table.row_labels.end(), row);
  if (rit == table.row_labels.end()) {
    std::string known;
    for (const auto& r : table.row_labels) known += (known.empty() ? "" : ", ") + r;
    throw std::invalid_argument("no row \"" + row + "\" (rows: " + known + ")");
  }
  const std::size_t ri = static_cast<std::size_t>(rit - table.row_labels.begin());
  // Per seed, the per-class result of each cell's finished run.
  auto by_seed = [&](const TableCell& cell) {
    std::map<int64_t, PerClass> m;
    for (const int64_t id : cell.value_ids) {
      const auto run = reader.run(id);
      const auto res = reader.result(id);
      PerClass pc;
      if (run && res && read_per_class(res->per_class, pc)) m[run->seed] = std::move(pc);
    }
    return m;
  };
  const auto a = by_seed(table.cells[ri][column_a]), b = by_seed(table.cells[ri][column_b]);
  std::map<std::string, ClassGain> acc;
  std::size_t seeds = 0;
  for (const auto& [seed, pa] : a) {
    const auto it = b.find(seed);
    if (it == b.end()) continue;
    ++seeds;
    std::map<std::string, std::size_t> index_b;
    for (std::size_t i = 0; i < it->second.classes.size(); ++i) index_b[it->second.classes[i]] = i;
    for (std::size_t i = 0; i < pa.classes.size(); ++i) {
      const auto j = index_b.find(pa.classes[i]);
      if (j == index_b.end()) continue;
      ClassGain& g = acc[pa.classes[i]];
      g.class_name = pa.classes[i];
      g.accuracy_a += 100.0 * pa.top1[i];
      g.accuracy_b += 100.0 * it->second.top1[j->second];
      g.test_images = pa.count[i];
      ++g.seeds;
    }
  }
  if (seeds == 0)
    throw std::invalid_argument("row " + row + ": no seed finished in both \"" + table.column_labels[column_a] +
                                "\" and \"" + table.column_labels[column_b] + "\" with per-class results");
  std::vector<ClassGain> out;
  for (auto& [name, g] : acc) {
    g.accuracy_a /= static_cast<double>(g.seeds);
    g.accuracy_b /= static_cast<double>(g.seeds);
    g.gain = g.accuracy_a - g.accuracy_b;
    out.push_back(g);
  }
  std::sort(out.begin(), out.end(), [](const ClassGain& x, const ClassGain& y) {
    return x.gain != y.gain ? x.gain > y.gain : x.class_name < y.class_name;
  });
  return out;
}

std::string class_gains_csv(const std::vector<ClassGain>& gains) {
  std::ostringstream os;
  os << "rank,class,accuracy_a,accuracy_b,gain,test_images,seeds\n";
  char buf[128];
  for (std::size_t i = 0; i < gains.size(); ++i) {
    const ClassGain& g = gains[i];
    std::snprintf(buf, sizeof buf, ",%.4f,%.4f,%.4f,", g.accuracy_a, g.accuracy_b, g.gain);
    os << i + 1 << "," << csv_field(g.class_name) << buf << g.test_images << "," << g.seeds << "\n";
  }
  return os.str();
}

}  // namespace plumage::experiment
