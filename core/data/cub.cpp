#include "core/data/cub.h"

#include "core/data/class_names.h"
#include "core/data/file_util.h"
#include "core/data/text_table.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

namespace plumage::data {

namespace fs = std::filesystem;

// Defined in cub_annotations.cpp.
void read_cub_attributes(const std::string& root, Dataset& ds, DiagnosticSink& sink);
void read_cub_parts(const std::string& root, Dataset& ds, DiagnosticSink& sink);

bool looks_like_cub(const std::string& root) {
  return fs::is_regular_file(fs::path(root) / "images.txt") && fs::is_regular_file(fs::path(root) / "classes.txt");
}

namespace {

struct Located {
  std::size_t line = 0;
};
struct ImageEntry : Located {
  std::string path;
};
struct IntEntry : Located {
  long long value = 0;
};
struct BoxEntry : Located {
  BoundingBox box;
};

// Parses "<id> ..." rows keyed by a positive integer id, reporting bad ids and duplicates.
template <typename Entry, typename ParseRest>
std::map<long long, Entry> keyed_rows(const std::vector<TableRow>& rows, const std::string& file,
                                      DiagnosticSink& sink, ParseRest parse_rest) {
  std::map<long long, Entry> out;
  for (const auto& row : rows) {
    long long id = 0;
    if (!parse_uint(row.fields[0], id) || id == 0) {
      sink.report(file, row.line, "id \"" + row.fields[0] + "\" is not a positive integer");
      continue;
    }
    Entry e;
    e.line = row.line;
    if (!parse_rest(row, e)) continue;
    auto [it, inserted] = out.emplace(id, e);
    if (!inserted)
      sink.report(file, row.line, "duplicate id " + std::to_string(id) + " (first on line " +
                                      std::to_string(it->second.line) + ")");
  }
  return out;
}

bool expect_fields(const TableRow& row, std::size_t n, const std::string& file, const std::string& form,
                   DiagnosticSink& sink) {
  if (row.fields.size() == n) return true;
  sink.report(file, row.line, "expected " + std::to_string(n) + " fields (" + form + "), found " +
                                  std::to_string(row.fields.size()));
  return false;
}

}  // namespace

Dataset read_cub(const std::string& root_in, const ReadOptions& options) {
  const std::string root = fs::path(root_in).lexically_normal().string();
  const fs::path rp(root);
  DiagnosticSink sink;
  Dataset ds;
  ds.kind = "cub";
  ds.root = root;
  ds.image_root = (rp / "images").string();
  if (!fs::is_directory(rp)) throw DataError(root, 0, "dataset directory not found");
  auto file = [&](const char* name) { return (rp / name).string(); };
  const std::string f_classes = file("classes.txt"), f_images = file("images.txt"),
                    f_labels = file("image_class_labels.txt"), f_split = file("train_test_split.txt"),
                    f_boxes = file("bounding_boxes.txt");

  // classes.txt: "<id> <dir>"
  std::set<std::string> class_dirs;
  auto classes = keyed_rows<ImageEntry>(read_table(f_classes, f_classes, sink), f_classes, sink,
                                        [&](const TableRow& row, ImageEntry& e) {
                                          if (!expect_fields(row, 2, f_classes, "class id, class name", sink))
                                            return false;
                                          e.path = row.fields[1];
                                          if (!class_dirs.insert(e.path).second) {
                                            sink.report(f_classes, row.line, "duplicate class name " + e.path);
                                            return false;
                                          }
                                          return true;
                                        });
  std::map<long long, int> class_label;  // class id -> 0-based label
  for (const auto& [id, e] : classes) {
    class_label[id] = static_cast<int>(ds.classes.size());
    ds.classes.push_back({static_cast<int>(id), e.path, display_name_from_class_dir(e.path)});
  }

  // images.txt: "<id> <relative path>" (a path may contain spaces).
  std::vector<long long> image_order;
  std::set<std::string> paths;
  auto images = keyed_rows<ImageEntry>(read_table(f_images, f_images, sink), f_images, sink,
                                       [&](const TableRow& row, ImageEntry& e) {
                                         if (row.fields.size() < 2) {
                                           sink.report(f_images, row.line, "expected 2 fields (image id, path), found 1");
                                           return false;
                                         }
                                         e.path = row.rest_after_first;
                                         if (!paths.insert(e.path).second) {
                                           sink.report(f_images, row.line, "duplicate path " + e.path);
                                           return false;
                                         }
                                         return true;
                                       });
  auto int_rows = [&](const std::string& f, const std::string& form) {
    return keyed_rows<IntEntry>(read_table(f, f, sink), f, sink, [&](const TableRow& row, IntEntry& e) {
      if (!expect_fields(row, 2, f, form, sink)) return false;
      if (!parse_uint(row.fields[1], e.value)) {
        sink.report(f, row.line, "\"" + row.fields[1] + "\" is not a non-negative integer");
        return false;
      }
      return true;
    });
  };
  auto labels = int_rows(f_labels, "image id, class id");
  auto split = int_rows(f_split, "image id, is_training_image");
  auto boxes = keyed_rows<BoxEntry>(
      read_table(f_boxes, f_boxes, sink), f_boxes, sink, [&](const TableRow& row, BoxEntry& e) {
        if (!expect_fields(row, 5, f_boxes, "image id, x, y, width, height", sink)) return false;
        double v[4];
        for (int i = 0; i < 4; ++i)
          if (!parse_double(row.fields[i + 1], v[i])) {
            sink.report(f_boxes, row.line, "\"" + row.fields[i + 1] + "\" is not a number");
            return false;
          }
        if (v[2] <= 0 || v[3] <= 0 || v[0] < 0 || v[1] < 0) {
          sink.report(f_boxes, row.line, "bounding box has negative origin or non-positive size");
          return false;
        }
        e.box = {v[0], v[1], v[2], v[3]};
        return true;
      });

  // Ids present in a side file but not in images.txt.
  auto orphans = [&](const auto& table, const std::string& f) {
    for (const auto& [id, e] : table)
      if (!images.count(id)) sink.report(f, e.line, "image id " + std::to_string(id) + " is not in images.txt");
  };
  orphans(labels, f_labels);
  orphans(split, f_split);
  orphans(boxes, f_boxes);

  // images.txt order is the dataset order (CUB lists ids ascending).
  std::vector<std::pair<std::size_t, long long>> by_line;
  for (const auto& [id, e] : images) by_line.emplace_back(e.line, id);
  std::sort(by_line.begin(), by_line.end());
  const bool have_boxes = fs::exists(f_boxes);
  for (const auto& [line, id] : by_line) {
    const ImageEntry& img = images.at(id);
    const std::string sid = std::to_string(id);
    bool ok = true;
    auto lab = labels.find(id);
    auto spl = split.find(id);
    auto box = boxes.find(id);
    if (lab == labels.end()) {
      sink.report(f_images, line, "image " + sid + " has no entry in image_class_labels.txt");
      ok = false;
    }
    if (spl == split.end()) {
      sink.report(f_images, line, "image " + sid + " has no entry in train_test_split.txt");
      ok = false;
    } else if (spl->second.value > 1) {
      sink.report(f_split, spl->second.line, "split must be 1 (train) or 0 (test), found " +
                                                 std::to_string(spl->second.value));
      ok = false;
    }
    if (have_boxes && box == boxes.end()) {
      sink.report(f_images, line, "image " + sid + " has no entry in bounding_boxes.txt");
      ok = false;
    }
    int label = -1;
    if (lab != labels.end()) {
      auto cl = class_label.find(lab->second.value);
      if (cl == class_label.end()) {
        sink.report(f_labels, lab->second.line, "class id " + std::to_string(lab->second.value) +
                                                     " is not in classes.txt");
        ok = false;
      } else {
        label = cl->second;
        const std::string folder = img.path.substr(0, img.path.find('/'));
        if (img.path.find('/') != std::string::npos && folder != ds.classes[label].name) {
          sink.report(f_labels, lab->second.line, "image " + sid + " is labeled class " +
                                                       std::to_string(lab->second.value) + " (" +
                                                       ds.classes[label].name + ") but lies in folder " + folder);
          ok = false;
        }
      }
    }
    if (options.check_files_exist && !fs::is_regular_file(fs::path(ds.image_root) / img.path)) {
      sink.report(f_images, line, "image file not found: images/" + img.path);
      ok = false;
    }
    if (!ok) continue;
    ImageRecord r;
    r.id = id;
    r.path = img.path;
    r.label = label;
    r.is_train = spl->second.value == 1;
    if (box != boxes.end()) r.bbox = box->second.box;
    ds.images.push_back(std::move(r));
  }
  if (ds.classes.empty() && fs::exists(f_classes)) sink.report(f_classes, 0, "no classes listed");
  if (ds.images.empty() && fs::exists(f_images)) sink.report(f_images, 0, "no usable images");

  read_cub_attributes(root, ds, sink);
  read_cub_parts(root, ds, sink);

  if (options.mode == ReadMode::Strict) sink.throw_if_any();
  ds.warnings = sink.take();
  return ds;
}

}  // namespace plumage::data
