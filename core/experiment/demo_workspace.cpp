#include "core/experiment/demo_workspace.h"

#include "core/data/demo/demo_dataset.h"
#include "core/data/tokenizer/tokenizer.h"
#include "core/engine/build_info.h"
#include "core/data/cub.h"
#include "core/data/image/clip_preprocess.h"
#include "core/data/reed_captions.h"
#include "core/engine/clip/clip_model.h"
#include "core/engine/clip/clip_train.h"
#include "core/engine/safetensors.h"
#include "core/engine/train/converter.h"
#include "core/engine/train/feature_sets.h"
#include "core/engine/train/json.h"
#include "core/experiment/demo_vocab.h"
#include "core/experiment/engine_run.h"
#include "core/experiment/results_table.h"
#include "core/experiment/runner.h"
#include "core/experiment/sweep_config.h"
#include "core/experiment/sweep_job.h"
#include "core/features/extract_jobs.h"
#include "core/json/parse_limited.h"
#include "core/store/run_store.h"
#include "core/store/store_reader.h"

#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace plumage::experiment {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string read_text(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) throw std::runtime_error(p.string() + ": cannot read");
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  const fs::path tmp = p.string() + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    if (!f.flush()) throw std::runtime_error(tmp.string() + ": cannot write");
  }
  fs::rename(tmp, p);
}

// Every string in a JSON document (the description texts).
void collect_strings(const nlohmann::json& j, std::vector<std::string>& out) {
  if (j.is_string()) out.push_back(j.get<std::string>());
  else if (j.is_structured())
    for (const auto& v : j) collect_strings(v, out);
}

class Steps {
 public:
  Steps(DemoWorkspaceResult& r, const DemoProgressFn& progress, int total) : r_(r), progress_(progress), total_(total) {}
  void add(const std::string& name, bool cached, Clock::time_point t0, const std::string& detail) {
    DemoStep s{name, cached, since(t0), detail};
    r_.steps.push_back(s);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f s", s.seconds);
    say("[" + std::to_string(r_.steps.size()) + "/" + std::to_string(total_) + "] " + name + ": " +
        (cached ? "cached" : "done") + " in " + buf + (detail.empty() ? "" : " (" + detail + ")"));
  }
  void say(const std::string& line) const {
    if (progress_) progress_(line, static_cast<int>(r_.steps.size()), total_);
  }

 private:
  DemoWorkspaceResult& r_;
  const DemoProgressFn& progress_;
  int total_;
};

nlohmann::json dataset_identity(const DemoWorkspaceOptions& o) {
  return {{"classes", o.classes}, {"images_per_class", o.images_per_class}, {"image_size", o.image_size},
          {"seed", o.seed}};
}

const char* const kDatasetMarker = ".plumage-demo.json";

// dataset/: generated once; a marker written last says it is complete.
bool ensure_dataset(const DemoWorkspaceOptions& o, const fs::path& dir) {
  const fs::path marker = dir / kDatasetMarker;
  const nlohmann::json want = dataset_identity(o);
  if (fs::exists(marker)) {
    nlohmann::json have;
    try {
      have = jsonio::read_file(marker.string(), jsonio::kConfig);
    } catch (const jsonio::Error& e) {
      throw std::runtime_error(e.what());
    }
    if (have == want) return true;
    throw std::runtime_error(dir.string() + ": holds a demo dataset made with other options (" + have.dump() +
                             "); delete it or use another workspace");
  }
  if (fs::exists(dir) && !fs::is_empty(dir) && !o.replace_unfinished_dataset)
    throw std::runtime_error(dir.string() + ": exists but is not a finished demo dataset (no " +
                             marker.filename().string() + "); delete it or use another workspace");
  fs::remove_all(dir);
  data::DemoOptions d;
  d.classes = o.classes;
  d.images_per_class = o.images_per_class;
  d.image_size = o.image_size;
  d.seed = o.seed;
  data::make_demo_dataset(dir.string(), d);
  write_text(marker, want.dump());
  return false;
}

