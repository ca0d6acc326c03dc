// Token prices per model, as data: a built-in table (USD per million tokens,
// list prices at the date in kDefaultPricesAsOf) that the user can override or
// extend with a JSON file of the same shape:
//   {"models": {"gpt-4o-mini": {"input": 0.15, "output": 0.60}, "my-local": {"input": 0, "output": 0}}}
// A model without a price has no cost estimate (never a silent zero).
#pragma once

#include "core/llm/chat_client.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>

namespace plumage::llm {

struct ModelPrice {
  double input_per_million = 0;   // prompt tokens
  double output_per_million = 0;  // completion tokens
};

extern const char* const kDefaultPricesAsOf;

class PriceTable {
 public:
  static PriceTable defaults();
  // Entries of `j` replace or add to this table; `origin` names it in errors
  // (data::DataError with the JSON key).
  void merge_json(const nlohmann::json& j, const std::string& origin);
  void merge_file(const std::string& path);
  void set(const std::string& model, ModelPrice price) { prices_[model] = price; }

  // Exact name, or a known name followed by a dated snapshot suffix
  // ("gpt-4o-mini-2024-07-18" -> "gpt-4o-mini", "gpt-3.5-turbo-0125").
  std::optional<ModelPrice> find(const std::string& model) const;
  std::optional<double> cost_usd(const std::string& model, const Usage& usage) const;
  std::optional<double> cost_usd(const std::string& model, double prompt_tokens, double completion_tokens) const;

  nlohmann::json to_json() const;

 private:
  std::map<std::string, ModelPrice> prices_;
};

}  // namespace plumage::llm
