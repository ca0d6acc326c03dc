// plumage-cli train-converter / train-adapter / zero-shot: the training
// engine's jobs from the command line (core/engine/train).
#include "command_registry.h"
#include "features/class_prompts.h"
#include "data/tokenizer.h"
#include "engine/clip/clip_model.h"
#include "engine/train/converter.h"
#include "engine/train/jobs.h"
#include "engine/train/json.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>

namespace plumage::cli {
namespace {

using nlohmann::json;
using namespace plumage::train;

std::atomic<bool> g_cancel{false};
void on_sigint(int) { g_cancel = true; }

json read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ExitError(2, "cannot open " + path);
  try {
    return json::parse(in);
  } catch (const json::parse_error& e) {
    throw ExitError(2, path + ": " + e.what());
  }
}

void write_json_file(const std::string& path, const json& j) {
  std::ofstream out(path);
  if (!out) throw ExitError(2, "cannot write " + path);
  out << j.dump(1) << "\n";
}

// Progress on stderr (stdout stays clean for --json).
MetricCallback progress(bool quiet) {
  if (quiet) return {};
  return [](int epoch, const std::string& key, double value) {
    if (epoch > 0) std::cerr << "epoch " << epoch << "  " << key << " " << value << "\n";
  };
}

template <typename F>
auto guarded(F&& f) {
  try {
    return f();
  } catch (const Cancelled&) {
    throw ExitError(130, "cancelled");
  } catch (const FeatureFileError& e) {
    throw ExitError(2, e.what());
  } catch (const std::invalid_argument& e) {
    throw ExitError(2, e.what());
  }
}

void set_threads(int threads) {
  if (threads > 0) at::set_num_threads(threads);
}

// ---- train-converter -------------------------------------------------------

struct ConverterArgs {
  std::string kind = "ridge", images, texts, out, config, resume;
  ConverterConfig cfg;
  int threads = 0;
  bool json = false, quiet = false;
};

void run_train_converter(ConverterArgs& a) {
  std::signal(SIGINT, on_sigint);
  set_threads(a.threads);
  ConverterConfig cfg = a.cfg;
  if (!a.config.empty()) {
    try {
      from_json(read_json_file(a.config), cfg);
    } catch (const std::invalid_argument& e) {
      throw ExitError(2, a.config + ": " + e.what());
    }
  }
  cfg.kind = guarded([&] { return parse_converter_kind(a.kind); });
  if (!a.resume.empty()) cfg.resume_from = a.resume;
  const auto trained = guarded([&] {
    const ImageFeatureSet images = load_image_features(a.images);
    const TextFeatureSet texts = load_text_features(a.texts);
    return train_converter(cfg, images, texts, a.out, progress(a.quiet), &g_cancel);
  });
  const ConverterResult& r = trained.result;
  if (a.json) {
    std::cout << json(r).dump(1) << "\n";
    return;
  }
  std::cout << "converter " << to_string(cfg.kind) << " -> " << a.out << "\n";
  for (const auto* d : {&r.train, &r.val}) {
    std::cout << (d == &r.train ? "train" : "val  ") << ": pairs " << d->pairs << ", images " << d->images << ", cosine "
              << d->cosine << ", mse " << d->mse << ", R@1 " << d->r_at_1 << ", R@5 " << d->r_at_5 << ", modality gap "
              << d->modality_gap << "\n";
  }
}

// ---- train-adapter ---------------------------------------------------------

struct AdapterArgs {
  std::string images, texts, converter, per_class_ratios, config, plan_out;
  std::string sampling = "per-class", text_source = "reed", caption_use = "one-per-epoch";
  std::string optimizer = "adam", head = "linear";
  RatioPlanConfig plan;
  AdapterConfig cfg;
  bool image_only = false, json = false, quiet = false;
  int threads = 0;
};

void run_train_adapter(AdapterArgs& a) {
  std::signal(SIGINT, on_sigint);
  set_threads(a.threads);
  AdapterConfig cfg = a.cfg;
  if (!a.config.empty()) {
    try {
      from_json(read_json_file(a.config), cfg);
    } catch (const std::invalid_argument& e) {
      throw ExitError(2, a.config + ": " + e.what());
    }
  }
  RatioPlanConfig pc = a.plan;
  guarded([&] {
    pc.sampling = parse_sampling_mode(a.sampling);
    pc.caption_use = parse_caption_use(a.caption_use);
    pc.text_source = a.texts.empty() || a.image_only ? TextSource::None : parse_text_source(a.text_source);
    if (a.config.empty()) {
      cfg.optimizer = parse_optimizer_kind(a.optimizer);
      cfg.head = parse_adapter_head(a.head);
    }
    return 0;
  });
  cfg.seed = pc.seed;
  if (!a.converter.empty() && a.texts.empty()) throw ExitError(2, "--converter needs --texts");

  const ImageFeatureSet images = guarded([&] { return load_image_features(a.images); });
  if (!a.per_class_ratios.empty())
    pc.per_class_ratios = guarded([&] {
      return per_class_ratios_from_json(read_json_file(a.per_class_ratios), images.class_names, pc.image_ratio);
    });
  std::unique_ptr<TextFeatureSet> texts;
  AdapterInputs in;
  in.images = &images;
  std::string converter_name = "none";
  if (!a.texts.empty() && pc.text_source != TextSource::None) {
    texts = std::make_unique<TextFeatureSet>(guarded([&] { return load_text_features(a.texts, images.num_classes()); }));
    if (a.converter.empty()) {
      in.text_features = texts->features;  // raw text embeddings (the identity converter)
      converter_name = "identity (raw text features)";
    } else {
      const auto conv = guarded([&] { return load_converter(a.converter); });
      in.text_features = guarded([&] { return conv->convert_all(*texts); });
      converter_name = std::string(to_string(conv->kind())) + " (" + a.converter + ")";
    }
  }
  const RatioPlan plan = guarded([&] { return make_ratio_plan(pc, plan_inputs(images, texts.get())); });
  if (!a.plan_out.empty()) {
    std::vector<int64_t> ids(images.image_ids.data_ptr<int64_t>(), images.image_ids.data_ptr<int64_t>() + images.size());
    write_json_file(a.plan_out, plan_to_json(plan, ids));
  }
  const AdapterResult r = guarded([&] { return train_adapter(cfg, plan, in, progress(a.quiet), &g_cancel); });
  if (a.json) {
    json out = {{"top1", r.test.top1},
                {"top5", r.test.top5},
                {"mean_per_class", r.test.mean_per_class},
                {"val_top1", r.val.top1},
                {"best_epoch", r.best_epoch},
                {"epochs_run", r.epochs_run},
                {"seconds", r.seconds},
                {"converter", converter_name},
                {"plan", plan_counts_json(plan)},
                {"plan_config", plan.config},
                {"adapter_config", cfg},
                {"per_class", r.test.per_class},
                {"history", r.history}};
    std::cout << out.dump(1) << "\n";
    return;
  }
  const json counts = plan_counts_json(plan);
  std::cout << "plan: " << counts["images"] << " image samples, " << counts["texts"] << " turned into text ("
            << to_string(pc.text_source) << "), " << counts["val"] << " validation, " << counts["test"] << " test\n";
  std::cout << "converter: " << converter_name << "\n";
  std::cout << "best epoch " << r.best_epoch << " of " << r.epochs_run << " (val top-1 " << r.val.top1 << ")\n";
  std::cout << "test top-1 " << r.test.top1 << ", top-5 " << r.test.top5 << ", mean per class " << r.test.mean_per_class
            << "  (" << r.seconds << " s)\n";
}

// ---- zero-shot -------------------------------------------------------------

struct ZeroShotArgs {
  std::string model, vocab, images, class_texts, descriptors, device = "cpu";
  std::vector<std::string> templates;
  bool json = false;
  int threads = 0;
};

// Class-level text features from a CLIP model: templates, or descriptors.
TextFeatureSet encode_class_texts(const ZeroShotArgs& a, const ImageFeatureSet& images, const ZeroShotConfig& zc) {
  clip::LoadOptions lo;
  lo.device = c10::Device(a.device);
  const clip::ClipModel model = clip::load_clip(a.model, lo);
  const data::ClipTokenizer tok = data::ClipTokenizer::load(a.vocab);
  std::vector<features::ClassText> prompts;
  try {
    prompts = a.descriptors.empty() ? features::template_prompts(images.class_names, zc.templates)
                                    : features::descriptor_prompts(images.class_names, a.descriptors);
  } catch (const std::exception& e) {
    throw ExitError(2, e.what());
  }
  std::vector<std::string> texts;
  std::vector<int64_t> labels;
  for (const auto& p : prompts) {
    texts.push_back(p.text);
    labels.push_back(p.label);
  }
  std::vector<at::Tensor> feats;
  const size_t B = 256;
  for (size_t s = 0; s < texts.size(); s += B) {
    std::vector<int64_t> ids;
    const size_t n = std::min(B, texts.size() - s);
    for (size_t i = 0; i < n; ++i) {
      const auto row = tok.context_ids(texts[s + i], data::ClipTokenizer::kDefaultContext, data::Overflow::Truncate);
      ids.insert(ids.end(), row.begin(), row.end());
    }
    const at::Tensor t = at::tensor(ids, at::kLong).view({static_cast<int64_t>(n), -1});
    feats.push_back(model.encode_text(t.to(model.device())).to(at::kCPU, at::kFloat));
  }
  TextFeatureSet out;
  out.path = a.model;
  out.features = at::cat(feats);
  out.labels = at::tensor(labels, at::kLong);
  out.image_ids = at::full({out.features.size(0)}, -1, at::kLong);
  out.text_index = at::arange(out.features.size(0), at::kLong);
  return out;
}

void run_zero_shot(ZeroShotArgs& a) {
  set_threads(a.threads);
  if (a.class_texts.empty() == a.model.empty()) throw ExitError(2, "give either --model (with --vocab) or --class-texts");
  if (!a.model.empty() && a.vocab.empty()) throw ExitError(2, "--model needs --vocab (the CLIP BPE vocabulary)");
  ZeroShotConfig zc;
  zc.device = a.device;
  if (!a.templates.empty()) zc.templates = a.templates;
  const ImageFeatureSet images = guarded([&] { return load_image_features(a.images); });
  TextFeatureSet texts;
  if (!a.class_texts.empty()) {
    texts = guarded([&] { return load_text_features(a.class_texts, images.num_classes()); });
  } else {
    try {
      texts = encode_class_texts(a, images, zc);
    } catch (const clip::ClipLoadError& e) {
      throw ExitError(2, e.what());
    } catch (const data::TokenizerError& e) {
      throw ExitError(2, e.what());
    }
  }
  const ZeroShotResult r = guarded([&] { return zero_shot(zc, images, texts, {}, &g_cancel); });
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
    cmd->add_option("--kind", a->kind, "qformer, ridge, meanshift, noise or identity")
        ->check(CLI::IsMember({"qformer", "ridge", "meanshift", "noise", "identity"}))
        ->capture_default_str();
    cmd->add_option("--images", a->images, "Image features .safetensors")->required();
    cmd->add_option("--texts", a->texts, "Text features .safetensors (with tokens for the Q-Former)")->required();
    cmd->add_option("--out", a->out, "Checkpoint .safetensors")->required();
    cmd->add_option("--config", a->config, "ConverterConfig JSON (flags below override nothing it sets)");
    cmd->add_option("--resume", a->resume, "Q-Former: resume from this checkpoint");
    cmd->add_option("--seed", a->cfg.seed)->capture_default_str();
    cmd->add_option("--val-fraction", a->cfg.val_fraction, "Held-out images for the diagnostics")->capture_default_str();
    cmd->add_option("--device", a->cfg.device, "auto, cpu, cuda, cuda:N")->capture_default_str();
    cmd->add_option("--noise-sigma", a->cfg.noise_sigma)->capture_default_str();
    cmd->add_option("--ridge-lambda", a->cfg.ridge_lambda)->capture_default_str();
    cmd->add_option("--epochs", a->cfg.qformer.epochs)->capture_default_str();
    cmd->add_option("--batch-size", a->cfg.qformer.batch_size)->capture_default_str();
    cmd->add_option("--lr", a->cfg.qformer.lr)->capture_default_str();
    cmd->add_option("--layers", a->cfg.qformer.num_layers)->capture_default_str();
    cmd->add_option("--hidden", a->cfg.qformer.hidden)->capture_default_str();
    cmd->add_option("--heads", a->cfg.qformer.heads)->capture_default_str();
    cmd->add_option("--queries", a->cfg.qformer.num_queries)->capture_default_str();
    cmd->add_option("--threads", a->threads, "LibTorch intra-op threads (0: default)");
    cmd->add_flag("--json", a->json, "Print the result as JSON");
    cmd->add_flag("--quiet", a->quiet, "No per-epoch progress on stderr");
    cmd->callback([a] { run_train_converter(*a); });
  }
  {
    auto a = std::make_shared<AdapterArgs>();
    auto* cmd = app.add_subcommand("train-adapter", "Train the classifier on a ratio plan of image and text samples");
    cmd->add_option("--images", a->images, "Image features .safetensors")->required();
    cmd->add_option("--texts", a->texts, "Text features .safetensors (Reed captions or LLM descriptions)");
    cmd->add_option("--converter", a->converter, "Converter checkpoint (default: raw text features)");
    cmd->add_option("--text-source", a->text_source, "reed or llm")->check(CLI::IsMember({"reed", "llm"}))->capture_default_str();
    cmd->add_option("--caption-use", a->caption_use, "all or one-per-epoch")
        ->check(CLI::IsMember({"all", "one-per-epoch"}))
        ->capture_default_str();
    cmd->add_option("--image-ratio", a->plan.image_ratio, "Fraction of each class's images kept as images")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd->add_option("--per-class-ratios", a->per_class_ratios, "JSON: {class name or index: ratio} or [ratios]");
    cmd->add_option("--sampling", a->sampling, "per-class or global")
        ->check(CLI::IsMember({"per-class", "global"}))
        ->capture_default_str();
    cmd->add_option("--seed", a->plan.seed)->capture_default_str();
    cmd->add_option("--val-fraction", a->plan.val_fraction, "Validation carved from each class's training images")
        ->capture_default_str();
    cmd->add_flag("--image-only", a->image_only, "Drop the text samples (the plan's image-only column)");
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
    auto* cmd = app.add_subcommand("zero-shot", "Zero-shot classification of the test images from class prompts");
    cmd->add_option("--images", a->images, "Image features .safetensors")->required();
    cmd->add_option("--model", a->model, "CLIP weights, to encode the class prompts");
    cmd->add_option("--vocab", a->vocab, "CLIP BPE vocabulary (bpe_simple_vocab_16e6.txt.gz)");
    cmd->add_option("--templates", a->templates, "Prompt templates with {} for the class name")->expected(1, -1);
    cmd->add_option("--descriptors", a->descriptors, "JSON {class name: [descriptors]}: '{class}, which has {descriptor}'");
    cmd->add_option("--class-texts", a->class_texts, "Class-level text features .safetensors (instead of --model)");
    cmd->add_option("--device", a->device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--threads", a->threads, "LibTorch intra-op threads (0: default)");
    cmd->add_flag("--json", a->json, "Print the result as JSON");
    cmd->callback([a] { run_zero_shot(*a); });
  }
});

}  // namespace
}  // namespace plumage::cli