// The demo texts: every Reed caption file and every description string.
std::vector<std::string> demo_corpus(const fs::path& dataset) {
  std::vector<std::string> texts;
  for (const auto& e : fs::recursive_directory_iterator(dataset / "text_c10"))
    if (e.is_regular_file() && e.path().extension() == ".txt") texts.push_back(read_text(e.path()));
  const fs::path desc = dataset / "descriptions.json";
  try {
    collect_strings(jsonio::read_file(desc.string(), jsonio::kData), texts);
  } catch (const jsonio::Error& e) {
    throw std::runtime_error(e.what());
  }
  return texts;
}

clip::ClipConfig model_config(const DemoWorkspaceOptions& o, int64_t vocab_size) {
  clip::ClipConfig c;
  c.embed_dim = o.embed_dim;
  c.image_resolution = o.image_resolution;
  c.vision_patch_size = o.patch_size;
  c.vision_width = o.width;
  c.vision_layers = o.layers;
  c.vision_heads = std::max(1, o.width / 32);
  c.vision_mlp_width = 4 * o.width;
  c.context_length = 77;
  c.vocab_size = vocab_size;
  c.text_width = o.width;
  c.text_heads = std::max(1, o.width / 32);
  c.text_layers = o.layers;
  c.text_mlp_width = 4 * o.width;
  c.validate();
  return c;
}

const char* const kTrainedKind = "demo-trained-clip";
const char* const kRandomKind = "demo-random-clip";

clip::ClipTrainOptions clip_train_options(const DemoWorkspaceOptions& o) {
  clip::ClipTrainOptions t;
  t.epochs = o.clip_epochs;
  t.batch_size = o.clip_batch_size;
  t.lr = o.clip_lr;
  t.seed = o.seed;
  return t;
}

// What the model is made from: a different dataset, vocabulary, architecture
// or training setting means a different model. Stored in its metadata.
std::string model_key(const DemoWorkspaceOptions& o, const clip::ClipConfig& cfg) {
  nlohmann::json j = {{"dataset", dataset_identity(o)},
                      {"bpe_merges", o.bpe_merges},
                      {"config", nlohmann::json::parse(cfg.to_json())},
                      {"seed", o.seed}};
  if (o.clip_epochs > 0) {
    const auto t = clip_train_options(o);
    j["training"] = {{"epochs", t.epochs},           {"batch_size", t.batch_size}, {"lr", t.lr},
                     {"weight_decay", t.weight_decay}, {"warmup", t.warmup_fraction}, {"shift", t.shift},
                     {"brightness", t.brightness},     {"split", "train"}};
  }
  return j.dump();
}

// True when `path` is the model `key` describes, complete and loadable.
bool model_is_current(const fs::path& path, const clip::ClipConfig& want, const std::string& kind,
                      const std::string& key) {
  if (!fs::exists(path)) return false;
  try {
    {
      st::File f(path.string());
      if (f.meta("plumage.kind") != kind || f.meta("plumage.demo_key") != key) return false;
    }
    clip::LoadOptions lo;
    lo.compute_hash = false;
    return clip::load_clip(path.string(), lo).config() == want;
  } catch (const std::exception&) {
    return false;  // unreadable, foreign or another architecture: made again
  }
}

