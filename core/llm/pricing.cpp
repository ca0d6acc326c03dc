#include "core/llm/pricing.h"

#include "core/data/diagnostics.h"
#include "core/data/file_util.h"
#include "core/json/parse_limited.h"

#include <cctype>

namespace plumage::llm {

const char* const kDefaultPricesAsOf = "2025-06";

namespace {

// List prices in USD per 1M tokens; check the provider's page and override
// with --prices when they change.
const char* const kDefaultPrices = R"({
  "models": {
    "gpt-3.5-turbo": {"input": 0.50, "output": 1.50},
    "gpt-4":         {"input": 30.0, "output": 60.0},
    "gpt-4-turbo":   {"input": 10.0, "output": 30.0},
    "gpt-4o":        {"input": 2.50, "output": 10.0},
    "gpt-4o-mini":   {"input": 0.15, "output": 0.60},
    "gpt-4.1":       {"input": 2.00, "output": 8.00},
    "gpt-4.1-mini":  {"input": 0.40, "output": 1.60},
    "gpt-4.1-nano":  {"input": 0.10, "output": 0.40}
  }
})";

// "-2024-07-18", "-0125", "-1106-preview" style snapshot suffixes.
bool is_snapshot_suffix(const std::string& rest) {
  return rest.size() >= 5 && rest[0] == '-' && std::isdigit(static_cast<unsigned char>(rest[1])) &&
         std::isdigit(static_cast<unsigned char>(rest[2])) && std::isdigit(static_cast<unsigned char>(rest[3])) &&
         std::isdigit(static_cast<unsigned char>(rest[4]));
}

}  // namespace

PriceTable PriceTable::defaults() {
  PriceTable t;
  t.merge_json(nlohmann::json::parse(kDefaultPrices), "built-in price table");
  return t;
}

void PriceTable::merge_json(const nlohmann::json& j, const std::string& origin) {
  if (!j.is_object() || !j.contains("models") || !j["models"].is_object())
    throw data::DataError(origin, 0, "expected an object with a \"models\" object");
  for (auto it = j["models"].begin(); it != j["models"].end(); ++it) {
    const std::string key = "models." + it.key();
    const auto& e = it.value();
    if (!e.is_object()) throw data::DataError(origin, 0, key + ": expected {\"input\": ..., \"output\": ...}");
    ModelPrice p;
    for (const char* side : {"input", "output"}) {
      if (!e.contains(side) || !e[side].is_number() || e[side].get<double>() < 0)
        throw data::DataError(origin, 0, key + "." + side + ": expected a non-negative number (USD per 1M tokens)");
    }
    p.input_per_million = e["input"].get<double>();
    p.output_per_million = e["output"].get<double>();
    prices_[it.key()] = p;
  }
}

void PriceTable::merge_file(const std::string& path) {
  nlohmann::json j;
  try {
    j = jsonio::read_file(path, jsonio::kConfig);
  } catch (const jsonio::Error& e) {
    throw data::DataError(path, e.line(), e.kind() == jsonio::Error::Kind::Syntax ? "not valid JSON" : e.problem());
  }
  merge_json(j, path);
}

std::optional<ModelPrice> PriceTable::find(const std::string& model) const {
  if (auto it = prices_.find(model); it != prices_.end()) return it->second;
  const ModelPrice* best = nullptr;
  std::size_t best_len = 0;
  for (const auto& [name, price] : prices_) {
    if (model.size() > name.size() && model.compare(0, name.size(), name) == 0 &&
        is_snapshot_suffix(model.substr(name.size())) && name.size() > best_len) {
      best = &price;
      best_len = name.size();
    }
  }
  if (best) return *best;
  return std::nullopt;
}

std::optional<double> PriceTable::cost_usd(const std::string& model, double prompt_tokens,
                                           double completion_tokens) const {
  const auto p = find(model);
  if (!p) return std::nullopt;
  return (prompt_tokens * p->input_per_million + completion_tokens * p->output_per_million) / 1e6;
}

std::optional<double> PriceTable::cost_usd(const std::string& model, const Usage& usage) const {
  return cost_usd(model, static_cast<double>(usage.prompt_tokens), static_cast<double>(usage.completion_tokens));
}

nlohmann::json PriceTable::to_json() const {
  nlohmann::json models = nlohmann::json::object();
  for (const auto& [name, p] : prices_) models[name] = {{"input", p.input_per_million}, {"output", p.output_per_million}};
  return {{"models", models}};
}

}  // namespace plumage::llm
