// The batch runner: a few worker threads share a job list (class x variant),
// a rate limiter and the descriptions store; each result is saved at once.
#include "core/llm/batch.h"

#include "core/llm/batch_records.h"
#include "core/llm/secret.h"

#include "core/data/descriptions.h"
#include "core/data/diagnostics.h"

#include <chrono>
#include <filesystem>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

namespace plumage::llm {
namespace {

struct Job {
  std::size_t cls;
  int variant;
};

bool mentions_response_format(const std::string& error) {
  return error.find("response_format") != std::string::npos || error.find("json_schema") != std::string::npos;
}

class BatchRun {
 public:
  BatchRun(std::string path, const std::vector<ClassTarget>& classes, const BatchConfig& config,
           const BatchCallbacks& callbacks)
      : path_(std::move(path)), classes_(classes), config_(config), cb_(callbacks), limiter_(config.limits) {
    mode_ = static_cast<int>(config.output_mode);
  }

  BatchReport run() {
    validate_config(config_);
    std::error_code ec;
    if (std::filesystem::exists(path_, ec)) store_ = data::DescriptionStore::load(path_);
    if (store_.fields.empty()) store_.fields = config_.fields;
    else if (store_.fields != config_.fields)
      throw std::invalid_argument(path_ + ": the file declares a different field list; write to another file");

    for (std::size_t i = 0; i < classes_.size(); ++i)
      for (int k = 0; k < config_.variants; ++k) {
        if (detail::is_done(store_, classes_[i].class_name, detail::job_key(config_, k))) ++progress_.skipped;
        else jobs_.push_back({i, k});
      }
    progress_.total = jobs_.size();
    progress_.cost_usd = config_.prices.cost_usd(config_.client.model, Usage{});
    log(LogLevel::Info, std::to_string(jobs_.size()) + " descriptions to generate, " +
                            std::to_string(progress_.skipped) + " already in " + path_);
    if (cb_.on_progress) cb_.on_progress(progress_);

    const int workers = static_cast<int>(std::min<std::size_t>(jobs_.size(), config_.concurrency));
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w) threads.emplace_back([this, w] { worker(static_cast<unsigned>(w)); });
    for (auto& t : threads) t.join();

    BatchReport report;
    report.progress = progress_;
    report.fatal_error = fatal_error_;
    report.requests_sent = requests_sent_.load();
    report.cancelled = cancelled() && progress_.done + progress_.failed < progress_.total;
    return report;
  }

 private:
  bool cancelled() const {
    return (cb_.cancel && cb_.cancel->load()) || (cb_.abort_now && cb_.abort_now->load());
  }
  bool stopping() const { return cancelled() || fatal_.load(); }

  void log(LogLevel level, const std::string& msg) {
    if (!cb_.on_log) return;
    std::lock_guard<std::mutex> lock(callback_mu_);
    cb_.on_log(level, redact(msg, config_.client.api_key));
  }