// The training pairs: every TRAINING image (CLIP-preprocessed at the model's
// resolution, as feature extraction does) with its captions as token ids.
clip::ClipTrainData demo_training_pairs(const fs::path& dataset, const data::ClipTokenizer& tok,
                                       const clip::ClipConfig& cfg) {
  const data::Dataset ds = data::read_cub(dataset.string());
  const data::ImageCaptions caps = data::read_reed_captions(ds, (dataset / "text_c10").string());
  std::vector<size_t> train;
  size_t k = SIZE_MAX;
  for (size_t i = 0; i < ds.images.size(); ++i)
    if (ds.images[i].is_train) {
      train.push_back(i);
      k = std::min(k, caps.per_image[i].size());
    }
  if (train.size() < 2 || k == 0 || k == SIZE_MAX)
    throw std::runtime_error(dataset.string() + ": the demo dataset has no training images with captions");
  const int64_t n = static_cast<int64_t>(train.size()), r = cfg.image_resolution, len = cfg.context_length;
  clip::ClipTrainData d;
  d.pixels = at::empty({n, 3, r, r}, at::kFloat);
  d.captions = at::zeros({n, static_cast<int64_t>(k), len}, at::kLong);
  auto* ids = d.captions.data_ptr<int64_t>();
  for (int64_t row = 0; row < n; ++row) {
    const size_t i = train[static_cast<size_t>(row)];
    data::clip_preprocess_file(ds.image_path(ds.images[i]), static_cast<int>(r), d.pixels[row].data_ptr<float>());
    for (size_t c = 0; c < k; ++c) {
      const auto t = tok.context_ids(caps.per_image[i][c], static_cast<size_t>(len), data::Overflow::Truncate);
      std::copy(t.begin(), t.end(), ids + (row * static_cast<int64_t>(k) + static_cast<int64_t>(c)) * len);
    }
  }
  return d;
}

// model/model.safetensors: trained on the training pairs (or random weights
// with clip_epochs = 0), the architecture and the key in its metadata.
bool ensure_model(const DemoWorkspaceOptions& o, const clip::ClipConfig& want, const fs::path& dataset,
                  const data::ClipTokenizer& tok, const fs::path& path, const Steps& steps, std::string& detail,
                  const std::atomic<bool>* cancel) {
  const std::string key = model_key(o, want);
  const bool train = o.clip_epochs > 0;
  if (model_is_current(path, want, train ? kTrainedKind : kRandomKind, key)) return true;
  const auto weights = clip::random_clip_weights(want, o.seed);
  if (!train) {
    st::NamedTensors named(weights.begin(), weights.end());
    st::save(path.string(), named, {{"config", want.to_json()}, {"plumage.kind", kRandomKind}, {"plumage.demo_key", key}});
    return false;
  }
  const clip::ClipTrainData pairs = demo_training_pairs(dataset, tok, want);
  const auto result = clip::train_clip(
      want, weights, pairs, clip_train_options(o),
      [&](int epoch, int epochs, double loss) {
        if (epoch % 10 != 0 && epoch != 1 && epoch != epochs) return;
        char buf[96];
        std::snprintf(buf, sizeof buf, "  CLIP epoch %d/%d: loss %.3f", epoch, epochs, loss);
        steps.say(buf);
      },
      cancel);
  if (result.cancelled) throw RunCancelled();
  clip::save_trained_clip(path.string(), want, result, kTrainedKind, {{"plumage.demo_key", key}});
  char buf[160];
  std::snprintf(buf, sizeof buf, "%lld pairs, %d epochs, loss %.2f -> %.2f, ", static_cast<long long>(result.record.pairs),
                result.record.epochs, result.record.first_loss, result.record.final_loss);
  detail = buf;
  return false;
}

void check_extract(const features::ExtractReport& r, const std::atomic<bool>* cancel) {
  if (r.cancelled || (cancel && cancel->load())) throw RunCancelled();
}

