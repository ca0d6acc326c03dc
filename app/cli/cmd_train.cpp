// plumage-cli train-converter / train-adapter / zero-shot: the training jobs
// from the command line, through core/experiment. Converter and adapter
// trainings are recorded as runs in a store (--store, or a workspace's), the
// same way the workbench records them.
#include "app/cli/command_registry.h"
#include "core/data/diagnostics.h"
#include "core/data/file_util.h"
#include "core/experiment/adapter_job.h"
#include "core/experiment/clip_model_check.h"
#include "core/experiment/converter_job.h"
#include "core/experiment/converter_presets.h"
#include "core/experiment/feature_header.h"
#include "core/experiment/job_errors.h"
#include "core/experiment/runner.h"
#include "core/experiment/runtime.h"
#include "core/experiment/zero_shot_job.h"
#include "core/store/store_error.h"
#include "core/json/parse_limited.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace plumage::cli {
namespace {

using nlohmann::json;

std::atomic<bool> g_cancel{false};
extern "C" void on_train_sigint(int) { g_cancel = true; }

json read_json_file(const std::string& path) {
  try {
    return jsonio::read_file(path, jsonio::kConfig);
  } catch (const jsonio::Error& e) {
    throw ExitError(2, e.what());
  }
}

// Written atomically (temporary file, fsync, rename): a failed or
// interrupted write never leaves a half plan, and a write error is an error.
void write_json_file(const std::string& path, const json& j) {
  try {
    data::write_file_atomic(path, j.dump(1, ' ', false, json::error_handler_t::replace) + "\n");
  } catch (const data::DataError& e) {
    throw ExitError(2, std::string("cannot write --plan-out: ") + e.what());
  }
}

// Where a run is recorded: --store, else the workspace's store (the file
// name the workbench gives it), else plumage-runs.sqlite in the current folder.
struct StoreArgs {
  std::string store, workspace;
  std::string path() const {
    if (!store.empty()) return store;
    const std::filesystem::path ws = workspace.empty() ? std::filesystem::current_path() : std::filesystem::path(workspace);
    if (!workspace.empty() || std::filesystem::exists(ws / "workspace.sqlite")) return (ws / "workspace.sqlite").string();
    return "plumage-runs.sqlite";
  }
  void add_to(CLI::App* cmd) {
    cmd->add_option("--store,--db", store,
                    "Store the run is recorded in (default: the workspace's, or ./plumage-runs.sqlite)");
    cmd->add_option("--workspace", workspace, "Record the run in this workbench workspace's store")
        ->check(CLI::ExistingDirectory);
  }
};

// Per-epoch progress on stderr (stdout stays clean for --json).
std::function<void(int, const std::string&, double)> progress(bool quiet) {
  if (quiet) return {};
  return [](int epoch, const std::string& key, double value) {
    if (epoch > 0) std::cerr << "epoch " << epoch << "  " << key << " " << value << "\n";
  };
}

// ---- train-converter -------------------------------------------------------

struct ConverterArgs {
  std::string kind, images, texts, out, config, resume, name, preset, val_images, val_texts;
  experiment::ConverterConfig cfg;
  // Q-Former flags given on the command line: they override a preset or --config.
  std::vector<std::pair<CLI::Option*, std::function<void(experiment::QFormerConfig&)>>> qformer_flags;
  StoreArgs store;
  int threads = 0;
  bool json = false, quiet = false, include_test_images = false;
};

void run_train_converter(ConverterArgs& a) {
  std::signal(SIGINT, on_train_sigint);
  experiment::set_threads(a.threads);
  experiment::ConverterJobParams p;
  p.config = a.cfg;
  if (!a.preset.empty()) {
    const experiment::ConverterPreset* preset = experiment::find_converter_preset(a.preset);
    if (!preset)
      throw ExitError(2, "--preset: no preset \"" + a.preset + "\" (there are " +
                             experiment::converter_preset_names() + ")");
    p.config.qformer = preset->config.qformer;  // the rest are run options, from the flags
  }
  if (!a.config.empty()) {
    try {
      from_json(read_json_file(a.config), p.config);
    } catch (const std::invalid_argument& e) {
      throw ExitError(2, a.config + ": " + e.what());
    }
  }
  for (const auto& [option, apply] : a.qformer_flags)
    if (option->count() > 0) apply(p.config.qformer);
  // No --kind: a preset's (Q-Former), else the Q-Former when the texts carry
  // per-token features (what it reads), else ridge.
  std::string kind = a.kind;
  if (kind.empty() && !a.preset.empty()) kind = "qformer";
  if (kind.empty()) {
    kind = "ridge";
    try {
      const auto info = experiment::read_feature_file_info(a.texts);
      if (std::find(info.tensor_names.begin(), info.tensor_names.end(), "tokens") != info.tensor_names.end())
        kind = "qformer";
    } catch (const std::exception&) {
      // an unreadable file is reported by the job's own checks
    }
    std::cerr << "kind: " << kind << " (no --kind; " << (kind == "qformer" ? "the texts have" : "the texts have no")
              << " per-token features)\n";
  }
  try {
    p.config.kind = experiment::parse_converter_kind(kind);
  } catch (const std::invalid_argument& e) {
    throw ExitError(2, e.what());
  }
  if (!a.resume.empty()) p.config.resume_from = a.resume;
  if (a.include_test_images) p.config.include_test_images = true;
  p.image_path = a.images;
  p.text_path = a.texts;
  p.val_image_path = a.val_images;
  p.val_text_path = a.val_texts;
  p.output_path = a.out;
  p.overwrite = true;  // a terminal user names the file on purpose
  p.name = a.name.empty() ? std::filesystem::path(a.out).stem().string() : a.name;
  p.store_path = a.store.path();
  for (const std::string& note : experiment::converter_job_notes(p)) std::cerr << "note: " << note << "\n";
  experiment::ConverterJobCallbacks cb;
  cb.cancel = &g_cancel;
  cb.metric = progress(a.quiet);
  const experiment::ConverterJobOutcome o = experiment::train_converter_job(p, cb);
  const experiment::ConverterResult& r = o.result;
  std::cerr << "recorded as run " << o.run_id << " (" << o.run_key << ") in " << p.store_path << "\n";
  if (a.json) {
    std::cout << json(r).dump(1) << "\n";
    return;
  }
  std::cout << "converter " << o.kind << " -> " << a.out << "\n";
  const auto& data = r.training_data;
  std::cout << "trained on: " << (data.split == "train" ? "training-split images only" : "training AND TEST images")
            << " (" << data.train_pairs + data.val_pairs << " pairs; " << data.test_pairs_left_out
            << " pairs of test images left out, " << data.test_image_pairs << " used)\n";
  for (const auto* d : {&r.train, &r.val}) {
    std::cout << (d == &r.train ? "train" : "val  ") << ": pairs " << d->pairs << ", images " << d->images << ", cosine "
              << d->cosine << ", mse " << d->mse << ", R@1 " << d->r_at_1 << ", R@5 " << d->r_at_5 << ", modality gap "
              << d->modality_gap << "\n";
  }
}

// ---- train-adapter ---------------------------------------------------------

struct AdapterArgs {
  std::string per_class_ratios, config, plan_out;
  std::string optimizer = "adam", head = "linear";
  experiment::AdapterJobParams job;
  experiment::AdapterConfig cfg;
  StoreArgs store;
  bool image_only = false, json = false, quiet = false;
  int threads = 0;
};

// The adapter keys of the experiment config: from --config (an AdapterConfig
// JSON) or from the flags.
json adapter_keys(AdapterArgs& a) {
  json adapter;
  if (!a.config.empty()) {
    adapter = read_json_file(a.config);
    if (!adapter.is_object()) throw ExitError(2, a.config + ": expected a JSON object (AdapterConfig keys)");
    if (adapter.contains("device")) a.job.device = adapter["device"].get<std::string>();
    adapter.erase("device");
    adapter.erase("seed");  // the run's seed is --seed
    return adapter;
  }
  try {
    a.cfg.optimizer = experiment::parse_optimizer_kind(a.optimizer);
    a.cfg.head = experiment::parse_adapter_head(a.head);
  } catch (const std::invalid_argument& e) {
    throw ExitError(2, e.what());
  }
  adapter = a.cfg;
  adapter.erase("device");
  adapter.erase("seed");
  return adapter;
}

void run_train_adapter(AdapterArgs& a) {
  std::signal(SIGINT, on_train_sigint);
  experiment::set_threads(a.threads);
  if (a.job.converter != "identity" && a.job.text_path.empty()) throw ExitError(2, "--converter needs --texts");
  if (a.image_only) a.job.text_source = "none";
  a.job.device = a.cfg.device;
  a.job.adapter = adapter_keys(a);
  if (!a.per_class_ratios.empty()) a.job.per_class_ratios = read_json_file(a.per_class_ratios);
  const json config = experiment::adapter_experiment_config(a.job);
  for (const std::string& note : experiment::check_one_clip_model(experiment::experiment_model_inputs(config)).notes)
    std::cerr << "note: " << note << "\n";

  experiment::ExperimentJobParams p;
  p.store_path = a.store.path();
  p.cancel = &g_cancel;
  p.metric = progress(a.quiet);
  experiment::ExperimentJobOutcome o;
  try {
    o = experiment::run_experiment_job(config, p);
  } catch (const experiment::InputError&) {
    throw;
  } catch (const experiment::RunCancelled&) {
    throw;
  } catch (const store::StoreWriteError& e) {
    throw ExitError(1, std::string("the store refused a write: ") + e.what());
  } catch (const std::runtime_error& e) {
    throw ExitError(3, e.what());  // the run failed; the store keeps why
  }
  std::cerr << (o.already_done ? "already done: run " : "recorded as run ") << o.run_id << " (" << o.key << ") in "
            << p.store_path << "\n";
  if (!a.plan_out.empty()) write_json_file(a.plan_out, o.run.plan);

  const json& m = o.result.metrics;
  const json& rc = o.run.config;
  const std::string conv = rc.value("converter", std::string("identity"));
  const std::string converter_name = rc.value("text_source", std::string("none")) == "none" ? "none"
                                     : conv == "identity"                                  ? "identity (raw text features)"
                                                                                           : conv;
  if (a.json) {
    json out = {{"run_id", o.run_id},
                {"run_key", o.key},
                {"store", p.store_path},
                {"top1", m.value("test_top1", 0.0)},
                {"top5", m.value("test_top5", 0.0)},
                {"mean_per_class", m.value("test_mean_per_class", 0.0)},
                {"val_top1", m.value("val_top1", 0.0)},
                {"best_epoch", m.value("best_epoch", 0)},
                {"epochs_run", m.value("epochs_run", 0)},
                {"seconds", m.value("seconds", 0.0)},
                {"converter", converter_name},
                {"plan", o.plan_counts},
                {"plan_config", o.run.plan.value("config", json::object())},
                {"adapter_config", rc.value("adapter", json::object())},
                {"per_class", o.result.per_class.value("top1", json::array())},
                {"history", o.history}};
    std::cout << out.dump(1) << "\n";
    return;
  }
  const json& counts = o.plan_counts;
  std::cout << "plan: " << counts.value("images", 0) << " image samples, " << counts.value("texts", 0)
            << " turned into text (" << rc.value("text_source", std::string("none")) << "), " << counts.value("val", 0)
            << " validation, " << counts.value("test", 0) << " test\n";
  std::cout << "converter: " << converter_name << "\n";
  std::cout << "best epoch " << m.value("best_epoch", 0) << " of " << m.value("epochs_run", 0) << " (val top-1 "
            << m.value("val_top1", 0.0) << ")\n";
  std::cout << "test top-1 " << m.value("test_top1", 0.0) << ", top-5 " << m.value("test_top5", 0.0)
            << ", mean per class " << m.value("test_mean_per_class", 0.0) << "  (" << m.value("seconds", 0.0)
            << " s)\n";
}

// ---- zero-shot -------------------------------------------------------------

struct ZeroShotArgs {
  experiment::ZeroShotJobParams job;
  bool json = false;
  int threads = 0;
};

void run_zero_shot(ZeroShotArgs& a) {
  std::signal(SIGINT, on_train_sigint);
  experiment::set_threads(a.threads);
  a.job.cancel = &g_cancel;
  const experiment::ZeroShotResult r = experiment::zero_shot_job(a.job);
  if (a.json) {
    std::cout << json{{"top1", r.test.top1},
                      {"top5", r.test.top5},
                      {"mean_per_class", r.test.mean_per_class},
                      {"texts_used", r.texts_used},
                      {"per_class", r.test.per_class}}
                     .dump(1)
              << "\n";
    return;
  }
  std::cout << "zero-shot on " << r.test.count << " test images (" << r.texts_used << " class texts): top-1 "
            << r.test.top1 << ", top-5 " << r.test.top5 << ", mean per class " << r.test.mean_per_class << "\n";
}

const CommandRegistrar kRegister(60, [](CLI::App& app) {
  {
    auto a = std::make_shared<ConverterArgs>();
    auto* cmd = app.add_subcommand("train-converter", "Fit or train a text->image feature converter on paired features");
    cmd->add_option("--kind", a->kind,
                    "qformer, ridge, meanshift, noise or identity (default: qformer when --texts has per-token "
                    "features or a --preset is given, else ridge)")
        ->check(CLI::IsMember({"qformer", "ridge", "meanshift", "noise", "identity"}));
    cmd->add_option("--preset", a->preset,
                    "Q-Former settings: qformer-small (CPU-friendly) or qformer-blip2 (BLIP-2's shape: hidden 768, "
                    "12 layers, 12 heads, 32 queries, cross-attention every other layer); the flags below override it")
        ->check(CLI::IsMember({"qformer-small", "qformer-blip2"}));
    cmd->add_option("--images", a->images, "Image features .safetensors")->required();
    cmd->add_option("--texts", a->texts, "Text features .safetensors (with tokens for the Q-Former)")->required();
    cmd->add_option("--out", a->out, "Checkpoint .safetensors")->required();
    auto* vi = cmd->add_option("--val-images", a->val_images,
                               "Validation image features (e.g. COCO val2017 from encode-coco) instead of "
                               "--val-fraction of the training images; needs --val-texts");
    auto* vt = cmd->add_option("--val-texts", a->val_texts, "Validation texts paired with --val-images");
    vi->needs(vt);
    vt->needs(vi);
    cmd->add_option("--name", a->name, "Name shown in the store and the converter chooser (default: the file name)");
    a->store.add_to(cmd);
    cmd->add_option("--config", a->config, "ConverterConfig JSON (it sets what it holds over --preset and the flags, except the Q-Former flags given)");
    cmd->add_option("--resume", a->resume, "Q-Former: resume from this checkpoint");
    cmd->add_flag("--include-test-images", a->include_test_images,
                  "Also pair texts with test-split images (recorded in the checkpoint; an adapter's test "
                  "accuracy is then not clean)");
    cmd->add_option("--seed", a->cfg.seed)->capture_default_str();
    cmd->add_option("--val-fraction", a->cfg.val_fraction, "Held-out images for the diagnostics")->capture_default_str();
    cmd->add_option("--device", a->cfg.device, "auto, cpu, cuda, cuda:N")->capture_default_str();
    cmd->add_option("--noise-sigma", a->cfg.noise_sigma)->capture_default_str();
    cmd->add_option("--ridge-lambda", a->cfg.ridge_lambda)->capture_default_str();
    // Q-Former options: applied after a preset or --config when given.
    const auto qopt = [&](const char* flag, auto member, const char* help) {
      auto* q = &a->cfg.qformer;
      CLI::Option* o = cmd->add_option(flag, q->*member, help)->capture_default_str();
      a->qformer_flags.emplace_back(o, [q, member](experiment::QFormerConfig& c) { c.*member = q->*member; });
    };
    qopt("--epochs", &experiment::QFormerConfig::epochs, "Q-Former epochs");
    qopt("--batch-size", &experiment::QFormerConfig::batch_size, "Q-Former batch size");
    qopt("--lr", &experiment::QFormerConfig::lr, "Q-Former peak learning rate");
    qopt("--layers", &experiment::QFormerConfig::num_layers, "Q-Former layers");
    qopt("--hidden", &experiment::QFormerConfig::hidden, "Q-Former hidden size");
    qopt("--ffn", &experiment::QFormerConfig::ffn, "Q-Former feed-forward width");
    qopt("--heads", &experiment::QFormerConfig::heads, "Q-Former attention heads");
    qopt("--queries", &experiment::QFormerConfig::num_queries, "Q-Former learned queries");
    qopt("--cross-attention-every", &experiment::QFormerConfig::cross_attention_every,
         "Q-Former: cross-attend to the text tokens in layers 0, k, 2k, ...");
    qopt("--warmup-steps", &experiment::QFormerConfig::warmup_steps, "Q-Former learning-rate warmup steps");
    cmd->add_option("--threads", a->threads, "LibTorch intra-op threads (0: default)");
    cmd->add_flag("--json", a->json, "Print the result as JSON");
    cmd->add_flag("--quiet", a->quiet, "No per-epoch progress on stderr");
    cmd->callback([a] { run_train_converter(*a); });
  }
  {
    auto a = std::make_shared<AdapterArgs>();
    experiment::AdapterJobParams& j = a->job;
    auto* cmd = app.add_subcommand("train-adapter", "Train the classifier on a ratio plan of image and text samples");
    cmd->add_option("--images", j.image_path, "Image features .safetensors")->required();
    cmd->add_option("--texts", j.text_path, "Text features .safetensors (Reed captions or LLM descriptions)");
    cmd->add_option("--converter", j.converter, "Converter checkpoint (default: raw text features)");
    cmd->add_option("--text-source", j.text_source, "reed or llm")->check(CLI::IsMember({"reed", "llm"}))->capture_default_str();
    cmd->add_option("--caption-use", j.caption_use, "all or one-per-epoch")
        ->check(CLI::IsMember({"all", "one-per-epoch"}))
        ->capture_default_str();
    cmd->add_option("--image-ratio", j.image_ratio, "Fraction of each class's images kept as images")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd->add_option("--per-class-ratios", a->per_class_ratios, "JSON: {class name or index: ratio} or [ratios]");
    cmd->add_option("--sampling", j.sampling, "per-class or global")
        ->check(CLI::IsMember({"per-class", "global"}))
        ->capture_default_str();
    cmd->add_option("--seed", j.seed)->capture_default_str();
    cmd->add_option("--val-fraction", j.val_fraction, "Validation carved from each class's training images")
        ->capture_default_str();
    cmd->add_flag("--image-only", a->image_only, "Drop the text samples (the plan's image-only column)");
    cmd->add_option("--name", j.name, "Name shown in the store");
    a->store.add_to(cmd);
    cmd->add_option("--plan-out", a->plan_out, "Write the plan (rows, image ids, text candidates) as JSON");
    cmd->add_option("--config", a->config, "AdapterConfig JSON (replaces the adapter flags)");
    cmd->add_option("--epochs", a->cfg.epochs)->capture_default_str();
    cmd->add_option("--batch-size", a->cfg.batch_size)->capture_default_str();
    cmd->add_option("--lr", a->cfg.lr)->capture_default_str();
    cmd->add_option("--weight-decay", a->cfg.weight_decay)->capture_default_str();
    cmd->add_option("--label-smoothing", a->cfg.label_smoothing)->capture_default_str();
    cmd->add_option("--optimizer", a->optimizer, "adam, adamw or sgd")->capture_default_str();
    cmd->add_option("--head", a->head, "linear or residual")->capture_default_str();
    cmd->add_option("--patience", a->cfg.early_stopping_patience, "Early stopping patience in epochs (0: off)")
        ->capture_default_str();
    cmd->add_option("--device", a->cfg.device, "auto, cpu, cuda, cuda:N")->capture_default_str();
    cmd->add_option("--threads", a->threads, "LibTorch intra-op threads (0: default)");
    cmd->add_flag("--json", a->json, "Print top1, top5, mean_per_class, plan counts, history as JSON");
    cmd->add_flag("--quiet", a->quiet, "No per-epoch progress on stderr");
    cmd->callback([a] { run_train_adapter(*a); });
  }
  {
    auto a = std::make_shared<ZeroShotArgs>();
    experiment::ZeroShotJobParams& j = a->job;
    j.device = "cpu";
    auto* cmd = app.add_subcommand("zero-shot", "Zero-shot classification of the test images from class prompts");
    cmd->add_option("--images", j.image_path, "Image features .safetensors")->required();
    cmd->add_option("--model", j.model_path, "CLIP weights, to encode the class prompts");
    cmd->add_option("--vocab", j.vocab_path, "CLIP BPE vocabulary (bpe_simple_vocab_16e6.txt.gz)");
    cmd->add_option("--templates", j.templates, "Prompt templates with {} for the class name")->expected(1, -1);
    cmd->add_option("--descriptors", j.descriptors_path,
                    "JSON {class name: [descriptors]}: '{class}, which has {descriptor}'");
    cmd->add_option("--class-texts", j.class_texts_path, "Class-level text features .safetensors (instead of --model)");
    cmd->add_option("--device", j.device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--threads", a->threads, "LibTorch intra-op threads (0: default)");
    cmd->add_flag("--json", a->json, "Print the result as JSON");
    cmd->callback([a] { run_zero_shot(*a); });
  }
});

}  // namespace
}  // namespace plumage::cli
