// plumage-cli describe: generate structured class descriptions with an
// OpenAI-compatible chat-completions server, resumable (classes already in
// --out with the same model, template, language, fields and variant are
// skipped), with a cost estimate before and the usage after.
#include "app/cli/command_registry.h"

#include "core/data/class_names.h"
#include "core/data/descriptions.h"
#include "core/data/diagnostics.h"
#include "core/data/file_util.h"
#include "core/data/manifest.h"
#include "core/llm/batch.h"
#include "core/llm/secret.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

namespace plumage::cli {
namespace {

struct DescribeArgs {
  std::string dataset, out, base_url = "https://api.openai.com/v1", model;
  std::string template_name = "structured_description.txt";
  std::vector<std::string> classes;
  std::string fields, domain = "bird species", language = "en", output_mode = "json_schema";
  std::string api_key_env = "OPENAI_API_KEY", prices;
  int variants = 1, concurrency = 4, max_tokens = 600, max_attempts = 5;
  double temperature = 0.7, timeout = 60, rpm = 0, tpm = 0, max_cost = -1;
  long long seed = -1;
  bool dry_run = false, verbose = false, allow_insecure_http = false;
  // Which options the user gave: the others may come from the template's [protocol].
  bool model_given = false, fields_given = false, language_given = false, temperature_given = false;
};

std::atomic<bool> g_cancel{false};
std::atomic<bool> g_abort{false};

extern "C" void on_sigint(int) {
  // First Ctrl-C: finish the requests in flight and stop; second: abort them.
  if (g_cancel.load()) g_abort = true;
  g_cancel = true;
}

std::string usd(const std::optional<double>& v) {
  if (!v) return "unknown (no price for this model; see --prices)";
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%.4f", *v);
  return buf;
}

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!data::trim(item).empty()) out.push_back(data::trim(item));
  return out;
}

// --classes accepts class ids ("17"), keys ("017.Cardinal") and display names.
std::vector<llm::ClassTarget> select_classes(const data::Dataset& ds, const std::vector<std::string>& wanted) {
  std::vector<llm::ClassTarget> out;
  if (wanted.empty()) {
    for (const auto& c : ds.classes) out.push_back({c.name, c.display_name});
    return out;
  }
  const data::ClassNameMatcher matcher(ds.class_names());
  for (const auto& w : wanted) {
    std::optional<std::size_t> idx;
    long long id = 0;
    if (data::parse_uint(w, id)) {
      for (std::size_t i = 0; i < ds.classes.size(); ++i)
        if (ds.classes[i].id == id) idx = i;
    } else {
      idx = matcher.match(w);
    }
    if (!idx) throw ExitError(2, "--classes: no class of " + ds.root + " matches \"" + w + "\"");
    out.push_back({ds.classes[*idx].name, ds.classes[*idx].display_name});
  }
  return out;
}

void print_estimate(const llm::CostEstimate& e, const std::string& model) {
  std::cerr << "describe: " << e.pending_jobs << " description(s) to generate, " << e.skipped_jobs
            << " already done\n"
            << "  estimated prompt tokens: " << static_cast<long long>(e.prompt_tokens)
            << ", completion tokens: ~" << static_cast<long long>(e.expected_completion_tokens)
            << (e.expected_from_history ? " (from earlier answers of " + model + ")" : " (guess: half of max)")
            << ", at most " << static_cast<long long>(e.max_completion_tokens) << "\n"
            << "  estimated cost: " << usd(e.expected_cost_usd) << ", at most " << usd(e.max_cost_usd)
            << " before retries\n";
}

void run_describe_with(const DescribeArgs& a, llm::BatchConfig cfg, data::Dataset ds);

void run_describe(const DescribeArgs& a) {
  llm::BatchConfig cfg;
  data::Dataset ds;
  try {
    data::ReadOptions ro;
    ro.check_files_exist = false;  // only the class list is needed
    ds = data::open_dataset(a.dataset, ro);
    cfg.prompt_template = llm::PromptTemplate::load(llm::resolve_template_path(a.template_name));
    if (!a.prices.empty()) cfg.prices.merge_file(a.prices);
  } catch (const data::DataError& e) {
    throw ExitError(2, e.what());
  }
  // A template written for a protocol (e.g. the study's five fields with
  // gpt-3.5-turbo) supplies the settings the user did not give.
  DescribeArgs with_protocol = a;
  const llm::TemplateProtocol& protocol = cfg.prompt_template.protocol();
  if (!a.model_given && !protocol.model.empty()) with_protocol.model = protocol.model;
  if (!a.fields_given && !protocol.fields.empty()) {
    with_protocol.fields.clear();
    for (const auto& f : protocol.fields) with_protocol.fields += (with_protocol.fields.empty() ? "" : ",") + f;
  }
  if (!a.language_given && !protocol.language.empty()) with_protocol.language = protocol.language;
  if (!a.temperature_given && protocol.temperature) with_protocol.temperature = *protocol.temperature;
  if (!protocol.empty())
    std::cerr << "describe: template protocol: model " << with_protocol.model << ", fields " << with_protocol.fields
              << ", language " << with_protocol.language << "\n";
  return run_describe_with(with_protocol, std::move(cfg), std::move(ds));
}

