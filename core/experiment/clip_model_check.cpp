#include "core/experiment/clip_model_check.h"

#include "core/engine/train/feature_file_format.h"
#include "core/engine/train/json.h"
#include "core/experiment/feature_header.h"

#include <optional>

namespace plumage::experiment {
namespace {

struct Known {
  ModelInput input;
  train::ClipModelId id;
};

// The model of one input; nullopt when its header cannot be read.
std::optional<train::ClipModelId> model_of(const ModelInput& in, std::vector<std::string>* notes) {
  FeatureFileInfo info;
  try {
    info = read_feature_file_info(in.path);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const auto kind = info.metadata.find("plumage.kind");
  if (kind == info.metadata.end() || kind->second != "converter") {
    train::ClipModelId id = train::clip_model_of(info.metadata);
    if (id.weights_hash.empty())
      notes->push_back(in.role + ": " + in.path + " records no CLIP weights hash (made elsewhere?); its model cannot be checked");
    return id;
  }
  // A converter: the model of the features it was trained on.
  train::ConverterResult result;
  const auto r = info.metadata.find("result");
  if (r != info.metadata.end()) {
    try {
      result = nlohmann::json::parse(r->second).get<train::ConverterResult>();
    } catch (const std::exception&) {
      result = {};  // unreadable: treated as unknown; loading it reports the error
    }
  }
  const train::ConverterTrainingData& d = result.training_data;
  if (d.split.empty())
    notes->push_back(in.role + ": " + in.path +
                     " records no training data (an older checkpoint); its CLIP model cannot be checked");
  else if (d.weights_hash.empty())
    notes->push_back(in.role + ": " + in.path +
                     " was trained on features without a CLIP weights hash; its model cannot be checked");
  if (d.split == "train+test")
    notes->push_back(in.role + ": " + in.path +
                     " was trained on test images too (include_test_images): a test accuracy with it is not clean");
  return train::ClipModelId{d.model, d.weights_hash};
}

}  // namespace

ModelCheck check_one_clip_model(const std::vector<ModelInput>& inputs) {
  ModelCheck out;
  std::optional<Known> reference;
  for (const ModelInput& in : inputs) {
    if (in.path.empty()) continue;
    const std::optional<train::ClipModelId> id = model_of(in, &out.notes);
    if (!id || id->weights_hash.empty()) continue;
    if (!reference) {
      reference = Known{in, *id};
      out.model = train::describe(*id);
      continue;
    }
    const std::string why = train::clip_model_mismatch(
        in.path, *id, reference->input.path + " (" + reference->input.role + ")", reference->id);
    if (why.empty()) continue;
    out.mismatches.push_back({in, reference->input, train::describe(*id), train::describe(reference->id), why});
  }
  return out;
}

std::vector<ModelInput> experiment_model_inputs(const nlohmann::json& c) {
  std::vector<ModelInput> in;
  const nlohmann::json f = c.value("features", nlohmann::json::object());
  auto add = [&](const std::string& role, const nlohmann::json& v) {
    if (v.is_string() && !v.get<std::string>().empty()) in.push_back({role, v.get<std::string>()});
  };
  if (f.is_object()) {
    if (f.contains("image")) add("features.image", f["image"]);
    if (f.contains("text") && f["text"].is_object())
      for (const auto& [src, path] : f["text"].items()) add("features.text." + src, path);
    if (f.contains("class_text")) add("features.class_text", f["class_text"]);
  }
  if (c.contains("converter") && c["converter"] != "identity") add("converter", c["converter"]);
  return in;
}

}  // namespace plumage::experiment
