#include "core/data/coco_captions.h"

#include "core/data/file_util.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <unordered_map>

namespace plumage::data {

namespace fs = std::filesystem;

std::string CocoCaptions::image_path(const CocoImage& im) const {
  return image_dir.empty() ? im.file_name : image_dir + "/" + im.file_name;
}

std::vector<std::pair<std::size_t, std::size_t>> CocoCaptions::pairs() const {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  out.reserve(captions.size());
  for (std::size_t i = 0; i < captions.size(); ++i) out.emplace_back(captions[i].image_index, i);
  return out;
}

std::size_t CocoCaptions::images_with_captions() const {
  std::vector<bool> has(images.size(), false);
  for (const auto& c : captions) has[c.image_index] = true;
  std::size_t n = 0;
  for (bool b : has) n += b ? 1 : 0;
  return n;
}

namespace {

using json = nlohmann::json;

// SAX handler keeping images[].{id,file_name,width,height} and
// annotations[].{id,image_id,caption}; everything else is skipped.
class CocoSax : public nlohmann::json_sax<json> {
 public:
  CocoSax(const std::string& file, DiagnosticSink& sink) : file_(file), sink_(sink) {}

  std::vector<CocoImage> images;
  struct RawCaption {
    CocoCaption c;
    bool has_id = false, has_image = false, has_caption = false;
    std::size_t index = 0;
  };
  std::vector<RawCaption> raw;
  bool saw_images = false, saw_annotations = false;

  bool null() override { return scalar(Value{}); }
  bool boolean(bool) override { return scalar(Value{}); }
  bool number_integer(number_integer_t v) override { return scalar(Value{Kind::Int, v, {}}); }
  bool number_unsigned(number_unsigned_t v) override {
    return scalar(Value{Kind::Int, static_cast<int64_t>(v), {}});
  }
  bool number_float(number_float_t, const string_t&) override { return scalar(Value{Kind::Float, 0, {}}); }
  bool string(string_t& s) override { return scalar(Value{Kind::String, 0, std::move(s)}); }
  bool binary(binary_t&) override { return scalar(Value{}); }
  bool key(string_t& k) override {
    if (depth_ == 1) section_ = k == "images" ? Section::Images : k == "annotations" ? Section::Annotations : Section::Other;
    if (depth_ == 3) field_ = k;
    return true;
  }
  bool start_object(std::size_t) override {
    ++depth_;
    if (depth_ == 1) root_is_object_ = true;
    if (depth_ == 3 && in_list_) begin_element();
    else if (depth_ == 2 && section_ != Section::Other) report_list_not_array();
    return true;
  }
  bool end_object() override {
    if (depth_ == 3 && in_list_) end_element();
    if (depth_ == 1) section_ = Section::Other;
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    ++depth_;
    if (depth_ == 2 && section_ != Section::Other) {
      in_list_ = true;
      element_ = 0;
      (section_ == Section::Images ? saw_images : saw_annotations) = true;
    }
    return true;
  }
  bool end_array() override {
    if (depth_ == 2) in_list_ = false;
    --depth_;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    sink_.report(file_, 0, "invalid JSON at byte " + std::to_string(position) + ": " + ex.what());
    return false;
  }
  bool root_is_object() const { return root_is_object_; }

 private:
  enum class Section { Other, Images, Annotations };
  enum class Kind { None, Int, Float, String };
  struct Value {
    Kind kind = Kind::None;
    int64_t i = 0;
    std::string s;
  };

  std::string where() const {
    return std::string(section_ == Section::Images ? "images[" : "annotations[") + std::to_string(element_) + "]";
  }
  void report_list_not_array() {
    sink_.report(file_, 0, std::string(section_ == Section::Images ? "images" : "annotations") + ": expected a list");
  }
  void begin_element() {
    if (section_ == Section::Images) {
      img_ = {};
      img_has_id_ = false;
    } else {
      cap_ = {};
      cap_.index = element_;
    }
  }
  void end_element() {
    if (section_ == Section::Images) {
      if (!img_has_id_) sink_.report(file_, 0, where() + ": missing integer \"id\"");
      else if (img_.file_name.empty()) sink_.report(file_, 0, where() + ": missing \"file_name\"");
      else images.push_back(img_);
    } else {
      raw.push_back(cap_);
    }
    ++element_;
  }
  bool scalar(Value v) {
    if (depth_ == 0) return true;
    if (!(depth_ == 3 && in_list_)) {
      if (depth_ == 2 && in_list_) sink_.report(file_, 0, where() + ": expected an object");
      if (depth_ == 2 && in_list_) ++element_;
      if (depth_ == 1 && section_ != Section::Other) report_list_not_array();
      return true;
    }
    auto want_int = [&](int64_t& dst, bool& flag) {
      if (v.kind == Kind::Int) {
        dst = v.i;
        flag = true;
      } else {
        sink_.report(file_, 0, where() + "." + field_ + ": expected an integer");
      }
    };
    bool dummy = false;
    if (section_ == Section::Images) {
      if (field_ == "id") want_int(img_.id, img_has_id_);
      else if (field_ == "file_name") {
        if (v.kind == Kind::String) img_.file_name = std::move(v.s);
        else sink_.report(file_, 0, where() + ".file_name: expected a string");
      } else if (field_ == "width" || field_ == "height") {
        int64_t x = 0;
        if (v.kind == Kind::Int) want_int(x, dummy);
        (field_ == "width" ? img_.width : img_.height) = static_cast<int>(x);
      }
    } else {
      if (field_ == "id") want_int(cap_.c.id, cap_.has_id);
      else if (field_ == "image_id") want_int(cap_.c.image_id, cap_.has_image);
      else if (field_ == "caption") {
        if (v.kind == Kind::String) {
          cap_.c.caption = std::move(v.s);
          cap_.has_caption = true;
        } else {
          sink_.report(file_, 0, where() + ".caption: expected a string");
        }
      }
    }
    return true;
  }

