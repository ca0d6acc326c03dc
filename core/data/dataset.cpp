#include "core/data/dataset.h"

#include <filesystem>

namespace plumage::data {

std::string Dataset::image_path(const ImageRecord& r) const {
  // A manifest may list absolute paths: they are used as they are (joining
  // them made "root//abs/x.jpg", and every such image was skipped).
  if (image_root.empty() || std::filesystem::path(r.path).is_absolute()) return r.path;
  return image_root + "/" + r.path;
}

std::size_t Dataset::train_count() const {
  std::size_t n = 0;
  for (const auto& r : images) n += r.is_train ? 1 : 0;
  return n;
}

std::vector<std::size_t> Dataset::class_counts() const {
  std::vector<std::size_t> counts(classes.size(), 0);
  for (const auto& r : images)
    if (r.label >= 0 && static_cast<std::size_t>(r.label) < counts.size()) ++counts[r.label];
  return counts;
}

int Dataset::class_index(const std::string& name) const {
  for (std::size_t i = 0; i < classes.size(); ++i)
    if (classes[i].name == name) return static_cast<int>(i);
  return -1;
}

long Dataset::image_index(int64_t id) const {
  for (std::size_t i = 0; i < images.size(); ++i)
    if (images[i].id == id) return static_cast<long>(i);
  return -1;
}

std::vector<std::string> Dataset::class_names() const {
  std::vector<std::string> out;
  for (const auto& c : classes) out.push_back(c.name);
  return out;
}

}  // namespace plumage::data
