#include "core/data/dataset_inspect.h"

#include "core/data/description_import.h"
#include "core/data/descriptions.h"
#include "core/data/file_util.h"
#include "core/data/image/image_probe.h"
#include "core/data/manifest.h"
#include "core/data/reed_captions.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace plumage::data {

namespace {

// Enough of the file to find a JPEG frame header or PNG IHDR is not enough
// to check for truncation, so whole files are read (a few MB/s is plenty).
void check_images(const Dataset& ds, const InspectOptions& opt, InspectReport& rep) {
  bool first = true;
  for (std::size_t i = 0; i < ds.images.size(); ++i) {
    if (opt.progress) opt.progress(i, ds.images.size());
    const std::string path = ds.image_path(ds.images[i]);
    std::string bytes;
    try {
      bytes = read_file_bytes(path);
    } catch (const DataError& e) {
      rep.problems.push_back(e.problems().front());
      continue;
    }
    ++rep.images_checked;
    const ImageProbe p = probe_image_bytes(bytes);
    if (!p.error.empty()) {
      rep.problems.push_back({path, 0, p.error});
      continue;
    }
    if (p.width <= 0) {
      ++rep.size_unknown;
      continue;
    }
    if (p.channels == 1) ++rep.grayscale_images;
    if (first) {
      rep.min_width = rep.max_width = p.width;
      rep.min_height = rep.max_height = p.height;
      first = false;
    }
    rep.min_width = std::min(rep.min_width, p.width);
    rep.max_width = std::max(rep.max_width, p.width);
    rep.min_height = std::min(rep.min_height, p.height);
    rep.max_height = std::max(rep.max_height, p.height);
  }
  if (opt.progress) opt.progress(ds.images.size(), ds.images.size());
}

void check_descriptions(const Dataset& ds, const std::string& file, InspectReport& rep) {
  const std::vector<std::string> names = ds.class_names();
  OpenedDescriptions opened = open_descriptions(file, DescriptionsFileKind::Auto, names);
  const DescriptionStore& store = opened.store;
  if (!opened.import) {
    std::set<std::string> known(names.begin(), names.end());
    for (const auto& c : store.classes)
      if (!known.count(c.class_name))
        rep.problems.push_back({file, 0, "descriptions for class \"" + c.class_name + "\", which is not in the dataset"});
  } else {
    // A Menon & Vondrick / CuPL list: names that match no class are expected
    // when the dataset is a subset, so they are notes, not problems.
    const ImportReport& r = *opened.import;
    for (auto& p : r.problems) rep.problems.push_back(p);
    if (!r.unmatched_names.empty())
      rep.notes.push_back(std::to_string(r.unmatched_names.size()) + " names in " + file +
                          " match no dataset class (first: \"" + r.unmatched_names.front() + "\")");
  }
  std::size_t covered = 0, variants = 0;
  for (const auto& n : names)
    if (const auto* c = store.find(n)) {
      const auto usable = c->usable_variants();
      covered += usable.empty() ? 0 : 1;
      variants += usable.size();
    }
  rep.classes_with_descriptions = covered;
  rep.description_variants = variants;
}

}  // namespace

