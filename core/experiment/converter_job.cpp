#include "core/experiment/converter_job.h"

#include "core/engine/train/converter.h"
#include "core/engine/train/feature_sets.h"
#include "core/experiment/clip_model_check.h"
#include "core/experiment/feature_header.h"
#include "core/experiment/heartbeat.h"
#include "core/experiment/job_errors.h"
#include "core/experiment/run_key.h"
#include "core/experiment/runner.h"
#include "core/experiment/runtime.h"
#include "core/json/parse_limited.h"
#include "core/store/run_store.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

namespace plumage::experiment {
namespace fs = std::filesystem;

namespace {

bool exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

std::string file_name(const std::string& path) { return fs::path(path).filename().string(); }

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The inputs whose CLIP model must agree: images, texts, a checkpoint to continue.
std::vector<ModelInput> model_inputs(const ConverterJobParams& r) {
  std::vector<ModelInput> in;
  if (!r.image_path.empty() && exists(r.image_path)) in.push_back({"images", r.image_path});
  if (!r.text_path.empty() && exists(r.text_path)) in.push_back({"texts", r.text_path});
  if (!r.config.resume_from.empty() && exists(r.config.resume_from)) in.push_back({"resume", r.config.resume_from});
  if (!r.val_image_path.empty() && exists(r.val_image_path)) in.push_back({"validation images", r.val_image_path});
  if (!r.val_text_path.empty() && exists(r.val_text_path)) in.push_back({"validation texts", r.val_text_path});
  return in;
}

}  // namespace

const char* converter_run_job() { return "train_converter"; }

std::vector<std::string> converter_job_notes(const ConverterJobParams& r) {
  return check_one_clip_model(model_inputs(r)).notes;
}

std::vector<JobProblem> check_converter_job(const ConverterJobParams& r) {
  std::vector<JobProblem> p;
  auto add = [&](JobProblem::Code code, std::string message, std::vector<std::string> args = {}) {
    p.push_back({code, std::move(message), std::move(args)});
  };
  if (r.config.kind == ConverterKind::Identity)
    add(JobProblem::NothingToTrain,
        "The identity converter has nothing to train; choose mean shift, noise, ridge or Q-Former.");
  if (r.image_path.empty()) add(JobProblem::NoImageFile, "Choose the image feature file.");
  else if (!exists(r.image_path))
    add(JobProblem::ImageFileMissing, "Image feature file not found: " + r.image_path, {r.image_path});
  if (r.text_path.empty()) add(JobProblem::NoTextFile, "Choose the text feature file (texts paired with those images).");
  else if (!exists(r.text_path))
    add(JobProblem::TextFileMissing, "Text feature file not found: " + r.text_path, {r.text_path});
  for (const std::string* v : {&r.val_image_path, &r.val_text_path})
    if (!v->empty() && !exists(*v))
      add(v == &r.val_image_path ? JobProblem::ImageFileMissing : JobProblem::TextFileMissing,
          (v == &r.val_image_path ? "Validation image feature file not found: " : "Validation text feature file not found: ") + *v,
          {*v});
  const bool blank_name = std::all_of(r.name.begin(), r.name.end(), [](unsigned char c) { return std::isspace(c); });
  if (blank_name) add(JobProblem::NoName, "Give the converter a name.");
  if (!r.config.resume_from.empty() && !exists(r.config.resume_from))
    add(JobProblem::ResumeMissing, "The checkpoint to continue from is gone: " + r.config.resume_from,
        {r.config.resume_from});
  if (r.output_path.empty()) add(JobProblem::NoOutput, "No output file.");
  else if (!r.overwrite && exists(r.output_path))
    add(JobProblem::OutputExists, file_name(r.output_path) + " already exists; choose another name.",
        {file_name(r.output_path)});
  for (const ModelMismatch& m : check_one_clip_model(model_inputs(r)).mismatches)
    add(JobProblem::MixedClipModels, m.message, {file_name(m.a.path), m.model_a, file_name(m.b.path), m.model_b});
  if (r.config.kind == ConverterKind::Ridge && !(r.config.ridge_lambda > 0))
    add(JobProblem::RidgeLambda, "Ridge lambda must be greater than 0.");
  if (r.config.kind == ConverterKind::Noise && !(r.config.noise_sigma >= 0))
    add(JobProblem::NoiseSigma, "Noise sigma must not be negative.");
  if (r.config.kind == ConverterKind::QFormer) {
    const QFormerConfig& q = r.config.qformer;
    if (q.num_queries < 1 || q.num_layers < 1 || q.epochs < 1 || q.batch_size < 1 || !(q.lr > 0))
      add(JobProblem::QFormerSizes,
          "Q-Former: queries, layers, epochs and batch size must be at least 1 and the learning rate above 0.");
    if (q.heads < 1 || q.hidden % q.heads != 0)
      add(JobProblem::QFormerHeads,
          "Q-Former: the hidden size (" + std::to_string(q.hidden) + ") must be a multiple of the number of heads (" +
              std::to_string(q.heads) + ").",
          {std::to_string(q.hidden), std::to_string(q.heads)});
  }
  return p;
}

std::string describe(const ConverterProgress& p) {
  switch (p.stage) {
    case ConverterProgress::LoadingImages:
    case ConverterProgress::LoadingTexts: return "Loading " + p.file;
    case ConverterProgress::Fitting: return "Fitting";
    case ConverterProgress::Training: return "Training the Q-Former";
    case ConverterProgress::Epoch: {
      char buf[96];
      std::snprintf(buf, sizeof buf, "Epoch %d of %d, loss %.4g", p.epoch, p.epochs, p.loss);
      return buf;
    }
    case ConverterProgress::Done: return "Done";
  }
  return {};
}

namespace {

ConverterJobOutcome train_converter(const ConverterJobParams& r, const ConverterJobCallbacks& cb) {
  if (const auto problems = check_converter_job(r); !problems.empty()) {
    std::string all;
    for (const auto& p : problems) all += (all.empty() ? "" : "\n") + p.message;
    throw std::invalid_argument(all);
  }
  auto progress = [&](ConverterProgress p) {
    if (cb.progress) cb.progress(p);
  };
  auto check_cancel = [&] {
    if (cb.cancel && cb.cancel->load()) throw RunCancelled();
  };
  const ConverterConfig& cfg = r.config;
  progress({ConverterProgress::LoadingImages, file_name(r.image_path)});
  const train::ImageFeatureSet train_images = train::load_pair_image_features(r.image_path);
  check_cancel();
  progress({ConverterProgress::LoadingTexts, file_name(r.text_path)});
  const train::TextFeatureSet train_texts = train::load_pair_text_features(r.text_path);
  check_cancel();
  // Separate validation files: every pair of them validates; the sets stay
  // apart (a token file may be larger than memory).
  if (r.val_image_path.empty() != r.val_text_path.empty())
    throw std::invalid_argument("validation pairs need both files: validation image features and validation texts");
  train::ImageFeatureSet val_images;
  train::TextFeatureSet val_texts;
  std::optional<train::SeparatePairs> separate;
  if (!r.val_image_path.empty()) {
    progress({ConverterProgress::LoadingImages, file_name(r.val_image_path)});
    val_images = train::load_pair_image_features(r.val_image_path);
    progress({ConverterProgress::LoadingTexts, file_name(r.val_text_path)});
    val_texts = train::load_pair_text_features(r.val_text_path);
    separate = train::separate_validation_pairs(r.config, train_images, train_texts, val_images, val_texts);
    check_cancel();
  }
  const train::ImageFeatureSet& images = train_images;
  const train::TextFeatureSet& texts = train_texts;

  // What it trains on, kept in the checkpoint (the engine adds the split,
  // pair counts and CLIP model).
  train::ConverterTrainingData record;
  {
    FileHashCache files;
    record.image_file = fs::absolute(r.image_path).string();
    record.text_file = fs::absolute(r.text_path).string();
    record.image_hash = files.hash(r.image_path);
    record.text_hash = files.hash(r.text_path);
  }
  check_cancel();

  std::string name = r.name;
  name.erase(0, name.find_first_not_of(" \t\r\n"));
  name.erase(name.find_last_not_of(" \t\r\n") + 1);
  std::unique_ptr<store::RunStore> store;
  int64_t run_id = 0;
  std::string key;
  nlohmann::json cfg_json;
  train::to_json(cfg_json, cfg);
  const nlohmann::json run_config = {{"job", converter_run_job()},
                                     {"name", name},
                                     {"converter", cfg_json},
                                     {"features", r.val_image_path.empty()
                                                      ? nlohmann::json{{"image", r.image_path}, {"text", r.text_path}}
                                                      : nlohmann::json{{"image", r.image_path},
                                                                       {"text", r.text_path},
                                                                       {"val_image", r.val_image_path},
                                                                       {"val_text", r.val_text_path}}},
                                     {"output", r.output_path},
                                     {"seed", cfg.seed}};
  if (!r.store_path.empty()) {
    store = std::make_unique<store::RunStore>(r.store_path);
    // Every training is its own event (a Q-Former is not bit-reproducible
    // across devices), so the key includes when it started.
    const std::string hash = json_hash({{"config", run_config}, {"started_ms", now_ms()}});
    key = "c" + hash.substr(hash.find(':') + 1, 20);
    run_id = store->ensure_run(0, 0, key, int64_t(cfg.seed), run_config);
    if (!store->claim_run(run_id, {resolve_device(cfg.device), plumage_version(), torch_version()}))
      throw std::runtime_error("run store: could not claim the new run " + key);
  }
  auto end_run = [&](store::RunStatus status, const std::string& why) {
    if (store) {
      store->end_run(run_id, status, why);
      store->flush();
    }
  };

  const std::string tmp = r.output_path + ".training";
  std::error_code ec;
  if (const fs::path dir = fs::absolute(r.output_path).parent_path(); !dir.empty()) fs::create_directories(dir, ec);
  fs::remove(tmp, ec);
  const int epochs = cfg.kind == ConverterKind::QFormer ? cfg.qformer.epochs : 0;
  progress({epochs > 0 ? ConverterProgress::Training : ConverterProgress::Fitting, "", 0, epochs});
  auto on_metric = [&](int epoch, const std::string& k, double value) {
    if (store) store->log_metric(run_id, k, epoch, value);
    if (cb.metric) cb.metric(epoch, k, value);
    if (epochs > 0 && epoch > 0 && k == "train_loss") progress({ConverterProgress::Epoch, "", epoch, epochs, value});
  };
  train::TrainedConverter trained;
  try {
    std::unique_ptr<HeartbeatTicker> beat;
    if (store) {
      beat = std::make_unique<HeartbeatTicker>(*store, std::chrono::seconds(10));
      beat->add(run_id);
    }
    trained = train::train_converter(cfg, images, texts, tmp, on_metric, cb.cancel, record,
                                     separate ? &separate->train : nullptr, separate ? &separate->val : nullptr);
  } catch (const train::Cancelled&) {
    fs::remove(tmp, ec);
    end_run(store::RunStatus::Cancelled, "cancelled by the user");
    throw RunCancelled();
  } catch (const std::exception& e) {
    fs::remove(tmp, ec);
    end_run(store::RunStatus::Failed, e.what());
    throw;
  }
  fs::rename(tmp, r.output_path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    const std::string why = "cannot move " + tmp + " to " + r.output_path + ": " + ec.message();
    end_run(store::RunStatus::Failed, why);
    throw std::runtime_error(why);
  }

  ConverterJobOutcome out;
  out.path = r.output_path;
  out.kind = to_string(cfg.kind);
  out.name = name;
  out.run_id = run_id;
  out.run_key = key;
  out.result = trained.result;
  if (store) {
    const ConverterResult& res = trained.result;
    store::RunResult result;
    result.metrics = {{"val_cosine", res.val.cosine},   {"val_r1", res.val.r_at_1},
                      {"val_r5", res.val.r_at_5},       {"val_mse", res.val.mse},
                      {"val_pairs", res.val.pairs},     {"train_cosine", res.train.cosine},
                      {"train_pairs", res.train.pairs}, {"modality_gap", res.val.modality_gap},
                      {"epochs_run", res.epochs_run},   {"seconds", res.seconds},
                      {"test_image_pairs", res.training_data.test_image_pairs},
                      {"test_pairs_left_out", res.training_data.test_pairs_left_out}};
    store->add_artifact(run_id, "converter", fs::absolute(r.output_path).string(), "");
    store->finish_run(run_id, result);
    store->flush();
  }
  progress({ConverterProgress::Done});
  return out;
}

}  // namespace

ConverterJobOutcome train_converter_job(const ConverterJobParams& params, const ConverterJobCallbacks& callbacks) {
  try {
    return train_converter(params, callbacks);
  } catch (...) {
    rethrow_classified();
  }
}

ResumableCheckpoint read_resumable_checkpoint(const std::string& path) {
  const std::string name = file_name(path);
  FeatureFileInfo info;
  try {
    info = read_feature_file_info(path);
  } catch (const std::exception& e) {
    throw CheckpointError(CheckpointError::Unreadable, name, e.what());
  }
  const auto config = info.metadata.find("config");
  if (config == info.metadata.end())
    throw CheckpointError(CheckpointError::NoConfig, name, name + " is not a converter checkpoint (no config).");
  ResumableCheckpoint r;
  try {
    r.config = jsonio::parse(config->second, "metadata 'config'", jsonio::kData).get<ConverterConfig>();
  } catch (const std::exception& e) {
    throw CheckpointError(CheckpointError::Unreadable, name, name + ": config: " + e.what());
  }
  if (r.config.kind != ConverterKind::QFormer)
    throw CheckpointError(CheckpointError::NotQFormer, name, name + " is not a Q-Former checkpoint.");
  if (std::find(info.tensor_names.begin(), info.tensor_names.end(), "train.epoch") == info.tensor_names.end())
    throw CheckpointError(CheckpointError::NoTrainingState, name,
                          name + " holds no training state (optimizer, epoch) to continue from.");
  if (const auto result = info.metadata.find("result"); result != info.metadata.end()) {
    try {
      r.epochs = jsonio::parse(result->second, "metadata 'result'", jsonio::kData).value("epochs_run", 0);
    } catch (const std::exception&) {
      r.epochs = 0;  // an unreadable result only loses the epoch count shown
    }
  }
  r.config.resume_from.clear();  // what it resumed from itself does not matter here
  return r;
}

}  // namespace plumage::experiment
