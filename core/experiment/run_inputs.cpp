#include "core/experiment/run_inputs.h"

#include "core/engine/train/feature_file_format.h"
#include "core/engine/train/json.h"
#include "core/experiment/clip_model_check.h"
#include "core/experiment/feature_header.h"
#include "core/json/parse_limited.h"

#include <map>

namespace plumage::experiment {

store::FeatureSetInfo describe_input(const std::string& path, FileHashCache& files) {
  store::FeatureSetInfo f;
  f.path = path;
  f.content_hash = files.hash(path);
  FeatureFileInfo info;
  try {
    info = read_feature_file_info(path);
  } catch (const std::exception&) {
    // Hashed but not a safetensors file: loading it reports why; the record
    // keeps what is known.
    f.kind = "unknown";
    return f;
  }
  const auto meta = [&](const char* k) {
    auto it = info.metadata.find(k);
    return it == info.metadata.end() ? std::string() : it->second;
  };
  if (meta("plumage.kind") == "converter") {
    f.kind = "converter";
    const std::string result = meta("result");
    if (result.empty()) return f;
    try {
      const nlohmann::json r = jsonio::parse(result, path + ": metadata 'result'", jsonio::kConfig);
      if (r.contains("training_data")) {
        f.details = nlohmann::json::object();
        f.details["training_data"] = r["training_data"];
        if (r.contains("config") && r["config"].is_object() && r["config"].contains("kind"))
          f.details["converter"] = r["config"]["kind"];
        const auto d = r["training_data"].get<train::ConverterTrainingData>();
        f.model = train::describe(train::ClipModelId{d.model, d.weights_hash});
        f.weights_hash = d.weights_hash;
        f.rows = d.train_pairs;
      }
    } catch (const std::exception&) {
      // An unreadable record: loading the converter reports it.
    }
    return f;
  }
  f.kind = meta("kind");
  const train::ClipModelId id = train::clip_model_of(info.metadata);
  f.weights_hash = id.weights_hash;
  if (!id.name.empty() || !id.weights_hash.empty()) f.model = train::describe(id);
  auto shape = info.tensor_shapes.find("features");
  if (shape != info.tensor_shapes.end() && !shape->second.empty()) f.rows = shape->second.front();
  return f;
}

void describe_run_inputs(SweepPlan& plan, FileHashCache& files) {
  std::map<std::string, store::FeatureSetInfo> seen;
  for (PlannedRun& run : plan.runs) {
    run.inputs.clear();
    for (const ModelInput& in : experiment_model_inputs(run.experiment.config)) {
      auto it = seen.find(in.path);
      if (it == seen.end()) it = seen.emplace(in.path, describe_input(in.path, files)).first;
      run.inputs.push_back({in.role, it->second});
    }
  }
}

}  // namespace plumage::experiment