  // Sleeps `s` seconds unless the batch is stopping; false when it is.
  bool sleep_for(double s) {
    using Clock = std::chrono::steady_clock;
    const Clock::time_point until =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
    while (Clock::now() < until) {
      if (stopping()) return false;
      const Clock::duration left = until - Clock::now();
      std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::milliseconds(50), left));
    }
    return !stopping();
  }

  void worker(unsigned index) {
    ChatClient client(config_.client);
    client.set_log([this](const std::string& t) { log(LogLevel::Debug, t); });
    std::mt19937 rng(std::random_device{}() ^ (index * 0x9E3779B9u));
    for (;;) {
      if (stopping()) return;
      const std::size_t j = next_job_.fetch_add(1);
      if (j >= jobs_.size()) return;
      try {
        run_job(client, jobs_[j], rng);
      } catch (const std::exception& e) {  // a store that cannot be written ends the batch
        set_fatal(e.what());
      }
    }
  }

  void set_fatal(const std::string& error) {
    std::lock_guard<std::mutex> lock(mu_);
    if (fatal_error_.empty()) fatal_error_ = redact(error, config_.client.api_key);
    fatal_ = true;
  }

  RenderedPrompt render(const ClassTarget& t, OutputMode mode) const {
    PromptValues v{t.display_name.empty() ? t.class_name : t.display_name, config_.domain, config_.language,
                   config_.fields, output_format_instructions(mode, config_.fields)};
    return config_.prompt_template.render(v);
  }

  static std::vector<ChatMessage> base_messages(const RenderedPrompt& p) {
    std::vector<ChatMessage> m;
    if (!p.system.empty()) m.push_back({"system", p.system});
    m.push_back({"user", p.user});
    return m;
  }

  void add_usage(const Usage& u) {
    std::lock_guard<std::mutex> lock(mu_);
    progress_.usage += u;
    progress_.cost_usd = config_.prices.cost_usd(config_.client.model, progress_.usage);
  }

  void run_job(ChatClient& client, const Job& job, std::mt19937& rng) {
    const ClassTarget& t = classes_[job.cls];
    const RetryPolicy& rp = config_.retry;
    OutputMode mode = static_cast<OutputMode>(mode_.load());
    RenderedPrompt prompt = render(t, mode);
    std::vector<ChatMessage> messages = base_messages(prompt);
    Usage usage;
    int sent = 0;
    std::string last_raw;
    bool fell_back = false;
    std::uniform_real_distribution<double> u01(0.0, 1.0);

    for (int round = 0;; ++round) {
      ChatReply reply;
      bool answered = false;
      std::string last_error;
      for (int attempt = 1; attempt <= rp.max_attempts;) {
        if (stopping()) return interrupted(t, job, mode, prompt, last_raw, usage, sent);
        long long est = config_.client.max_tokens + 8 * static_cast<long long>(messages.size());
        for (const auto& m : messages) est += estimate_tokens(m.content);
        const long long ticket = limiter_.acquire(est, [this] { return stopping(); });
        if (ticket < 0) return interrupted(t, job, mode, prompt, last_raw, usage, sent);
        ++sent;
        ++requests_sent_;
        const nlohmann::json format =
            mode == OutputMode::JsonSchema ? response_format_for(config_.fields) : nlohmann::json();
        reply = client.complete(messages, format, cb_.abort_now);
        limiter_.settle(ticket, reply.usage_reported ? reply.usage.total_tokens() : est);
        if (reply.usage_reported) {
          usage += reply.usage;
          add_usage(reply.usage);
        }
        if (reply.kind == ReplyKind::Ok) {
          answered = true;
          break;
        }
        if (reply.kind == ReplyKind::Cancelled) return interrupted(t, job, mode, prompt, last_raw, usage, sent);
        if (reply.kind == ReplyKind::Fatal) {
          if (mode == OutputMode::JsonSchema && config_.fallback_to_lines && !fell_back &&
              (reply.http_status == 400 || reply.http_status == 422) && mentions_response_format(reply.error)) {
            // The server cannot do structured output: ask for "Field: text" lines instead.
            fell_back = true;
            mode_ = static_cast<int>(OutputMode::Lines);
            mode = OutputMode::Lines;
            log(LogLevel::Warning, "server rejected response_format; using \"Field: text\" answers: " + reply.error);
            prompt = render(t, mode);
            messages = base_messages(prompt);
            continue;  // not counted as an attempt
          }
          set_fatal(reply.error);
          log(LogLevel::Error, t.class_name + ": " + reply.error);
          if (usage.requests > 0) store_failure(t, job, mode, prompt, last_raw, reply.error, usage, sent);
          return;
        }
        last_error = reply.error;
        log(LogLevel::Warning, t.class_name + ": " + reply.error + " (request " + std::to_string(attempt) + " of " +
                                   std::to_string(rp.max_attempts) + ")");
        if (attempt == rp.max_attempts) break;
        if (reply.retry_after_s && *reply.retry_after_s > rp.max_retry_after_s) {
          last_error += " (Retry-After " + std::to_string(static_cast<long long>(*reply.retry_after_s)) +
                        " s exceeds the limit)";
          break;
        }
        if (reply.retry_after_s)
          limiter_.pause_until(RateLimiter::Clock::now() +
                               std::chrono::duration_cast<RateLimiter::Clock::duration>(
                                   std::chrono::duration<double>(*reply.retry_after_s)));
        ++attempt;
        if (!sleep_for(backoff_delay_s(rp, attempt, reply.retry_after_s, u01(rng))))
          return interrupted(t, job, mode, prompt, last_raw, usage, sent);
      }
      if (!answered) {
        store_failure(t, job, mode, prompt, last_raw,
                      "no usable reply after " + std::to_string(sent) + " request(s): " + last_error, usage, sent);
        return;
      }
      const ChatChoice& choice = reply.choices.front();
      const ValidatedAnswer answer = validate_answer(choice.content, choice.finish_reason, mode, config_.fields);
      if (answer.ok) return store_variant(t, job, mode, prompt, choice.content, answer, usage, sent);
      last_raw = choice.content;
      if (round >= rp.max_validation_retries) {
        store_failure(t, job, mode, prompt, last_raw, "answer rejected: " + answer.error, usage, sent);
        return;
      }
      log(LogLevel::Warning, t.class_name + ": answer rejected (" + answer.error + "); asking again");
      messages.push_back({"assistant", choice.content});
      messages.push_back({"user", "Your answer was not accepted: " + answer.error + ".\n" +
                                      output_format_instructions(mode, config_.fields)});
    }
  }

  // Stopped before this job finished: keep a record only when something was paid for.
  void interrupted(const ClassTarget& t, const Job& job, OutputMode mode, const RenderedPrompt& prompt,
                   const std::string& raw, const Usage& usage, int sent) {
    if (usage.requests > 0) store_failure(t, job, mode, prompt, raw, "stopped before completion", usage, sent);
  }

  void store_variant(const ClassTarget& t, const Job& job, OutputMode mode, const RenderedPrompt& prompt,
                     const std::string& raw, const ValidatedAnswer& answer, const Usage& usage, int sent) {
    data::DescriptionVariant v;
    v.fields = answer.fields;
    v.provenance = detail::make_provenance(config_, mode, prompt.combined(), raw, job.variant, usage, sent);
    for (auto& f : v.fields) f.second = redact(f.second, config_.client.api_key);
    std::lock_guard<std::mutex> lock(mu_);
    store_.find_or_add(t.class_name, t.display_name);
    store_.add_variant(t.class_name, std::move(v));
    save_locked();
    ++progress_.done;
    progress_.last_class = t.class_name;
    notify_progress_locked();
  }

  void store_failure(const ClassTarget& t, const Job& job, OutputMode mode, const RenderedPrompt& prompt,
                     const std::string& raw, const std::string& error, const Usage& usage, int sent) {
    data::FailedGeneration f;
    f.class_name = t.class_name;
    f.error = redact(error, config_.client.api_key);
    f.provenance = detail::make_provenance(config_, mode, prompt.combined(), raw, job.variant, usage, sent);
    log(LogLevel::Warning, t.class_name + ": stored as failed: " + error);
    std::lock_guard<std::mutex> lock(mu_);
    store_.failures.push_back(std::move(f));
    save_locked();
    ++progress_.failed;
    progress_.last_class = t.class_name;
    notify_progress_locked();
  }

  void save_locked() { store_.save(path_); }

  // Caller holds mu_, so progress reports arrive in order.
  void notify_progress_locked() {
    if (!cb_.on_progress) return;
    std::lock_guard<std::mutex> lock(callback_mu_);
    cb_.on_progress(progress_);
  }

  std::string path_;
  const std::vector<ClassTarget>& classes_;
  const BatchConfig& config_;
  const BatchCallbacks& cb_;
  RateLimiter limiter_;
  data::DescriptionStore store_;
  std::vector<Job> jobs_;
  std::atomic<std::size_t> next_job_{0};
  std::atomic<int> mode_{0};
  std::atomic<bool> fatal_{false};
  std::atomic<long long> requests_sent_{0};
  std::mutex mu_;      // store_, progress_, fatal_error_
  std::mutex callback_mu_;  // serialises on_log and on_progress; taken after mu_, never before
  BatchProgress progress_;
  std::string fatal_error_;
};

}  // namespace

BatchReport run_batch(const std::string& store_path, const std::vector<ClassTarget>& classes,
                      const BatchConfig& config, const BatchCallbacks& callbacks) {
  BatchRun run(store_path, classes, config, callbacks);
  return run.run();
}

}  // namespace plumage::llm
