// Plain records read from and written to the store. Times are Unix ms (0 =
// not set); JSON columns are nlohmann::json (null = not set).
#pragma once

#include "core/store/run_status.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace plumage::store {

struct SweepInfo {
  int64_t id = 0;
  std::string name;
  nlohmann::json config;
  std::string config_hash;
  int64_t created_ms = 0;
  std::string note;               // the researcher's own words
  std::vector<std::string> tags;  // sorted, unique
};

struct RunInfo {
  int64_t id = 0;
  std::string key;  // stable hash of the resolved config: identity across stores
  RunStatus status = RunStatus::Queued;
  int64_t seed = 0;
  nlohmann::json config;  // full resolved config
  nlohmann::json plan;    // e.g. the image/text ratio plan actually used
  int attempts = 0;
  int64_t created_ms = 0, started_ms = 0, finished_ms = 0, heartbeat_ms = 0;
  std::string device, code_version, torch_version, host;
  int64_t pid = 0;
  std::string error;
  std::string note;               // the researcher's own words
  std::vector<std::string> tags;  // sorted, unique
};

// What a process records when it starts working on a run.
struct RunClaim {
  std::string device;         // "cpu", "cuda:0"
  std::string code_version;   // Plumage version
  std::string torch_version;  // LibTorch version, as a string from the caller
};

struct MetricPoint {
  std::string key;
  int64_t step = 0;
  double value = 0;
};

struct RunResult {
  nlohmann::json metrics = nlohmann::json::object();  // final metrics, e.g. {"test_top1": 84.2}
  nlohmann::json per_class;                           // e.g. {"classes":[...], "accuracy":[...]}
  nlohmann::json confusion;                           // e.g. [[...], ...] rows = true class
  // Per test image: {"image_ids": [...], "labels": [...], "predicted": [...]}
  // (top-1 class index), in one order; null when not recorded.
  nlohmann::json predictions;
};

struct ArtifactInfo {
  int64_t id = 0;
  int64_t run_id = 0;
  std::string kind;  // "adapter", "converter", ...
  std::string path;
  std::string content_hash;
  int64_t created_ms = 0;
};

struct DatasetInfo {
  int64_t id = 0;
  std::string name, root, kind;
  int64_t num_classes = 0;
};

// An input file a run read: a feature file or a converter checkpoint.
struct FeatureSetInfo {
  int64_t id = 0;
  int64_t dataset_id = 0;  // 0 = none
  std::string path, content_hash;
  std::string kind;          // "image", "text", "converter"
  std::string model;         // the CLIP model, described ("ViT-B/16 (weights 0123456789ab)"), "" when unknown
  std::string weights_hash;  // that model's weights hash ("" when unknown)
  int64_t rows = -1;         // feature rows, or a converter's training pairs; -1 unknown
  nlohmann::json details;    // e.g. a converter's training record; null when none
};

}  // namespace plumage::store
