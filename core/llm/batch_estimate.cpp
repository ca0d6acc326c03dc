// Cost estimate before a batch, and the config checks shared with run_batch.
#include "core/llm/batch.h"
#include "core/llm/batch_records.h"

#include "core/data/descriptions.h"

#include <filesystem>
#include <stdexcept>

namespace plumage::llm {

long long estimate_tokens(const std::string& text) {
  long long ascii = 0, other = 0;
  for (unsigned char c : text) {
    if (c < 0x80) ++ascii;
    else if ((c & 0xC0) != 0x80) ++other;  // count code points, not continuation bytes
  }
  return (ascii + 3) / 4 + other;
}

void validate_config(const BatchConfig& c) {
  if (c.client.model.empty()) throw std::invalid_argument("model name is empty");
  if (c.client.base_url.empty()) throw std::invalid_argument("base URL is empty");
  if (c.fields.empty()) throw std::invalid_argument("the field list is empty");
  for (const auto& f : c.fields)
    if (f.empty()) throw std::invalid_argument("the field list has an empty name");
  if (c.variants < 1) throw std::invalid_argument("variants must be at least 1");
  if (c.concurrency < 1) throw std::invalid_argument("concurrency must be at least 1");
  if (c.client.max_tokens < 1) throw std::invalid_argument("max tokens must be at least 1");
  if (c.client.timeout_s <= 0) throw std::invalid_argument("request timeout must be positive");
  if (c.retry.max_attempts < 1) throw std::invalid_argument("max attempts must be at least 1");
  if (c.retry.max_validation_retries < 0) throw std::invalid_argument("validation retries must be >= 0");
  if (c.client.n != 1) throw std::invalid_argument("batch generation sends one choice per request (n = 1)");
}

CostEstimate estimate_batch(const data::DescriptionStore& store, const std::vector<ClassTarget>& classes,
                            const BatchConfig& config) {
  validate_config(config);
  CostEstimate e;
  // Average completion length of earlier answers from this model, if any.
  long long hist_tokens = 0, hist_answers = 0;
  for (const auto& cls : store.classes)
    for (const auto& v : cls.variants)
      if (v.provenance.source == "llm" && v.provenance.model == config.client.model) {
        const Usage u = detail::recorded_usage(v.provenance);
        if (u.requests > 0) {
          hist_tokens += u.completion_tokens;
          hist_answers += 1;
        }
      }
  const std::string format = output_format_instructions(config.output_mode, config.fields);
  for (const auto& cls : classes) {
    PromptValues values{cls.display_name, config.domain, config.language, config.fields, format};
    const RenderedPrompt p = config.prompt_template.render(values);
    // ~4 tokens of framing per message, plus the schema sent as response_format.
    double prompt = static_cast<double>(estimate_tokens(p.system) + estimate_tokens(p.user) + 8);
    if (config.output_mode == OutputMode::JsonSchema)
      prompt += static_cast<double>(estimate_tokens(response_format_for(config.fields).dump()));
    for (int k = 0; k < config.variants; ++k) {
      if (detail::is_done(store, cls.class_name, detail::job_key(config, k))) {
        ++e.skipped_jobs;
        continue;
      }
      ++e.pending_jobs;
      e.prompt_tokens += prompt;
    }
  }
  const double jobs = static_cast<double>(e.pending_jobs);
  e.max_completion_tokens = jobs * config.client.max_tokens;
  e.expected_from_history = hist_answers > 0;
  e.expected_completion_tokens = e.expected_from_history
                                     ? jobs * static_cast<double>(hist_tokens) / static_cast<double>(hist_answers)
                                     : e.max_completion_tokens / 2;
  e.expected_cost_usd = config.prices.cost_usd(config.client.model, e.prompt_tokens, e.expected_completion_tokens);
  e.max_cost_usd = config.prices.cost_usd(config.client.model, e.prompt_tokens, e.max_completion_tokens);
  return e;
}

CostEstimate estimate_batch(const std::string& store_path, const std::vector<ClassTarget>& classes,
                            const BatchConfig& config) {
  std::error_code ec;
  if (!std::filesystem::exists(store_path, ec)) return estimate_batch(data::DescriptionStore{}, classes, config);
  return estimate_batch(data::DescriptionStore::load(store_path), classes, config);
}

}  // namespace plumage::llm
