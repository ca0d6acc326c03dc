#include "core/features/feature_file_info.h"
#include "core/json/parse_limited.h"

#include <nlohmann/json.hpp>

namespace plumage::features {
namespace {

using nlohmann::json;

json parse_json(const std::string& text, const std::string& where) {
  try {
    return jsonio::parse(text, where, jsonio::kData);
  } catch (const jsonio::Error& e) {
    throw FeatureFileError(e.what());
  }
}

std::string get_string(const json& j, const char* key, const std::string& where) {
  if (!j.contains(key)) return "";
  if (!j[key].is_string()) throw FeatureFileError(where + "." + key + ": expected a string");
  return j[key].get<std::string>();
}

}  // namespace

std::string model_to_json(const ModelInfo& m) {
  return json{{"name", m.name}, {"path", m.path}, {"format", m.format}, {"weights_hash", m.weights_hash}}.dump();
}

ModelInfo model_from_json(const std::string& text, const std::string& where) {
  const json j = parse_json(text, where);
  if (!j.is_object()) throw FeatureFileError(where + ": expected a JSON object");
  return ModelInfo{get_string(j, "name", where), get_string(j, "path", where), get_string(j, "format", where),
                   get_string(j, "weights_hash", where)};
}

std::string dataset_to_json(const DatasetInfo& d) {
  return json{{"root", d.root}, {"kind", d.kind}, {"images_hash", d.images_hash}, {"image_count", d.image_count}}
      .dump();
}

DatasetInfo dataset_from_json(const std::string& text, const std::string& where) {
  const json j = parse_json(text, where);
  if (!j.is_object()) throw FeatureFileError(where + ": expected a JSON object");
  DatasetInfo d{get_string(j, "root", where), get_string(j, "kind", where), get_string(j, "images_hash", where), 0};
  if (j.contains("image_count")) {
    if (!j["image_count"].is_number_integer()) throw FeatureFileError(where + ".image_count: expected an integer");
    d.image_count = j["image_count"].get<int64_t>();
  }
  return d;
}

std::string skipped_to_json(const std::vector<SkippedImage>& s) {
  json a = json::array();
  for (const auto& x : s) a.push_back({{"image_id", x.image_id}, {"path", x.path}, {"reason", x.reason}});
  return a.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<SkippedImage> skipped_from_json(const std::string& text, const std::string& where) {
  const json j = parse_json(text, where);
  if (!j.is_array()) throw FeatureFileError(where + ": expected a JSON array");
  std::vector<SkippedImage> out;
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string w = where + "[" + std::to_string(i) + "]";
    if (!j[i].is_object()) throw FeatureFileError(w + ": expected an object");
    SkippedImage s;
    if (j[i].contains("image_id")) {
      if (!j[i]["image_id"].is_number_integer()) throw FeatureFileError(w + ".image_id: expected an integer");
      s.image_id = j[i]["image_id"].get<int64_t>();
    }
    s.path = get_string(j[i], "path", w);
    s.reason = get_string(j[i], "reason", w);
    out.push_back(std::move(s));
  }
  return out;
}

std::string strings_to_json(const std::vector<std::string>& s) {
  return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace plumage::features
