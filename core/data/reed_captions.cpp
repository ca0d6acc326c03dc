#include "core/data/reed_captions.h"

#include "core/data/class_names.h"
#include "core/data/file_util.h"
#include "core/data/utf8.h"

#include <filesystem>
#include <map>
#include <set>

namespace plumage::data {

namespace fs = std::filesystem;

std::size_t ImageCaptions::images_with_captions() const {
  std::size_t n = 0;
  for (const auto& c : per_image) n += c.empty() ? 0 : 1;
  return n;
}

std::size_t ImageCaptions::caption_count() const {
  std::size_t n = 0;
  for (const auto& c : per_image) n += c.size();
  return n;
}

namespace {

// The folder an image's captions live in: the image's own folder, or the
// class name for datasets whose images are not in class folders.
std::string caption_folder(const Dataset& ds, const ImageRecord& r) {
  const auto slash = r.path.rfind('/');
  if (slash != std::string::npos) {
    const std::string dir = r.path.substr(0, slash);
    const auto prev = dir.rfind('/');
    return prev == std::string::npos ? dir : dir.substr(prev + 1);
  }
  return ds.classes.at(static_cast<std::size_t>(r.label)).name;
}

std::string file_stem(const std::string& path) {
  return fs::path(path).stem().string();
}

}  // namespace

ImageCaptions read_reed_captions(const Dataset& ds, const std::string& text_dir, const CaptionReadOptions& options) {
  if (!fs::is_directory(text_dir)) throw DataError(text_dir, 0, "caption folder not found");
  DiagnosticSink sink;
  ImageCaptions out;
  out.per_image.resize(ds.images.size());

  // Folders the dataset expects, and which of them exist.
  std::set<std::string> wanted;
  for (const auto& r : ds.images) wanted.insert(caption_folder(ds, r));
  std::vector<std::string> wanted_list(wanted.begin(), wanted.end());
  ClassNameMatcher matcher(wanted_list);
  std::set<std::string> present;
  std::map<std::string, std::set<std::string>> files_in;  // folder -> stems
  for (const auto& entry : fs::directory_iterator(text_dir)) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().string();
    if (wanted.count(name)) {
      present.insert(name);
      for (const auto& f : fs::directory_iterator(entry.path()))
        if (f.is_regular_file() && f.path().extension() == ".txt") files_in[name].insert(f.path().stem().string());
      continue;
    }
    if (auto m = matcher.match(name))
      sink.report(entry.path().string(), 0, "caption folder name does not match dataset class folder \"" +
                                                wanted_list[*m] + "\" (not guessed; rename one of them)");
    else
      ++out.unused_folders;
  }
  for (const auto& w : wanted)
    if (!present.count(w)) sink.report((fs::path(text_dir) / w).string(), 0, "no caption folder for class folder " + w);

  for (std::size_t i = 0; i < ds.images.size(); ++i) {
    const auto& r = ds.images[i];
    const std::string folder = caption_folder(ds, r);
    if (!present.count(folder)) continue;  // reported once per folder above
    const std::string stem = file_stem(r.path);
    const std::string file = (fs::path(text_dir) / folder / (stem + ".txt")).string();
    auto& stems = files_in[folder];
    if (!stems.count(stem)) {
      sink.report(file, 0, "missing caption file for image " + std::to_string(r.id) + " (" + r.path + ")");
      continue;
    }
    stems.erase(stem);
    std::string bytes;
    try {
      bytes = read_file_bytes(file);
    } catch (const DataError& e) {
      sink.report(file, 0, e.problems().front().message);
      continue;
    }
    const auto lines = split_lines(bytes);
    auto& caps = out.per_image[i];
    for (std::size_t k = 0; k < lines.size(); ++k) {
      std::string line = lines[k];
      if (trim(line).empty()) continue;
      if (!is_valid_utf8(line)) {
        sink.report(file, k + 1, "undecodable bytes (not valid UTF-8)");
        line = strip_undecodable(line);
      } else if (has_replacement_char(line)) {
        sink.report(file, k + 1, "contains U+FFFD replacement characters (a decoding artefact)");
        line = strip_undecodable(line);
      }
      line = trim(line);
      if (!line.empty()) caps.push_back(line);
    }
    if (caps.size() != options.expected_per_image)
      sink.report(file, 0, "has " + std::to_string(caps.size()) + " caption lines, expected " +
                               std::to_string(options.expected_per_image));
  }
  for (const auto& [folder, stems] : files_in) out.unused_files += stems.size();

  if (options.mode == ReadMode::Strict) sink.throw_if_any();
  out.warnings = sink.take();
  return out;
}

}  // namespace plumage::data