nlohmann::json sweep_json(const DemoWorkspaceOptions& o) {
  nlohmann::json adapter = {{"epochs", o.adapter_epochs}, {"batch_size", 32}, {"lr", o.adapter_lr}, {"optimizer", "adam"},
                            {"weight_decay", 0.0}, {"select_best_on_val", true}};
  nlohmann::json exclude = nlohmann::json::array();
  exclude.push_back({{"image_ratio", 1.0}, {"text_source", {"reed", "llm"}}});
  // Image only at every ratio with images left: the drop as images are
  // removed is the baseline the text sources are measured against.
  for (double r : o.ratios)
    if (r <= 0.0) exclude.push_back({{"image_ratio", r}, {"text_source", "none"}});
  return {{"name", "demo-thesis"},
          {"description", o.clip_epochs > 0 ? "Reduced thesis table on the demo dataset with a small CLIP trained on "
                                              "the demo's training images and captions (demo numbers)"
                                            : "Reduced thesis table on the demo dataset with a random-weight CLIP model"},
          {"base",
           {{"method", "adapter"},
            {"features",
             {{"image", "cache/features/images.safetensors"},
              {"text",
               {{"reed", "cache/features/reed.safetensors"}, {"llm", "cache/features/descriptions.safetensors"}}}}},
            {"converter", "converters/" + o.converter + ".safetensors"},
            {"sampling", "per-class"},
            {"caption_use", "one-per-epoch"},
            {"val_fraction", 0.1},
            {"adapter", adapter},
            {"device", "cpu"}}},
          {"grid", {{"image_ratio", o.ratios}, {"text_source", {"none", "reed", "llm"}}, {"seed", o.seeds}}},
          {"exclude", exclude},
          {"table", {{"rows", "image_ratio"}, {"columns", "text_source"}, {"metric", "test_top1"}}}};
}

}  // namespace

DemoLayout demo_layout(const std::string& workspace) {
  const fs::path ws = fs::absolute(workspace);
  DemoLayout l;
  l.dataset = (ws / "dataset").string();
  l.captions = (ws / "dataset" / "text_c10").string();
  l.descriptions = (ws / "dataset" / "descriptions.json").string();
  l.features = (ws / "cache" / "features").string();
  l.converters = (ws / "converters").string();
  l.store = (ws / "workspace.sqlite").string();
  l.results = (ws / "results.md").string();
  return l;
}

bool has_demo_dataset(const std::string& workspace) {
  std::error_code ec;
  return fs::is_regular_file(fs::path(demo_layout(workspace).dataset) / kDatasetMarker, ec);
}

bool demo_workspace_finished(const std::string& workspace) {
  std::error_code ec;
  return fs::is_regular_file(demo_layout(workspace).results, ec);
}