void run_describe_with(const DescribeArgs& a, llm::BatchConfig cfg, data::Dataset ds) {
  if (a.model.empty())
    throw ExitError(2, "describe: give --model (the template " + a.template_name + " names no model)");
  const auto language = llm::language_from_string(a.language);
  if (!language) throw ExitError(2, "--language must be en or ja, not \"" + a.language + "\"");
  const auto mode = llm::output_mode_from_string(a.output_mode);
  if (!mode) throw ExitError(2, "--output-mode must be json_schema or lines");

  cfg.client.base_url = a.base_url;
  cfg.client.model = a.model;
  cfg.client.api_key = llm::api_key_from_env(a.api_key_env);
  // From here on the process holds the key: no core file may carry it.
  if (!cfg.client.api_key.empty() && !llm::disable_core_dumps())
    std::cerr << "warning: could not disable core dumps (setrlimit RLIMIT_CORE)\n";
  cfg.client.temperature = a.temperature;
  cfg.client.max_tokens = a.max_tokens;
  cfg.client.timeout_s = a.timeout;
  cfg.client.verbose = a.verbose;
  cfg.client.allow_insecure_http = a.allow_insecure_http;
  if (const std::string p = llm::insecure_key_problem(a.base_url, cfg.client.api_key, a.allow_insecure_http); !p.empty())
    throw ExitError(2, p);
  if (a.seed >= 0) cfg.client.seed = a.seed;
  cfg.fields = a.fields.empty() ? data::default_bird_fields() : split_commas(a.fields);
  cfg.domain = a.domain;
  cfg.language = *language;
  cfg.output_mode = *mode;
  cfg.variants = a.variants;
  cfg.concurrency = a.concurrency;
  cfg.limits = {a.rpm, a.tpm};
  cfg.retry.max_attempts = a.max_attempts;
  if (cfg.client.api_key.empty() && a.base_url.find("api.openai.com") != std::string::npos)
    throw ExitError(2, "no API key: set " + a.api_key_env + " (keys are read from the environment only)");

  const auto classes = select_classes(ds, a.classes);
  llm::CostEstimate est;
  try {
    est = llm::estimate_batch(a.out, classes, cfg);
  } catch (const std::invalid_argument& e) {
    throw ExitError(2, e.what());
  } catch (const data::DataError& e) {
    throw ExitError(2, e.what());
  }
  print_estimate(est, a.model);
  if (a.max_cost >= 0) {
    if (!est.max_cost_usd)
      throw ExitError(3, "--max-cost given but no price is known for " + a.model + " (add it with --prices)");
    if (*est.max_cost_usd > a.max_cost)
      throw ExitError(3, "the batch could cost up to " + usd(est.max_cost_usd) + ", over --max-cost");
  }
  if (a.dry_run) return;

  std::signal(SIGINT, on_sigint);
  llm::BatchCallbacks cb;
  cb.cancel = &g_cancel;
  cb.abort_now = &g_abort;
  cb.on_log = [&](llm::LogLevel level, const std::string& msg) {
    if (level == llm::LogLevel::Debug && !a.verbose) return;
    static const char* names[] = {"debug", "info", "warning", "error"};
    std::cerr << "describe: " << names[static_cast<int>(level)] << ": " << msg << (msg.empty() || msg.back() != '\n' ? "\n" : "");
  };
  cb.on_progress = [](const llm::BatchProgress& p) {
    if (p.last_class.empty()) return;
    std::cerr << "[" << (p.done + p.failed) << "/" << p.total << "] " << p.last_class << "  tokens "
              << p.usage.prompt_tokens << "+" << p.usage.completion_tokens << "  cost " << usd(p.cost_usd) << "\n";
  };
  llm::BatchReport report;
  try {
    report = llm::run_batch(a.out, classes, cfg, cb);
  } catch (const std::invalid_argument& e) {
    throw ExitError(2, e.what());
  } catch (const data::DataError& e) {
    throw ExitError(2, e.what());
  }
  std::signal(SIGINT, SIG_DFL);
  const auto& p = report.progress;
  std::cout << "described " << p.done << ", failed " << p.failed << ", skipped " << p.skipped << " of "
            << (p.total + p.skipped) << "; requests " << report.requests_sent << "; tokens " << p.usage.prompt_tokens
            << " prompt + " << p.usage.completion_tokens << " completion; cost " << usd(p.cost_usd) << "\n";
  if (!report.fatal_error.empty()) throw ExitError(4, "stopped: " + report.fatal_error);
  if (report.cancelled) throw ExitError(130, "cancelled; run the same command again to continue");
  if (p.failed > 0) throw ExitError(1, std::to_string(p.failed) + " description(s) failed; see \"failures\" in " + a.out);
}

