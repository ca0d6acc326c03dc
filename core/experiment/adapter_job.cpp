#include "core/experiment/adapter_job.h"

#include "core/experiment/feature_header.h"
#include "core/experiment/job_errors.h"
#include "core/experiment/sweep_config.h"
#include "core/experiment/sweep_job.h"
#include "core/store/run_store.h"
#include "core/store/store_reader.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace plumage::experiment {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string absolute(const std::string& path) { return path.empty() ? path : fs::absolute(path).string(); }

// {class name or index: ratio} or [ratio per class] -> {class name: ratio}.
json ratios_by_name(const json& given, const std::vector<std::string>& class_names) {
  json out = json::object();
  if (given.is_array()) {
    if (given.size() != class_names.size())
      throw std::invalid_argument("per-class ratios: the list has " + std::to_string(given.size()) + " entries for " +
                                  std::to_string(class_names.size()) + " classes");
    for (size_t c = 0; c < given.size(); ++c) out[class_names[c]] = given[c];
    return out;
  }
  if (!given.is_object()) throw std::invalid_argument("per-class ratios: expected an object or a list");
  for (const auto& [k, v] : given.items()) {
    const bool index = !k.empty() && k.find_first_not_of("0123456789") == std::string::npos;
    if (index && std::find(class_names.begin(), class_names.end(), k) == class_names.end()) {
      const size_t c = std::stoul(k);
      if (c >= class_names.size())
        throw std::invalid_argument("per-class ratios: class index " + k + " is out of range (" +
                                    std::to_string(class_names.size()) + " classes)");
      out[class_names[c]] = v;
    } else {
      out[k] = v;
    }
  }
  return out;
}

json experiment_config(const AdapterJobParams& p) {
  const bool with_texts = !p.text_path.empty() && p.text_source != "none";
  json c = {{"name", p.name.empty() ? std::string("train-adapter") : p.name},
            {"method", "adapter"},
            {"features", {{"image", absolute(p.image_path)}}},
            {"text_source", with_texts ? p.text_source : std::string("none")},
            {"sampling", p.sampling},
            {"caption_use", p.caption_use},
            {"image_ratio", p.image_ratio},
            {"val_fraction", p.val_fraction},
            {"adapter", p.adapter},
            {"seed", p.seed},
            {"device", p.device}};
  if (with_texts) {
    c["features"]["text"] = {{p.text_source, absolute(p.text_path)}};
    c["converter"] = p.converter == "identity" ? p.converter : absolute(p.converter);
  }
  if (!p.per_class_ratios.is_null())
    c["per_class_ratios"] = ratios_by_name(p.per_class_ratios, read_feature_file_info(p.image_path).class_names);
  return c;
}

ExperimentJobOutcome run_experiment(const json& config, const ExperimentJobParams& params) {
  FileHashCache files;
  ResolveOptions options;
  options.base_dir = params.base_dir;
  const SweepPlan plan = plan_sweep(config, options, params.source, files);
  if (plan.runs.size() != 1)
    throw std::invalid_argument(params.source + ": one experiment expected, the config makes " +
                                std::to_string(plan.runs.size()) + " runs (use a sweep)");
  const std::string key = plan.runs.front().key;

  SweepOutcome swept;
  {
    store::RunStore store(params.store_path);
    SweepJobParams sp;
    sp.cancel = params.cancel;
    if (params.metric) {
      sp.on_run_start = [&params](RunContext& rc) {
        auto inner = rc.log_metric;
        rc.log_metric = [inner, &params](int64_t step, const std::string& k, double v) {
          inner(step, k, v);
          params.metric(static_cast<int>(step), k, v);
        };
      };
    }
    swept = execute_sweep(store, plan, sp);
    store.flush();
  }
  if (swept.cancelled > 0 || (params.cancel && params.cancel->load() && swept.done == 0 && swept.already_done == 0))
    throw RunCancelled();

  store::StoreReader reader(params.store_path);
  const auto run = reader.run_by_key(key);
  if (!run) throw std::runtime_error(params.store_path + ": run " + key + " was not recorded");
  ExperimentJobOutcome out;
  out.run_id = run->id;
  out.key = key;
  out.run = *run;
  out.already_done = swept.already_done > 0;
  if (swept.busy_elsewhere > 0)
    throw std::runtime_error("run " + key + " is running in another process (" + params.store_path + ")");
  if (run->status != store::RunStatus::Done)
    throw std::runtime_error("run " + key + " " + store::to_string(run->status) +
                             (run->error.empty() ? std::string() : ": " + run->error));
  if (const auto r = reader.result(run->id)) out.result = *r;
  for (const auto& m : reader.metrics(run->id)) out.history.push_back({{"epoch", m.step}, {"key", m.key}, {"value", m.value}});
  if (run->plan.is_object()) {
    RatioPlan plan_back = run->plan.get<RatioPlan>();
    out.plan_counts = train::plan_counts_json(plan_back);
  }
  return out;
}

}  // namespace

json adapter_experiment_config(const AdapterJobParams& params) {
  try {
    return experiment_config(params);
  } catch (...) {
    rethrow_classified();
  }
}

ExperimentJobOutcome run_experiment_job(const json& config, const ExperimentJobParams& params) {
  try {
    return run_experiment(config, params);
  } catch (...) {
    rethrow_classified();
  }
}

}  // namespace plumage::experiment
