// What a batch writes into, and reads back from, the descriptions store:
// the resume key and the provenance of each generated variant or failure.
// Internal to core/llm (batch.cpp, batch_estimate.cpp).
#pragma once

#include "core/llm/batch.h"

#include "core/data/descriptions.h"

#include <string>

namespace plumage::llm::detail {

struct JobKey {
  std::string model;
  std::string template_hash;
  std::string language;  // "en" | "ja"
  std::vector<std::string> fields;
  int variant_index = 0;
};

JobKey job_key(const BatchConfig& config, int variant_index);

// True when `v` was generated under `key` (see batch.h for the rule).
bool matches(const data::DescriptionVariant& v, const JobKey& key);
bool is_done(const data::DescriptionStore& store, const std::string& class_name, const JobKey& key);

// Provenance for a result of this batch; usage and attempts go in parameters.
data::Provenance make_provenance(const BatchConfig& config, OutputMode mode, const std::string& rendered_prompt,
                                 const std::string& raw_text, int variant_index, const Usage& usage,
                                 int requests_sent);

// Usage recorded in a stored provenance (zero when none).
Usage recorded_usage(const data::Provenance& p);

}  // namespace plumage::llm::detail
