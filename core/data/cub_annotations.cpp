// Optional CUB annotations: attributes and part locations.
#include "core/data/dataset.h"
#include "core/data/file_util.h"
#include "core/data/text_table.h"

#include <filesystem>
#include <unordered_map>

namespace plumage::data {

namespace fs = std::filesystem;

namespace {

std::unordered_map<long long, std::size_t> image_rows(const Dataset& ds) {
  std::unordered_map<long long, std::size_t> m;
  for (std::size_t i = 0; i < ds.images.size(); ++i) m[ds.images[i].id] = i;
  return m;
}

}  // namespace

void read_cub_attributes(const std::string& root, Dataset& ds, DiagnosticSink& sink) {
  const fs::path rp(root);
  const fs::path labels = rp / "attributes" / "image_attribute_labels.txt";
  fs::path names_file = rp / "attributes" / "attributes.txt";
  if (!fs::exists(names_file)) names_file = rp / "attributes.txt";  // where the archive puts it
  const bool have_labels = fs::exists(labels), have_names = fs::exists(names_file);
  if (!have_labels && !have_names) return;
  if (!have_labels) {
    sink.report(labels.string(), 0, "file not found (attributes.txt is present)");
    return;
  }
  if (!have_names) {
    sink.report((rp / "attributes.txt").string(), 0,
                "file not found (needed for attributes/image_attribute_labels.txt)");
    return;
  }
  AttributeAnnotations a;
  a.names = read_name_list(names_file.string(), sink);
  const std::size_t na = a.names.size();
  a.present.assign(ds.images.size() * na, 0);
  a.certainty.assign(ds.images.size() * na, 0);
  const auto rows_of = image_rows(ds);
  const std::string f = labels.string();
  for (const auto& row : read_table(f, f, sink)) {
    // "<image> <attribute> <is_present> <certainty> <time>"
    if (row.fields.size() != 5) {
      sink.report(f, row.line, "expected 5 fields (image id, attribute id, is_present, certainty id, time), found " +
                                   std::to_string(row.fields.size()));
      continue;
    }
    long long img = 0, att = 0, pres = 0, cert = 0;
    double time = 0;
    if (!parse_uint(row.fields[0], img) || !parse_uint(row.fields[1], att) || !parse_uint(row.fields[2], pres) ||
        !parse_uint(row.fields[3], cert) || !parse_double(row.fields[4], time)) {
      sink.report(f, row.line, "non-numeric field");
      continue;
    }
    auto it = rows_of.find(img);
    if (it == rows_of.end()) continue;  // image skipped or unknown: reported by images.txt checks
    if (att < 1 || static_cast<std::size_t>(att) > na || pres > 1 || cert < 1 || cert > 4) {
      sink.report(f, row.line, "attribute id, is_present or certainty out of range");
      continue;
    }
    const std::size_t k = it->second * na + static_cast<std::size_t>(att - 1);
    a.present[k] = static_cast<uint8_t>(pres);
    a.certainty[k] = static_cast<uint8_t>(cert);
  }
  ds.attributes = std::move(a);
}

void read_cub_parts(const std::string& root, Dataset& ds, DiagnosticSink& sink) {
  const fs::path dir = fs::path(root) / "parts";
  if (!fs::is_directory(dir)) return;
  const std::string names_file = (dir / "parts.txt").string(), f = (dir / "part_locs.txt").string();
  PartAnnotations p;
  p.names = read_name_list(names_file, sink);
  const std::size_t np = p.names.size();
  p.locations.assign(ds.images.size() * np, {});
  const auto rows_of = image_rows(ds);
  for (const auto& row : read_table(f, f, sink)) {
    // "<image> <part> <x> <y> <visible>"
    if (row.fields.size() != 5) {
      sink.report(f, row.line, "expected 5 fields (image id, part id, x, y, visible), found " +
                                   std::to_string(row.fields.size()));
      continue;
    }
    long long img = 0, part = 0, vis = 0;
    double x = 0, y = 0;
    if (!parse_uint(row.fields[0], img) || !parse_uint(row.fields[1], part) || !parse_double(row.fields[2], x) ||
        !parse_double(row.fields[3], y) || !parse_uint(row.fields[4], vis)) {
      sink.report(f, row.line, "non-numeric field");
      continue;
    }
    auto it = rows_of.find(img);
    if (it == rows_of.end()) continue;
    if (part < 1 || static_cast<std::size_t>(part) > np || vis > 1) {
      sink.report(f, row.line, "part id or visibility out of range");
      continue;
    }
    p.locations[it->second * np + static_cast<std::size_t>(part - 1)] = {static_cast<float>(x),
                                                                          static_cast<float>(y), vis == 1};
  }
  ds.parts = std::move(p);
}

}  // namespace plumage::data
