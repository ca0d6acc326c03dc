// JSON (nlohmann) conversion of the training configs, results and plans.
// Enums are written by name; from_json accepts partial objects (missing keys
// keep their defaults) and throws std::invalid_argument naming a bad key.
#pragma once

#include "core/engine/train/configs.h"
#include "core/engine/train/ratio_plan.h"
#include "core/engine/train/results.h"

#include <nlohmann/json.hpp>

namespace plumage::train {

void to_json(nlohmann::json& j, const RatioPlanConfig& c);
void from_json(const nlohmann::json& j, RatioPlanConfig& c);
void to_json(nlohmann::json& j, const AdapterConfig& c);
void from_json(const nlohmann::json& j, AdapterConfig& c);
void to_json(nlohmann::json& j, const QFormerConfig& c);
void from_json(const nlohmann::json& j, QFormerConfig& c);
void to_json(nlohmann::json& j, const ConverterConfig& c);
void from_json(const nlohmann::json& j, ConverterConfig& c);
void to_json(nlohmann::json& j, const ZeroShotConfig& c);
void from_json(const nlohmann::json& j, ZeroShotConfig& c);
void to_json(nlohmann::json& j, const LinearProbeConfig& c);
void from_json(const nlohmann::json& j, LinearProbeConfig& c);

void to_json(nlohmann::json& j, const MetricPoint& m);
void from_json(const nlohmann::json& j, MetricPoint& m);
void to_json(nlohmann::json& j, const EvalResult& r);
void from_json(const nlohmann::json& j, EvalResult& r);
void to_json(nlohmann::json& j, const AdapterResult& r);
void from_json(const nlohmann::json& j, AdapterResult& r);
void to_json(nlohmann::json& j, const ConversionDiagnostics& d);
void from_json(const nlohmann::json& j, ConversionDiagnostics& d);
void to_json(nlohmann::json& j, const ConverterTrainingData& d);
void from_json(const nlohmann::json& j, ConverterTrainingData& d);
void to_json(nlohmann::json& j, const ConverterResult& r);
void from_json(const nlohmann::json& j, ConverterResult& r);
void to_json(nlohmann::json& j, const ZeroShotResult& r);
void from_json(const nlohmann::json& j, ZeroShotResult& r);
void to_json(nlohmann::json& j, const LinearProbeResult& r);
void from_json(const nlohmann::json& j, LinearProbeResult& r);

// The full plan (rows, candidates, per-class counts, config). `image_ids`
// (per image row) adds the stable image ids next to the rows when given.
void to_json(nlohmann::json& j, const RatioPlan& p);
void from_json(const nlohmann::json& j, RatioPlan& p);
nlohmann::json plan_to_json(const RatioPlan& p, const std::vector<int64_t>& image_ids);
// Per-class and total counts only (what a results table shows).
nlohmann::json plan_counts_json(const RatioPlan& p);

// Per-class ratios from JSON: an object {class name or index: ratio} (classes
// not named get `default_ratio`) or an array of C numbers.
std::vector<double> per_class_ratios_from_json(const nlohmann::json& j, const std::vector<std::string>& class_names,
                                               double default_ratio);

}  // namespace plumage::train
