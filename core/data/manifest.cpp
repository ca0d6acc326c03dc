#include "core/data/manifest.h"

#include "core/data/class_names.h"
#include "core/data/cub.h"
#include "core/data/file_util.h"
#include "core/json/parse_limited.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace plumage::data {

namespace fs = std::filesystem;

namespace {

// One manifest entry before classes are resolved.
struct RawEntry {
  std::string where_file;
  std::size_t where_line = 0;
  std::string where_key;  // JSON: "images[3]"
  std::string path, cls, split;
  long long id = 0;
  std::optional<BoundingBox> bbox;
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// RFC 4180 records with the line each starts on.
struct CsvRecord {
  std::size_t line;
  std::vector<std::string> cells;
};

std::vector<CsvRecord> parse_csv(const std::string& text, const std::string& file, DiagnosticSink& sink) {
  std::vector<CsvRecord> out;
  std::size_t i = 0, line = 1;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
  while (i < text.size()) {
    CsvRecord rec{line, {}};
    std::string cell;
    bool done = false;
    while (!done) {
      if (i < text.size() && text[i] == '"') {
        const std::size_t start_line = line;
        ++i;
        bool closed = false;
        while (i < text.size()) {
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              cell += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (text[i] == '\n') ++line;
          cell += text[i++];
        }
        if (!closed) sink.report(file, start_line, "unterminated quoted field");
      }
      while (i < text.size() && text[i] != ',' && text[i] != '\n') cell += text[i++];
      rec.cells.push_back(trim(cell));
      cell.clear();
      if (i >= text.size()) done = true;
      else if (text[i] == ',') ++i;
      else {  // newline
        ++i;
        ++line;
        done = true;
      }
    }
    bool blank = std::all_of(rec.cells.begin(), rec.cells.end(), [](const auto& c) { return c.empty(); });
    if (!blank) out.push_back(std::move(rec));
  }
  return out;
}

void read_csv_entries(const std::string& file, DiagnosticSink& sink, std::vector<RawEntry>& entries) {
  const auto records = parse_csv(read_file_bytes(file), file, sink);
  if (records.empty()) {
    sink.report(file, 0, "empty manifest");
    return;
  }
  std::map<std::string, std::size_t> col;
  for (std::size_t c = 0; c < records[0].cells.size(); ++c) col[lower(records[0].cells[c])] = c;
  for (const char* req : {"path", "class", "split"})
    if (!col.count(req)) {
      sink.report(file, records[0].line, std::string("header has no \"") + req +
                                             "\" column (expected path,class,split)");
      return;
    }
  const bool has_box = col.count("x") && col.count("y") && col.count("width") && col.count("height");
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    if (rec.cells.size() != records[0].cells.size()) {
      sink.report(file, rec.line, "expected " + std::to_string(records[0].cells.size()) + " columns, found " +
                                      std::to_string(rec.cells.size()));
      continue;
    }
    RawEntry e;
    e.where_file = file;
    e.where_line = rec.line;
    e.path = rec.cells[col["path"]];
    e.cls = rec.cells[col["class"]];
    e.split = rec.cells[col["split"]];
    if (col.count("id") && !rec.cells[col["id"]].empty() && (!parse_uint(rec.cells[col["id"]], e.id) || e.id == 0)) {
      sink.report(file, rec.line, "id \"" + rec.cells[col["id"]] + "\" is not a positive integer");
      continue;
    }
    if (has_box && !rec.cells[col["x"]].empty()) {
      double v[4];
      const char* names[4] = {"x", "y", "width", "height"};
      bool ok = true;
      for (int k = 0; k < 4; ++k)
        if (!parse_double(rec.cells[col[names[k]]], v[k])) {
          sink.report(file, rec.line, std::string(names[k]) + " \"" + rec.cells[col[names[k]]] + "\" is not a number");
          ok = false;
          break;
        }
      if (!ok) continue;
      e.bbox = BoundingBox{v[0], v[1], v[2], v[3]};
    }
    entries.push_back(std::move(e));
  }
}

std::string json_string(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void read_json_entries(const std::string& file, DiagnosticSink& sink, std::vector<RawEntry>& entries,
                       std::vector<std::string>& listed_classes, std::string& image_root) {
  nlohmann::json j;
  try {
    j = jsonio::read_file(file, jsonio::kData);
  } catch (const jsonio::Error& e) {
    sink.report(file, e.line(), e.problem());
    return;
  }
  const nlohmann::json* images = &j;
  if (j.is_object()) {
    image_root = json_string(j, "image_root");
    if (j.contains("classes")) {
      if (!j["classes"].is_array()) sink.report(file, 0, "classes: expected a list of strings");
      else
        for (std::size_t i = 0; i < j["classes"].size(); ++i) {
          if (!j["classes"][i].is_string()) sink.report(file, 0, "classes[" + std::to_string(i) + "]: expected a string");
          else listed_classes.push_back(j["classes"][i].get<std::string>());
        }
    }
    if (!j.contains("images")) {
      sink.report(file, 0, "no \"images\" list");
      return;
    }
    images = &j["images"];
  }
  if (!images->is_array()) {
    sink.report(file, 0, "images: expected a list");
    return;
  }
  for (std::size_t i = 0; i < images->size(); ++i) {
    const auto& o = (*images)[i];
    RawEntry e;
    e.where_file = file;
    e.where_key = "images[" + std::to_string(i) + "]";
    if (!o.is_object()) {
      sink.report(file, 0, e.where_key + ": expected an object");
      continue;
    }
    e.path = json_string(o, "path");
    e.cls = json_string(o, "class");
    e.split = json_string(o, "split");
    if (o.contains("id")) {
      if (!o["id"].is_number_unsigned() || o["id"].get<long long>() == 0) {
        sink.report(file, 0, e.where_key + ".id: expected a positive integer");
        continue;
      }
      e.id = o["id"].get<long long>();
    }
    if (o.contains("bbox")) {
      const auto& b = o["bbox"];
      if (!b.is_array() || b.size() != 4 || !std::all_of(b.begin(), b.end(), [](const auto& v) { return v.is_number(); })) {
        sink.report(file, 0, e.where_key + ".bbox: expected [x, y, width, height]");
        continue;
      }
      e.bbox = BoundingBox{b[0].get<double>(), b[1].get<double>(), b[2].get<double>(), b[3].get<double>()};
    }
    entries.push_back(std::move(e));
  }
}

}  // namespace

Dataset read_manifest(const std::string& path, const ReadOptions& options) {
  if (!fs::is_regular_file(path)) throw DataError(path, 0, "manifest file not found");
  DiagnosticSink sink;
  std::vector<RawEntry> entries;
  std::vector<std::string> listed;
  std::string image_root;
  const std::string ext = lower(fs::path(path).extension().string());
  if (ext == ".json") read_json_entries(path, sink, entries, listed, image_root);
  else read_csv_entries(path, sink, entries);

  Dataset ds;
  ds.kind = "manifest";
  ds.root = path;
  const fs::path base = fs::path(path).parent_path();
  ds.image_root = (image_root.empty() ? base : base / image_root).lexically_normal().string();

  std::vector<std::string> class_order = listed;
  {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < listed.size(); ++i)
      if (!seen.insert(listed[i]).second) sink.report(path, 0, "classes[" + std::to_string(i) + "]: duplicate class " + listed[i]);
  }
  if (listed.empty()) {
    std::set<std::string> names;
    for (const auto& e : entries)
      if (!e.cls.empty()) names.insert(e.cls);
    class_order.assign(names.begin(), names.end());
  }
  std::map<std::string, int> label_of;
  for (const auto& n : class_order) {
    if (label_of.count(n)) continue;
    label_of[n] = static_cast<int>(ds.classes.size());
    ds.classes.push_back({static_cast<int>(ds.classes.size()) + 1, n, display_name_from_class_dir(n)});
  }