  const std::string& file_;
  DiagnosticSink& sink_;
  int depth_ = 0;
  bool root_is_object_ = false;
  Section section_ = Section::Other;
  bool in_list_ = false;
  std::size_t element_ = 0;
  std::string field_;
  CocoImage img_;
  bool img_has_id_ = false;
  RawCaption cap_;
};

std::string resolve_image_dir(const std::string& json_path, const CocoReadOptions& options,
                              std::vector<std::string>& notes) {
  if (!options.image_dir.empty()) {
    if (!fs::is_directory(options.image_dir)) notes.push_back("image folder not found: " + options.image_dir);
    return options.image_dir;
  }
  // "captions_val2017.json" -> "val2017"
  std::string split = fs::path(json_path).stem().string();
  if (split.rfind("captions_", 0) == 0) split = split.substr(9);
  const fs::path dir = fs::path(json_path).parent_path();
  std::string tried;
  for (const fs::path& cand : {dir / ".." / split, dir / split, dir / ".." / "images" / split}) {
    if (fs::is_directory(cand)) return cand.lexically_normal().string();
    tried += (tried.empty() ? "" : ", ") + cand.lexically_normal().string();
  }
  notes.push_back("image folder not found (tried " + tried + "); give it explicitly to use the images");
  return {};
}

}  // namespace

CocoCaptions read_coco_captions(const std::string& json_path, const CocoReadOptions& options) {
  std::ifstream in(json_path, std::ios::binary);
  if (!in) throw DataError(json_path, 0, "cannot open file");
  DiagnosticSink sink;
  CocoSax sax(json_path, sink);
  const bool parsed = json::sax_parse(in, &sax);
  if (!parsed) throw DataError(sink.take());  // syntax errors are fatal in both modes
  if (!sax.root_is_object()) throw DataError(json_path, 0, "expected a JSON object with images and annotations");
  if (!sax.saw_images) sink.report(json_path, 0, "no \"images\" list");
  if (!sax.saw_annotations) sink.report(json_path, 0, "no \"annotations\" list");

  CocoCaptions out;
  out.json_path = json_path;
  out.images = std::move(sax.images);
  std::unordered_map<int64_t, std::size_t> index_of;
  index_of.reserve(out.images.size());
  std::vector<CocoImage> unique;
  for (auto& im : out.images) {
    if (!index_of.emplace(im.id, unique.size()).second) {
      sink.report(json_path, 0, "images: duplicate image id " + std::to_string(im.id));
      continue;
    }
    unique.push_back(std::move(im));
  }
  out.images = std::move(unique);
  out.captions.reserve(sax.raw.size());
  for (auto& r : sax.raw) {
    const std::string where = "annotations[" + std::to_string(r.index) + "]";
    if (!r.has_image) { sink.report(json_path, 0, where + ": missing integer \"image_id\""); continue; }
    if (!r.has_caption) { sink.report(json_path, 0, where + ": missing \"caption\""); continue; }
    auto it = index_of.find(r.c.image_id);
    if (it == index_of.end()) {
      sink.report(json_path, 0, where + ": image_id " + std::to_string(r.c.image_id) + " is not in images");
      continue;
    }
    r.c.caption = trim(r.c.caption);
    if (r.c.caption.empty()) { sink.report(json_path, 0, where + ": empty caption"); continue; }
    r.c.image_index = it->second;
    out.captions.push_back(std::move(r.c));
  }
  out.image_dir = resolve_image_dir(json_path, options, out.notes);
  if (options.check_files_exist && !out.image_dir.empty())
    for (std::size_t i = 0; i < out.images.size(); ++i)
      if (!fs::is_regular_file(out.image_path(out.images[i])))
        sink.report(json_path, 0, "images[" + std::to_string(i) + "]: image file not found: " + out.image_path(out.images[i]));
  if (options.mode == ReadMode::Strict) sink.throw_if_any();
  out.warnings = sink.take();
  return out;
}

}  // namespace plumage::data
