// Batch generation of class descriptions: every (class, variant) not yet in
// the descriptions file is requested, validated and saved to the file as soon
// as it is done (atomic write), so a crash or cancel loses nothing and a rerun
// pays nothing twice. Designed to be driven from a GUI worker thread: progress
// and log callbacks, a cancellation flag, and a cost estimate before starting.
//
// Resume key: a variant counts as done when its provenance has source "llm",
// the same model, the same template hash, and parameters with the same
// language, field list and variant_index. Failed generations are kept (with
// raw text and usage) but do not count as done: a rerun asks again.
#pragma once

#include "core/llm/chat_client.h"
#include "core/llm/pricing.h"
#include "core/llm/prompt_template.h"
#include "core/llm/rate_limiter.h"
#include "core/llm/retry_policy.h"
#include "core/llm/structured_output.h"

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace plumage::data {
class DescriptionStore;
}

namespace plumage::llm {

struct ClassTarget {
  std::string class_name;    // dataset key, "001.Black_footed_Albatross"
  std::string display_name;  // used in the prompt, "Black footed Albatross"
};

struct BatchConfig {
  ClientConfig client;  // base URL, model, key, temperature, max tokens, timeout
  PromptTemplate prompt_template;
  std::vector<std::string> fields;  // non-empty
  std::string domain = "bird species";
  Language language = Language::English;
  int variants = 1;     // descriptions per class (variant_index 0..variants-1)
  int concurrency = 4;  // requests in flight
  RateLimits limits;
  RetryPolicy retry;
  OutputMode output_mode = OutputMode::JsonSchema;
  // JSON-schema mode: when the server rejects response_format (HTTP 400/422
  // naming it), continue the whole batch in Lines mode.
  bool fallback_to_lines = true;
  PriceTable prices = PriceTable::defaults();
};

enum class LogLevel { Debug, Info, Warning, Error };

struct BatchProgress {
  std::size_t total = 0;    // jobs (class x variant) this run had to do
  std::size_t done = 0;     // described
  std::size_t failed = 0;   // stored as failures
  std::size_t skipped = 0;  // already in the file before the run
  Usage usage;              // this run, as reported by the server
  std::optional<double> cost_usd;  // this run; nullopt when the model has no price
  std::string last_class;
};

// All callbacks may be called from worker threads, one at a time (serialised).
struct BatchCallbacks {
  std::function<void(const BatchProgress&)> on_progress;
  std::function<void(LogLevel, const std::string&)> on_log;  // already redacted
  // Graceful stop: no new request starts, answers already in flight are
  // received and saved (they are paid for).
  const std::atomic<bool>* cancel = nullptr;
  // Hard stop: also aborts requests in flight (their cost is then unknown).
  const std::atomic<bool>* abort_now = nullptr;
};

struct BatchReport {
  BatchProgress progress;
  bool cancelled = false;
  std::string fatal_error;  // set when the batch stopped on a non-retryable error (bad key, unknown model)
  long long requests_sent = 0;
  bool ok() const { return fatal_error.empty() && !cancelled && progress.failed == 0; }
};

struct CostEstimate {
  std::size_t pending_jobs = 0;
  std::size_t skipped_jobs = 0;
  double prompt_tokens = 0;               // estimated from the rendered prompts
  double max_completion_tokens = 0;       // pending_jobs x max_tokens
  double expected_completion_tokens = 0;  // from earlier answers of this model, else half of max
  bool expected_from_history = false;
  std::optional<double> expected_cost_usd;
  std::optional<double> max_cost_usd;  // every answer as long as max_tokens allows, no retries
};

// Loads the store at `store_path` (or starts an empty one when the file does
// not exist) and runs the batch. Throws std::invalid_argument for a bad
// config and data::DataError for an unreadable store, before any request.
BatchReport run_batch(const std::string& store_path, const std::vector<ClassTarget>& classes,
                      const BatchConfig& config, const BatchCallbacks& callbacks = {});

CostEstimate estimate_batch(const data::DescriptionStore& store, const std::vector<ClassTarget>& classes,
                            const BatchConfig& config);
// Same, reading the store file (an absent file is an empty store).
CostEstimate estimate_batch(const std::string& store_path, const std::vector<ClassTarget>& classes,
                            const BatchConfig& config);

// Rough token count of a text: ~4 ASCII characters per token, one token per
// other code point (CJK). Used for the estimate and the tokens/min limiter.
long long estimate_tokens(const std::string& text);

// Throws std::invalid_argument naming the offending setting.
void validate_config(const BatchConfig& config);

}  // namespace plumage::llm
