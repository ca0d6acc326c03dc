// Names of the configuration enums (configs.h), used by JSON and the CLI.
#include "core/engine/train/configs.h"

#include <stdexcept>

namespace plumage::train {

const char* to_string(OptimizerKind k) {
  switch (k) {
    case OptimizerKind::Adam: return "adam";
    case OptimizerKind::AdamW: return "adamw";
    case OptimizerKind::SGD: return "sgd";
  }
  return "adam";
}
const char* to_string(AdapterHead h) { return h == AdapterHead::Linear ? "linear" : "residual"; }
const char* to_string(ConverterKind k) {
  switch (k) {
    case ConverterKind::Identity: return "identity";
    case ConverterKind::MeanShift: return "meanshift";
    case ConverterKind::Noise: return "noise";
    case ConverterKind::Ridge: return "ridge";
    case ConverterKind::QFormer: return "qformer";
  }
  return "identity";
}
const char* to_string(Pooling p) { return p == Pooling::Mean ? "mean" : "first"; }

OptimizerKind parse_optimizer_kind(const std::string& s) {
  if (s == "adam") return OptimizerKind::Adam;
  if (s == "adamw") return OptimizerKind::AdamW;
  if (s == "sgd") return OptimizerKind::SGD;
  throw std::invalid_argument("unknown optimizer '" + s + "' (expected adam, adamw or sgd)");
}
AdapterHead parse_adapter_head(const std::string& s) {
  if (s == "linear") return AdapterHead::Linear;
  if (s == "residual") return AdapterHead::Residual;
  throw std::invalid_argument("unknown adapter head '" + s + "' (expected linear or residual)");
}
ConverterKind parse_converter_kind(const std::string& s) {
  for (auto k : {ConverterKind::Identity, ConverterKind::MeanShift, ConverterKind::Noise, ConverterKind::Ridge,
                 ConverterKind::QFormer})
    if (s == to_string(k)) return k;
  throw std::invalid_argument("unknown converter kind '" + s + "' (expected identity, meanshift, noise, ridge or qformer)");
}
Pooling parse_pooling(const std::string& s) {
  if (s == "mean") return Pooling::Mean;
  if (s == "first") return Pooling::First;
  throw std::invalid_argument("unknown pooling '" + s + "' (expected mean or first)");
}

}  // namespace plumage::train
