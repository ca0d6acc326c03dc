#include "core/experiment/engine_run.h"

#include "core/experiment/ratio_preview.h"

#include "core/engine/train/adapter_batched.h"
#include "core/engine/train/converter.h"
#include "core/engine/train/device.h"
#include "core/engine/train/feature_sets.h"
#include "core/engine/train/jobs.h"
#include "core/engine/train/json.h"

#include <c10/util/Exception.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <new>

namespace plumage::experiment {
using nlohmann::json;

namespace {

// Loaded inputs, shared by the runs of a process.
class InputCache {
 public:
  std::shared_ptr<const train::ImageFeatureSet> images(const std::string& path) {
    std::lock_guard<std::mutex> lk(mutex_);
    auto& slot = images_[path];
    if (!slot) slot = std::make_shared<train::ImageFeatureSet>(train::load_image_features(require(path)));
    return slot;
  }
  std::shared_ptr<const train::TextFeatureSet> texts(const std::string& path, int64_t num_classes) {
    std::lock_guard<std::mutex> lk(mutex_);
    auto& slot = texts_[path];
    if (!slot) slot = std::make_shared<train::TextFeatureSet>(train::load_text_features(require(path), num_classes));
    return slot;
  }
  // Zero-shot class weights from class-level texts (one tensor per file).
  at::Tensor class_weights(const std::shared_ptr<const train::TextFeatureSet>& texts, int64_t num_classes) {
    std::lock_guard<std::mutex> lk(mutex_);
    auto& slot = class_weights_[texts->path];
    if (!slot.defined()) slot = train::class_weights_from_texts(*texts, num_classes);
    return slot;
  }
  // Text features turned image-like by `converter` ("identity" or a checkpoint).
  at::Tensor converted(const std::shared_ptr<const train::TextFeatureSet>& texts, const std::string& converter) {
    if (converter == "identity") return texts->features;
    std::lock_guard<std::mutex> lk(mutex_);
    auto& slot = converted_[texts->path + "\n" + converter];
    if (!slot.defined()) slot = train::load_converter(require(converter))->convert_all(*texts);
    return slot;
  }

