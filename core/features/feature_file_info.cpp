#include "features/feature_file_info.h"

#include "engine/safetensors_header.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>

namespace plumage::features {
namespace {

using nlohmann::json;

json parse_json(const std::string& text, const std::string& where) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    throw FeatureFileError(where + ": invalid JSON: " + e.what());
  }
}

std::string get_string(const json& j, const char* key, const std::string& where) {
  if (!j.contains(key)) return "";
  if (!j[key].is_string()) throw FeatureFileError(where + "." + key + ": expected a string");
  return j[key].get<std::string>();
}

const st::TensorInfo& require(const st::Header& h, const std::string& name, st::DType dtype, size_t rank,
                              const std::string& path) {
  const st::TensorInfo* t = h.find(name);
  if (!t) throw FeatureFileError(path + ": missing tensor \"" + name + "\"");
  if (t->dtype != dtype)
    throw FeatureFileError(path + ": tensor \"" + name + "\" is " + st::dtype_name(t->dtype) + ", expected " +
                           st::dtype_name(dtype));
  if (t->shape.size() != rank)
    throw FeatureFileError(path + ": tensor \"" + name + "\" has rank " + std::to_string(t->shape.size()) +
                           ", expected " + std::to_string(rank));
  return *t;
}

void require_rows(const st::TensorInfo& t, int64_t rows, const std::string& path) {
  if (t.shape[0] != rows)
    throw FeatureFileError(path + ": tensor \"" + t.name + "\" has " + std::to_string(t.shape[0]) +
                           " rows, \"features\" has " + std::to_string(rows));
}

st::Header read_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw FeatureFileError(path + ": cannot open");
  const auto file_size = static_cast<uint64_t>(in.tellg());
  in.seekg(0);
  uint8_t len_bytes[8] = {};
  if (file_size < 8 || !in.read(reinterpret_cast<char*>(len_bytes), 8))
    throw FeatureFileError(path + ": too short to be a safetensors file");
  uint64_t len = 0;
  for (int i = 7; i >= 0; --i) len = (len << 8) | len_bytes[i];
  const uint64_t want = std::min<uint64_t>(file_size, 8 + std::min<uint64_t>(len, st::kMaxHeaderBytes));
  std::string bytes(want, '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(want));
  try {
    return st::parse_header(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), file_size, path);
  } catch (const st::SafetensorsError& e) {
    throw FeatureFileError(e.what());
  }
}

}  // namespace

std::string to_string(FeatureKind k) { return k == FeatureKind::Image ? "image" : "text"; }

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

std::vector<std::string> strings_from_json(const std::string& text, const std::string& where) {
  const json j = parse_json(text, where);
  if (!j.is_array()) throw FeatureFileError(where + ": expected a JSON array of strings");
  std::vector<std::string> out;
  out.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string())
      throw FeatureFileError(where + "[" + std::to_string(i) + "]: expected a string");
    out.push_back(j[i].get<std::string>());
  }
  return out;
}

FeatureFileInfo read_feature_info(const std::string& path) {
  const st::Header h = read_header(path);
  FeatureFileInfo info;
  info.path = path;
  info.metadata = h.metadata;
  const auto meta = [&](const char* key, bool required) {
    const auto it = h.metadata.find(key);
    if (it == h.metadata.end()) {
      if (required) throw FeatureFileError(path + ": metadata key \"" + key + "\" is missing");
      return std::string();
    }
    return it->second;
  };
  if (meta("format", true) != kFormatName)
    throw FeatureFileError(path + ": metadata \"format\" is \"" + meta("format", true) + "\", expected \"" +
                           kFormatName + "\"");
  const std::string kind = meta("kind", true);
  if (kind != "image" && kind != "text")
    throw FeatureFileError(path + ": metadata \"kind\" is \"" + kind + "\", expected \"image\" or \"text\"");
  info.kind = kind == "image" ? FeatureKind::Image : FeatureKind::Text;

  const st::TensorInfo& f = require(h, "features", st::DType::F32, 2, path);
  info.rows = f.shape[0];
  info.dim = f.shape[1];
  require_rows(require(h, "labels", st::DType::I64, 1, path), info.rows, path);
  require_rows(require(h, "image_ids", st::DType::I64, 1, path), info.rows, path);
  if (info.kind == FeatureKind::Image) {
    require_rows(require(h, "is_train", st::DType::U8, 1, path), info.rows, path);
    info.preprocess = meta("preprocess", false);
    info.skipped = skipped_from_json(meta("skipped", false).empty() ? "[]" : meta("skipped", false),
                                     path + ": metadata \"skipped\"");
  } else {
    require_rows(require(h, "text_index", st::DType::I64, 1, path), info.rows, path);
    info.source = meta("source", true);
    if (const st::TensorInfo* t = h.find("tokens")) {
      if (t->shape.size() != 3 || (t->dtype != st::DType::F32 && t->dtype != st::DType::F16))
        throw FeatureFileError(path + ": tensor \"tokens\" must be [M,L,W] float32 or float16");
      require_rows(*t, info.rows, path);
      require_rows(require(h, "lengths", st::DType::I64, 1, path), info.rows, path);
      info.has_tokens = true;
      info.token_width = t->shape[2];
    }
    const std::vector<std::string> texts = strings_from_json(meta("texts", true), path + ": metadata \"texts\"");
    if (static_cast<int64_t>(texts.size()) != info.rows)
      throw FeatureFileError(path + ": metadata \"texts\" has " + std::to_string(texts.size()) + " entries for " +
                             std::to_string(info.rows) + " rows");
  }
  info.model = model_from_json(meta("model", true), path + ": metadata \"model\"");
  if (!meta("dataset", false).empty()) info.dataset = dataset_from_json(meta("dataset", false), path + ": metadata \"dataset\"");
  if (!meta("class_names", false).empty())
    info.class_names = strings_from_json(meta("class_names", false), path + ": metadata \"class_names\"");
  info.cache_key = meta("cache_key", false);
  return info;
}

}  // namespace plumage::features