DemoWorkspaceResult run_demo_workspace(const DemoWorkspaceOptions& o, const DemoProgressFn& progress,
                                       const std::atomic<bool>* cancel) {
  const auto t_all = Clock::now();
  if (o.threads > 0) at::set_num_threads(o.threads);
  DemoWorkspaceResult r;
  Steps steps(r, progress, 10);
  const fs::path ws = fs::absolute(o.workspace);
  const DemoLayout layout = demo_layout(o.workspace);
  fs::create_directories(ws);
  const auto cancelled = [&] { return cancel && cancel->load(); };
  const auto finish_cancelled = [&] {
    r.cancelled = true;
    r.seconds = since(t_all);
    return r;
  };

  // 1. Dataset.
  const fs::path dataset = layout.dataset;
  auto t0 = Clock::now();
  bool cached = ensure_dataset(o, dataset);
  steps.add("dataset", cached, t0,
            std::to_string(o.classes) + " classes x " + std::to_string(o.images_per_class) + " images");
  if (cancelled()) return finish_cancelled();

  // 2. Vocabulary.
  const fs::path model_dir = ws / "model";
  t0 = Clock::now();
  cached = false;
  if (fs::exists(model_dir / "vocab.json") && fs::exists(model_dir / "merges.txt")) {
    try {
      data::ClipTokenizer::from_hf((model_dir / "vocab.json").string(), (model_dir / "merges.txt").string());
      cached = true;
    } catch (const std::runtime_error&) {
      // unreadable: learned again below
    }
  }
  if (!cached)
    write_hf_vocabulary(learn_bpe_vocabulary(demo_corpus(dataset), static_cast<size_t>(o.bpe_merges)),
                        model_dir.string());
  const auto tok =
      data::ClipTokenizer::from_hf((model_dir / "vocab.json").string(), (model_dir / "merges.txt").string());
  steps.add("vocabulary", cached, t0,
            std::to_string(tok.vocab_size()) + " tokens, " + std::to_string(tok.merge_count()) + " merges");

  // 3. Model.
  t0 = Clock::now();
  const clip::ClipConfig cfg = model_config(o, static_cast<int64_t>(tok.vocab_size()));
  const fs::path model = model_dir / "model.safetensors";
  std::string model_detail;
  try {
    cached = ensure_model(o, cfg, dataset, tok, model, steps, model_detail, cancel);
  } catch (const RunCancelled&) {
    return finish_cancelled();
  }
  steps.add(o.clip_epochs > 0 ? "trained CLIP model" : "random CLIP model", cached, t0,
            model_detail + clip::describe(cfg));
  if (cancelled()) return finish_cancelled();

  if (o.converter != "ridge" && o.converter != "qformer")
    throw std::invalid_argument("demo converter must be 'ridge' or 'qformer', not '" + o.converter + "'");
  const bool use_qformer = o.converter == "qformer";

  // 4-7. Features (each extractor skips work when its cache key matches).
  const fs::path feat = layout.features;
  fs::create_directories(feat);
  features::ImageExtractRequest ir;
  ir.model_path = model.string();
  ir.dataset_root = dataset.string();
  ir.out_path = (feat / "images.safetensors").string();
  ir.device.device = "cpu";
  ir.cancel = cancel;
  t0 = Clock::now();
  const auto images_report = features::extract_image_features(ir);
  check_extract(images_report, cancel);
  steps.add("image features", images_report.up_to_date, t0, std::to_string(images_report.rows) + " images");

  const auto texts = [&](features::TextSource source, const fs::path& input, const std::string& out,
                         const std::string& what) {
    features::TextExtractRequest tr;
    tr.model_path = model.string();
    tr.source = source;
    tr.input = input.string();
    tr.dataset_root = dataset.string();
    tr.out_path = (feat / out).string();
    tr.device.device = "cpu";
    // The Q-Former reads per-token outputs; class prompts are only averaged into class weights.
    tr.with_tokens = use_qformer && source != features::TextSource::Prompts;
    tr.cancel = cancel;
    const auto t = Clock::now();
    auto rep = features::extract_text_features(tr);
    check_extract(rep, cancel);
    steps.add(what, rep.up_to_date, t, std::to_string(rep.rows) + (tr.with_tokens ? " texts, with tokens" : " texts"));
    return rep;
  };
  const auto reed_report = texts(features::TextSource::Reed, layout.captions, "reed.safetensors", "caption features");
  const auto desc_report =
      texts(features::TextSource::Descriptions, layout.descriptions, "descriptions.safetensors",
            "description features");
  texts(features::TextSource::Prompts, {}, "prompts.safetensors", "class prompt features");  // zero-shot baseline

  // 8. Converter on the caption/image pairs. A sidecar written after
  // training records what it was trained on.
  t0 = Clock::now();
  train::ConverterConfig cc;
  cc.kind = use_qformer ? train::ConverterKind::QFormer : train::ConverterKind::Ridge;
  cc.device = "cpu";
  cc.seed = o.seed;
  cc.qformer.num_queries = 4;
  cc.qformer.num_layers = 2;
  cc.qformer.hidden = 64;
  cc.qformer.heads = 2;
  cc.qformer.ffn = 128;
  cc.qformer.epochs = o.converter_epochs;
  cc.qformer.batch_size = 64;
  cc.qformer.lr = 1e-3;
  cc.qformer.warmup_steps = 20;
  nlohmann::json cc_json;
  train::to_json(cc_json, cc);
  const nlohmann::json trained_on = {
      {"images", images_report.cache_key}, {"texts", reed_report.cache_key}, {"config", cc_json}};
  const std::string conv_name = train::to_string(cc.kind);
  const fs::path conv = fs::path(layout.converters) / (conv_name + ".safetensors");
  const fs::path conv_sidecar = fs::path(layout.converters) / (conv_name + ".trained-on.json");
  cached = false;
  if (fs::exists(conv) && fs::exists(conv_sidecar)) {
    try {
      cached = jsonio::read_file(conv_sidecar.string(), jsonio::kConfig) == trained_on;
    } catch (const std::exception&) {
      cached = false;
    }
  }
  std::string conv_detail;
  if (!cached) {
    fs::create_directories(conv.parent_path());
    fs::remove(conv_sidecar);
    const auto imgs = train::load_image_features(images_report.out_path);
    const auto caps = train::load_text_features(reed_report.out_path, imgs.num_classes());
    const fs::path tmp = conv.string() + ".training";
    try {
      auto trained = train::train_converter(cc, imgs, caps, "", {}, cancel);
      train::save_converter(tmp.string(), *trained.converter, trained.result);
      fs::rename(tmp, conv);
      char buf[96];
      std::snprintf(buf, sizeof buf, "val cosine %.3f, R@1 %.3f", trained.result.val.cosine, trained.result.val.r_at_1);
      conv_detail = buf;
    } catch (const std::exception&) {
      if (cancelled()) return finish_cancelled();
      throw;
    }
    write_text(conv_sidecar, trained_on.dump(1));
  }
  steps.add(conv_name + " converter", cached, t0, conv_detail.empty() ? conv.filename().string() : conv_detail);
  if (cancelled()) return finish_cancelled();

  // 9. Sweep, resumable in workspace.sqlite.
  t0 = Clock::now();
  const fs::path sweep_file = ws / "sweep.json";
  write_text(sweep_file, sweep_json(o).dump(2) + "\n");
  FileHashCache files;
  const SweepPlan plan = plan_sweep_file(sweep_file.string(), files);
  const fs::path db = layout.store;
  SweepOutcome out;
  {
    store::RunStore store(db.string());
    SweepJobParams ro;
    ro.cancel = cancel;
    ro.device = "cpu";
    ro.on_event = [&](const RunEvent& e) {
      if (e.kind == RunEvent::Started || e.kind == RunEvent::Skipped) return;
      char buf[48];
      std::snprintf(buf, sizeof buf, " in %.1f s", e.seconds);
      const char* what = e.kind == RunEvent::Finished ? "done" : e.kind == RunEvent::Failed ? "FAILED" : "cancelled";
      steps.say("  run " + std::to_string(e.index) + "/" + std::to_string(e.total) + " " + e.run->assignment.dump() +
                ": " + what + buf + (e.detail.empty() ? "" : " (" + e.detail + ")"));
    };
    out = execute_sweep(store, plan, ro);
  }
  r.runs_planned = out.planned;
  r.runs_already_done = out.already_done;
  r.runs_done_now = out.done;
  r.runs_failed = out.failed;
  steps.add("sweep", out.done == 0 && out.failed == 0 && out.already_done == out.planned, t0,
            std::to_string(out.planned) + " runs: " + std::to_string(out.already_done) + " already done, " +
                std::to_string(out.done) + " done now, " + std::to_string(out.failed) + " failed");
  if (cancelled() || out.cancelled > 0) return finish_cancelled();

  // 10. Tables.
  t0 = Clock::now();
  store::StoreReader reader(db.string());
  TableQuery q;
  q.spec = plan.table;
  const ResultsTable table = build_results_table(reader, out.sweep_id, q);
  r.markdown = table_to_markdown(table);
  r.markdown_path = layout.results;
  r.latex_path = (ws / "results.tex").string();
  write_text(r.latex_path,
             table_to_latex(table,
                            std::string("Demo: test top-1 (%) of the adapter on ") +
                                (o.clip_epochs > 0 ? "the demo-trained CLIP's" : "random-weight CLIP") +
                                " features, mean and std over seeds",
                            false));
  write_text(r.markdown_path, r.markdown);  // last: demo_workspace_finished() looks for it
  steps.add("tables", false, t0, r.markdown_path + ", " + r.latex_path);
  r.seconds = since(t_all);
  return r;
}

}  // namespace plumage::experiment