 private:
  static const std::string& require(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw std::runtime_error("missing file: " + path);
    return path;
  }
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<train::ImageFeatureSet>> images_;
  std::map<std::string, std::shared_ptr<train::TextFeatureSet>> texts_;
  std::map<std::string, at::Tensor> converted_;
  std::map<std::string, at::Tensor> class_weights_;
};

train::MetricCallback metric_stream(RunContext& ctx) {
  return [&ctx](int epoch, const std::string& key, double value) {
    if (key.find("loss") != std::string::npos && !std::isfinite(value)) {
      throw std::runtime_error("NaN loss: " + key + " = " + std::to_string(value) + " at epoch " +
                               std::to_string(epoch));
    }
    ctx.log_metric(epoch, key, value);
  };
}

json per_class_json(const train::EvalResult& e, const std::vector<std::string>& classes) {
  return json{{"classes", classes}, {"top1", e.per_class}, {"count", e.class_count}};
}

// Every method evaluates the test split in row order (the rows with
// is_train == 0, ascending), so its i-th prediction is that row's image.
json predictions_json(const train::EvalResult& test, const train::ImageFeatureSet& images) {
  const at::Tensor split = images.is_train.to(at::kByte).contiguous();
  const at::Tensor ids = images.image_ids.to(at::kLong).contiguous();
  const at::Tensor labels = images.labels.to(at::kLong).contiguous();
  std::vector<int64_t> test_ids, test_labels;
  for (int64_t i = 0; i < images.size(); ++i) {
    if (split.data_ptr<uint8_t>()[i] != 0) continue;
    test_ids.push_back(ids.data_ptr<int64_t>()[i]);
    test_labels.push_back(labels.data_ptr<int64_t>()[i]);
  }
  if (test_ids.size() != test.predicted.size())
    throw std::logic_error(images.path + ": " + std::to_string(test.predicted.size()) + " test predictions for " +
                           std::to_string(test_ids.size()) + " test images");
  return json{{"image_ids", test_ids}, {"labels", test_labels}, {"predicted", test.predicted}};
}

store::RunResult from_eval(const train::EvalResult& test, const train::ImageFeatureSet& images) {
  store::RunResult r;
  r.metrics = json{{"test_top1", test.top1}, {"test_top5", test.top5},
                   {"test_mean_per_class", test.mean_per_class}, {"test_count", test.count}};
  r.per_class = per_class_json(test, images.class_names);
  r.confusion = test.confusion;
  r.predictions = predictions_json(test, images);
  return r;
}

store::RunResult from_adapter(const train::AdapterResult& a, const train::ImageFeatureSet& images) {
  store::RunResult r = from_eval(a.test, images);
  if (a.val.count > 0) r.metrics["val_top1"] = a.val.top1;
  r.metrics["best_epoch"] = a.best_epoch;
  r.metrics["epochs_run"] = a.epochs_run;
  r.metrics["train_image_samples"] = a.train_image_samples;
  r.metrics["train_text_samples"] = a.train_text_samples;
  r.metrics["seconds"] = a.seconds;
  return r;
}

train::AdapterConfig adapter_config(const json& cfg) {
  json a = cfg.at("adapter");
  a["seed"] = cfg.at("seed");
  a["device"] = cfg.at("device");
  return a.get<train::AdapterConfig>();
}

// An adapter run's inputs and plan, ready to train (the plan is already stored).
struct PreparedAdapterRun {
  std::shared_ptr<const train::ImageFeatureSet> images;
  std::shared_ptr<const train::TextFeatureSet> texts;
  train::RatioPlan plan;
  train::AdapterInputs inputs;
  train::AdapterConfig config;
};

PreparedAdapterRun prepare_adapter(RunContext& ctx, InputCache& cache) {
  const json& cfg = *ctx.config;
  PreparedAdapterRun p;
  p.images = cache.images(cfg["features"]["image"]);
  const train::RatioPlanConfig pc = ratio_plan_config(cfg, p.images->class_names);

  p.inputs.images = p.images.get();
  if (pc.text_source != train::TextSource::None) {
    const std::string src = cfg.at("text_source");
    p.texts = cache.texts(cfg["features"]["text"][src], p.images->num_classes());
    p.inputs.text_features = cache.converted(p.texts, cfg.at("converter"));
  }
  p.config = adapter_config(cfg);
  if (p.config.init_from_zero_shot) {
    auto class_texts = cache.texts(cfg["features"]["class_text"], p.images->num_classes());
    p.inputs.class_weights = cache.class_weights(class_texts, p.images->num_classes());
  }
  p.plan = train::make_ratio_plan(pc, train::plan_inputs(*p.images, p.texts.get()));
  std::vector<int64_t> ids(p.images->image_ids.data_ptr<int64_t>(),
                           p.images->image_ids.data_ptr<int64_t>() + p.images->size());
  ctx.set_plan(train::plan_to_json(p.plan, ids));
  return p;
}

store::RunResult run_adapter(RunContext& ctx, InputCache& cache) {
  PreparedAdapterRun p = prepare_adapter(ctx, cache);
  return from_adapter(train::train_adapter(p.config, p.plan, p.inputs, metric_stream(ctx), ctx.cancel), *p.images);
}

// The adapter runs of a group (same batch key) trained together. A run whose
// loss turns non-finite fails alone; the others go on.
std::vector<BatchOutcome> run_adapter_group(std::vector<RunContext>& group, InputCache& cache) {
  std::vector<BatchOutcome> out(group.size());
  // A run whose inputs fail to load fails alone, with its reason.
  std::vector<PreparedAdapterRun> prepared;
  std::vector<size_t> members;  // group index of each prepared run
  for (size_t r = 0; r < group.size(); ++r) {
    try {
      PreparedAdapterRun p = prepare_adapter(group[r], cache);
      train::AdapterRunSpec spec;
      spec.plan = &p.plan;
      spec.text_features = p.inputs.text_features;
      train::check_adapter_run(p.config, *p.images, spec);
      prepared.push_back(std::move(p));
      members.push_back(r);
    } catch (const std::exception& e) {
      out[r].error = e.what();
    }
  }
  if (prepared.empty()) return out;
  std::vector<train::AdapterRunSpec> specs;
  for (const auto& p : prepared) {
    train::AdapterRunSpec spec;
    spec.plan = &p.plan;
    spec.text_features = p.inputs.text_features;
    spec.seed = p.config.seed;
    specs.push_back(spec);
  }
  auto on_metric = [&](size_t i, int epoch, const std::string& key, double value) {
    BatchOutcome& o = out[members[i]];
    if (!o.error.empty()) return;
    if (key.find("loss") != std::string::npos && !std::isfinite(value)) {
      o.error = "NaN loss: " + key + " = " + std::to_string(value) + " at epoch " + std::to_string(epoch);
      return;
    }
    group[members[i]].log_metric(epoch, key, value);
  };
  const auto results = train::train_adapters_batched(prepared.front().config, *prepared.front().images, specs,
                                                     prepared.front().inputs.class_weights, on_metric,
                                                     group.front().cancel);
  for (size_t i = 0; i < members.size(); ++i)
    if (out[members[i]].error.empty()) out[members[i]].result = from_adapter(results[i], *prepared[i].images);
  return out;
}

// Runs that may share a batch: adapter runs with a linear head on a GPU whose
// configs agree on everything but the plan (ratio, text source, sampling,
// seed). Empty (run alone) otherwise.
std::string adapter_batch_key(const json& cfg, bool on_cpu_too) {
  if (cfg.value("method", "") != "adapter") return "";
  const train::AdapterConfig a = adapter_config(cfg);
  if (a.head != train::AdapterHead::Linear) return "";
  if (!on_cpu_too && !train::resolve_device(a.device).is_cuda()) return "";
  return json{{"features", cfg.at("features")}, {"converter", cfg.value("converter", json())},
              {"adapter", cfg.at("adapter")}, {"val_fraction", cfg.at("val_fraction")}, {"device", cfg.at("device")}}
      .dump();
}

store::RunResult run_linear_probe(RunContext& ctx, InputCache& cache) {
  const json& cfg = *ctx.config;
  auto images = cache.images(cfg["features"]["image"]);
  train::LinearProbeConfig lp;
  lp.weight_decays = cfg.at("linear_probe").at("weight_decays").get<std::vector<double>>();
  lp.adapter = adapter_config(cfg);
  lp.val_fraction = cfg.at("val_fraction").get<double>();
  lp.seed = cfg.at("seed").get<uint64_t>();
  const train::LinearProbeResult r = train::linear_probe(lp, *images, metric_stream(ctx), ctx.cancel);
  store::RunResult out = from_adapter(r.chosen, *images);
  out.metrics["chosen_weight_decay"] = r.chosen_weight_decay;
  return out;
}

store::RunResult run_zero_shot(RunContext& ctx, InputCache& cache) {
  const json& cfg = *ctx.config;
  auto images = cache.images(cfg["features"]["image"]);
  auto class_texts = cache.texts(cfg["features"]["class_text"], images->num_classes());
  train::ZeroShotConfig zc;
  zc.device = cfg.at("device");
  const train::ZeroShotResult r = train::zero_shot(zc, *images, *class_texts, metric_stream(ctx), ctx.cancel);
  store::RunResult out = from_eval(r.test, *images);
  out.metrics["texts_used"] = r.texts_used;
  return out;
}

bool is_out_of_memory(const std::string& what) {
  return what.find("out of memory") != std::string::npos || what.find("OutOfMemory") != std::string::npos ||
         what.find("DefaultCPUAllocator: can't allocate") != std::string::npos;
}

// The engine's exceptions as the runner's: cancellation, out of memory.
template <typename Fn>
auto translating_errors(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const train::Cancelled&) {
    throw RunCancelled();
  } catch (const std::bad_alloc&) {
    throw std::runtime_error("out of memory: allocation failed");
  } catch (const c10::Error& e) {
    const std::string what = e.what_without_backtrace();
    if (is_out_of_memory(what)) throw std::runtime_error("out of memory: " + what);
    throw std::runtime_error(what);
  }
}

}  // namespace

EngineRunner make_engine_runner(bool batch_on_cpu) {
  auto cache = std::make_shared<InputCache>();
  EngineRunner r;
  r.run = [cache](RunContext& ctx) -> store::RunResult {
    return translating_errors([&]() -> store::RunResult {
      const std::string method = ctx.config->at("method");
      if (method == "adapter") return run_adapter(ctx, *cache);
      if (method == "linear_probe") return run_linear_probe(ctx, *cache);
      if (method == "zero_shot") return run_zero_shot(ctx, *cache);
      throw std::runtime_error("unknown method '" + method + "'");
    });
  };
  r.batching.key = [batch_on_cpu](const json& cfg) {
    try {
      return adapter_batch_key(cfg, batch_on_cpu);
    } catch (const std::exception&) {
      return std::string();  // a bad config fails alone, with its own message
    }
  };
  r.batching.run = [cache](std::vector<RunContext>& group) {
    return translating_errors([&] { return run_adapter_group(group, *cache); });
  };
  return r;
}

RunFunction make_engine_run_function() { return make_engine_runner().run; }

}  // namespace plumage::experiment