const CommandRegistrar kRegister(60, [](CLI::App& app) {
  auto a = std::make_shared<DescribeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "describe", "Generate class descriptions with an OpenAI-compatible LLM (resumable; key from the environment)");
  cmd->add_option("--dataset", a->dataset, "Dataset root (CUB layout) or manifest")->required();
  cmd->add_option("--out", a->out, "Descriptions file (JSON); existing descriptions are kept and reused")->required();
  cmd->add_option("--classes", a->classes, "Only these classes: ids, folder names or display names (default: all)");
  cmd->add_option("--base-url", a->base_url, "API base URL, e.g. http://localhost:8080/v1 for llama.cpp")
      ->capture_default_str();
  auto* model = cmd->add_option("--model", a->model,
                                "Model name as the server knows it (default: the template's [protocol] model)");
  cmd->add_option("--template", a->template_name,
                  "Prompt template: a shipped name (e.g. study_five_fields_gpt35: the study's protocol) or a file")
      ->capture_default_str();
  cmd->add_option("--variants", a->variants, "Descriptions per class")->capture_default_str()->check(CLI::Range(1, 100));
  cmd->add_option("--concurrency", a->concurrency, "Requests in flight")->capture_default_str()->check(CLI::Range(1, 64));
  auto* language = cmd->add_option("--language", a->language, "Language of the descriptions: en or ja")->capture_default_str();
  auto* fields = cmd->add_option("--fields", a->fields,
                                 "Comma-separated field list (default: the template's [protocol] fields, else "
                                 "Size, Shape, Coloration, ...)");
  cmd->add_option("--domain", a->domain, "What the classes are, for the prompt")->capture_default_str();
  cmd->add_option("--output-mode", a->output_mode,
                  "json_schema (response_format; falls back to lines if the server refuses) or lines")
      ->capture_default_str();
  auto* temperature = cmd->add_option("--temperature", a->temperature)->capture_default_str();
  cmd->add_option("--max-tokens", a->max_tokens, "Completion token limit per answer")->capture_default_str();
  cmd->add_option("--seed", a->seed, "Sampling seed sent to the server (if it supports one)");
  cmd->add_option("--timeout", a->timeout, "Seconds per request")->capture_default_str();
  cmd->add_option("--max-attempts", a->max_attempts, "Requests per answer on 429/5xx/timeouts")->capture_default_str();
  cmd->add_option("--rpm", a->rpm, "Requests per minute limit (0 = none)");
  cmd->add_option("--tpm", a->tpm, "Tokens per minute limit (0 = none)");
  cmd->add_option("--api-key-env", a->api_key_env, "Environment variable holding the API key")->capture_default_str();
  cmd->add_option("--prices", a->prices, "JSON price table overriding the built-in one (USD per 1M tokens)");
  cmd->add_option("--max-cost", a->max_cost, "Refuse to start when the estimated maximum cost (USD) is higher");
  cmd->add_flag("--dry-run", a->dry_run, "Print the estimate and exit without sending anything");
  cmd->add_flag("--verbose", a->verbose, "Log HTTP traffic headers (keys, passwords and URL user info are redacted)");
  cmd->add_flag("--allow-insecure-http", a->allow_insecure_http,
                "Send the API key over plain http to a host other than this machine (readable on the way)");
  cmd->callback([a, model, fields, language, temperature] {
    a->model_given = model->count() > 0;
    a->fields_given = fields->count() > 0;
    a->language_given = language->count() > 0;
    a->temperature_given = temperature->count() > 0;
    run_describe(*a);
  });
});

}  // namespace
}  // namespace plumage::cli