InspectReport inspect_dataset(const std::string& path, const InspectOptions& opt) {
  InspectReport rep;
  Dataset ds = open_dataset(path, {ReadMode::Lenient, true});
  rep.root = ds.root;
  rep.kind = ds.kind;
  rep.problems = ds.warnings;
  rep.classes = ds.classes.size();
  rep.images = ds.images.size();
  rep.train = ds.train_count();
  rep.test = ds.test_count();
  const auto per_class = ds.class_counts();
  auto counts = per_class;
  if (!counts.empty()) {
    std::sort(counts.begin(), counts.end());
    rep.per_class_min = counts.front();
    rep.per_class_max = counts.back();
    rep.per_class_median = counts.size() % 2 ? counts[counts.size() / 2]
                                             : (counts[counts.size() / 2 - 1] + counts[counts.size() / 2]) / 2;
    for (std::size_t i = 0; i < ds.classes.size(); ++i)
      if (per_class[i] == 0) rep.problems.push_back({ds.root, 0, "class " + ds.classes[i].name + " has no images"});
  }
  if (opt.check_images) check_images(ds, opt, rep);
  if (!opt.reed_dir.empty()) {
    ImageCaptions caps = read_reed_captions(ds, opt.reed_dir, {ReadMode::Lenient, 10});
    rep.images_with_captions = caps.images_with_captions();
    rep.caption_count = caps.caption_count();
    for (auto& w : caps.warnings) rep.problems.push_back(w);
    if (caps.unused_folders)
      rep.notes.push_back(std::to_string(caps.unused_folders) + " caption folders match no dataset class");
    if (caps.unused_files)
      rep.notes.push_back(std::to_string(caps.unused_files) + " caption files have no dataset image");
  }
  if (!opt.descriptions_file.empty()) check_descriptions(ds, opt.descriptions_file, rep);
  return rep;
}

nlohmann::ordered_json InspectReport::to_json() const {
  nlohmann::ordered_json j;
  j["root"] = root;
  j["kind"] = kind;
  j["valid"] = valid();
  j["classes"] = classes;
  j["images"] = images;
  j["train"] = train;
  j["test"] = test;
  j["images_per_class"] = {{"min", per_class_min}, {"median", per_class_median}, {"max", per_class_max}};
  if (images_checked) {
    j["image_size"] = {{"min_width", min_width}, {"max_width", max_width},
                       {"min_height", min_height}, {"max_height", max_height}};
    j["images_checked"] = images_checked;
    j["grayscale_images"] = grayscale_images;
    if (size_unknown) j["images_of_unknown_size"] = size_unknown;
  }
  if (images_with_captions)
    j["captions"] = {{"images_with_captions", *images_with_captions},
                     {"captions", *caption_count},
                     {"coverage", images ? double(*images_with_captions) / images : 0.0}};
  if (classes_with_descriptions)
    j["descriptions"] = {{"classes_with_descriptions", *classes_with_descriptions},
                         {"variants", *description_variants},
                         {"coverage", classes ? double(*classes_with_descriptions) / classes : 0.0}};
  j["notes"] = notes;
  nlohmann::ordered_json w = nlohmann::ordered_json::array();
  for (const auto& d : problems) w.push_back({{"file", d.file}, {"line", d.line}, {"message", d.message}});
  j["warnings"] = w;
  return j;
}

std::string InspectReport::to_text() const {
  std::ostringstream o;
  auto pct = [](std::size_t a, std::size_t b) { return b ? 100.0 * double(a) / double(b) : 0.0; };
  o << "Dataset:  " << root << " (" << kind << ")\n";
  o << "Classes:  " << classes << "\n";
  o << "Images:   " << images << " (train " << train << ", test " << test << ")\n";
  o << "Per class: min " << per_class_min << ", median " << per_class_median << ", max " << per_class_max << "\n";
  if (images_checked) {
    o << "Image size: width " << min_width << ".." << max_width << ", height " << min_height << ".." << max_height
      << " (" << images_checked << " checked, " << grayscale_images << " grayscale";
    if (size_unknown) o << ", " << size_unknown << " of unknown size";
    o << ")\n";
  }
  o.setf(std::ios::fixed);
  o.precision(1);
  if (images_with_captions)
    o << "Captions: " << *images_with_captions << " of " << images << " images (" << pct(*images_with_captions, images)
      << "%), " << *caption_count << " captions\n";
  if (classes_with_descriptions)
    o << "Descriptions: " << *classes_with_descriptions << " of " << classes << " classes ("
      << pct(*classes_with_descriptions, classes) << "%), " << *description_variants << " usable variants\n";
  for (const auto& n : notes) o << "Note: " << n << "\n";
  if (problems.empty()) {
    o << "No problems found.\n";
  } else {
    o << problems.size() << " problem" << (problems.size() == 1 ? "" : "s") << ":\n";
    for (const auto& d : problems) o << "  " << d.to_string() << "\n";
  }
  return o.str();
}

}  // namespace plumage::data
