#include "core/features/extract_common.h"

#include "core/data/utf8.h"

#include <c10/core/Device.h>

#include <filesystem>
#include <stdexcept>

namespace plumage::features {

std::string to_string(TextSource s) {
  switch (s) {
    case TextSource::Reed: return "reed";
    case TextSource::Descriptions: return "llm";
    case TextSource::Coco: return "coco";
    case TextSource::File: return "file";
    case TextSource::Prompts: return "prompts";
  }
  return "file";
}

std::string find_vocabulary(const std::string& model_path, const std::string& explicit_path) {
  namespace fs = std::filesystem;
  if (!explicit_path.empty()) return explicit_path;
  fs::path dir = fs::is_directory(model_path) ? fs::path(model_path) : fs::path(model_path).parent_path();
  if (dir.empty()) dir = ".";
  for (const fs::path& d : {dir, dir.parent_path()}) {
    if (fs::exists(d / "vocab.json") && fs::exists(d / "merges.txt")) return (d / "vocab.json").string();
    if (fs::exists(d / "bpe_simple_vocab_16e6.txt.gz")) return (d / "bpe_simple_vocab_16e6.txt.gz").string();
  }
  throw std::runtime_error("no CLIP vocabulary found beside " + model_path +
                           " (bpe_simple_vocab_16e6.txt.gz or vocab.json + merges.txt); pass --vocab");
}

namespace detail {

clip::ClipModel load_model(const std::string& path, const DeviceChoice& choice) {
  c10::Device device(c10::kCPU);
  try {
    device = c10::Device(choice.device);
  } catch (const std::exception&) {
    throw std::invalid_argument("unknown device \"" + choice.device + "\" (use cpu, cuda or cuda:N)");
  }
  c10::ScalarType dtype = c10::ScalarType::Float;
  if (choice.precision == "fp16") {
    dtype = c10::ScalarType::Half;
  } else if (choice.precision == "bf16") {
    dtype = c10::ScalarType::BFloat16;
  } else if (choice.precision == "auto") {
    dtype = device.is_cuda() ? c10::ScalarType::Half : c10::ScalarType::Float;
  } else if (choice.precision != "fp32") {
    throw std::invalid_argument("unknown precision \"" + choice.precision + "\" (use auto, fp32, fp16 or bf16)");
  }
  clip::LoadOptions options;
  options.device = device;
  options.dtype = dtype;
  return clip::load_clip(path, options);
}

ModelInfo model_info(const clip::ClipModel& model, const std::string& path) {
  return ModelInfo{clip::vit_name(model.config()), path, clip::to_string(model.source().format),
                   model.source().weights_hash};
}

void require_utf8(const char* what, const std::string& value) {
  if (data::is_valid_utf8(value)) return;
  throw std::invalid_argument(std::string(what) + " \"" + data::strip_undecodable(value) +
                              "\" (bytes that are not UTF-8 left out) is not valid UTF-8; feature files record it "
                              "in UTF-8 metadata, so rename it");
}

bool up_to_date(const std::string& out_path, const std::string& key) {
  std::error_code ec;
  if (key.empty() || !std::filesystem::exists(out_path, ec)) return false;
  try {
    return read_feature_info(out_path).cache_key == key;
  } catch (const FeatureFileError&) {
    return false;  // unreadable or foreign: recompute and replace
  }
}

}  // namespace detail
}  // namespace plumage::features