  std::set<long long> ids;
  std::set<std::string> paths;
  long long row_number = 0;
  for (const auto& e : entries) {
    ++row_number;
    auto report = [&](const std::string& msg) {
      sink.report(e.where_file, e.where_line, e.where_key.empty() ? msg : e.where_key + ": " + msg);
    };
    if (e.path.empty()) { report("empty path"); continue; }
    if (e.cls.empty()) { report("empty class"); continue; }
    const std::string split = lower(e.split);
    if (split != "train" && split != "test") {
      report("split must be \"train\" or \"test\", found \"" + e.split + "\"");
      continue;
    }
    auto lab = label_of.find(e.cls);
    if (lab == label_of.end()) { report("class \"" + e.cls + "\" is not in the classes list"); continue; }
    const long long id = e.id ? e.id : row_number;
    if (!ids.insert(id).second) { report("duplicate id " + std::to_string(id)); continue; }
    if (!paths.insert(e.path).second) { report("duplicate path " + e.path); continue; }
    const fs::path full = fs::path(e.path).is_absolute() ? fs::path(e.path) : fs::path(ds.image_root) / e.path;
    if (options.check_files_exist && !fs::is_regular_file(full)) { report("image file not found: " + e.path); continue; }
    if (e.bbox && (e.bbox->width <= 0 || e.bbox->height <= 0)) { report("bounding box has non-positive size"); continue; }
    ImageRecord r;
    r.id = id;
    r.path = e.path;
    r.label = lab->second;
    r.is_train = split == "train";
    r.bbox = e.bbox;
    ds.images.push_back(std::move(r));
  }
  if (ds.images.empty() && sink.empty()) sink.report(path, 0, "manifest lists no images");
  if (options.mode == ReadMode::Strict) sink.throw_if_any();
  ds.warnings = sink.take();
  return ds;
}

Dataset open_dataset(const std::string& path, const ReadOptions& options) {
  if (fs::is_directory(path)) {
    if (looks_like_cub(path)) return read_cub(path, options);
    for (const char* name : {"manifest.json", "manifest.csv"})
      if (fs::is_regular_file(fs::path(path) / name)) return read_manifest((fs::path(path) / name).string(), options);
    throw DataError(path, 0, "not a dataset: expected images.txt + classes.txt (CUB layout) or manifest.csv / manifest.json");
  }
  if (fs::is_regular_file(path)) return read_manifest(path, options);
  throw DataError(path, 0, "no such file or directory");
}

}  // namespace plumage::data
