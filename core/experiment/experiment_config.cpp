#include "core/experiment/experiment_config.h"

#include "core/experiment/clip_model_check.h"
#include "core/experiment/feature_header.h"

#include "core/data/class_names.h"
#include "core/engine/train/configs.h"
#include "core/engine/train/json.h"
#include "core/engine/train/ratio_plan.h"
#include "core/json/parse_limited.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace plumage::experiment {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string type_name(const json& v) { return v.type_name(); }

// Collects problems while walking a raw config.
class Checker {
 public:
  explicit Checker(const ResolveOptions& o) : options_(o) {}
  std::vector<std::string> problems;

  void problem(const std::string& key, const std::string& what) { problems.push_back(key + ": " + what); }

  void unknown_keys(const json& obj, const std::string& prefix, const std::set<std::string>& known) {
    std::vector<std::string> names(known.begin(), known.end());
    for (const auto& [k, v] : obj.items()) {
      if (!known.count(k)) problem(prefix + k, "unknown key (known keys here: " + join(names) + ")");
    }
  }

  std::string string_in(const json& obj, const std::string& key, const std::string& def,
                        const std::vector<std::string>& allowed) {
    auto it = obj.find(key);
    if (it == obj.end()) return def;
    if (!it->is_string()) {
      problem(key, "must be a string, not " + type_name(*it));
      return def;
    }
    std::string v = it->get<std::string>();
    if (key == "sampling" && v == "per_class") v = "per-class";
    if (key == "caption_use" && v == "one_per_epoch") v = "one-per-epoch";
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
      problem(key, "'" + v + "' is not one of " + join(allowed));
      return def;
    }
    return v;
  }

  double fraction(const json& obj, const std::string& key, double def, bool allow_one = true) {
    auto it = obj.find(key);
    if (it == obj.end()) return def;
    if (!it->is_number()) {
      problem(key, "must be a number, not " + type_name(*it));
      return def;
    }
    const double v = it->get<double>();
    if (!(v >= 0.0 && (allow_one ? v <= 1.0 : v < 1.0))) {
      std::ostringstream os;
      os << v << " is outside " << (allow_one ? "[0, 1]" : "[0, 1)");
      problem(key, os.str());
      return def;
    }
    return v;
  }

  std::string path(const json& v, const std::string& key) {
    if (!v.is_string() || v.get<std::string>().empty()) {
      problem(key, "must be a file path (string)");
      return "";
    }
    fs::path p(v.get<std::string>());
    if (p.is_relative() && !options_.base_dir.empty()) p = fs::path(options_.base_dir) / p;
    std::error_code ec;
    fs::path abs = fs::absolute(p, ec);
    const std::string out = (ec ? p : abs).lexically_normal().string();
    if (options_.check_files && !fs::is_regular_file(out, ec)) problem(key, "file not found: " + out);
    return out;
  }

  const ResolveOptions& options_;
};

const std::set<std::string> kTopKeys = {"name", "method", "features", "converter", "text_source", "sampling",
                                        "image_ratio", "per_class_ratios", "caption_use", "val_fraction",
                                        "adapter", "linear_probe", "seed", "device", "description"};

json check_adapter(Checker& c, const json& raw) {
  json defaults = train::AdapterConfig{};
  defaults.erase("seed");
  defaults.erase("device");
  if (!raw.is_object()) {
    c.problem("adapter", "must be an object");
    return defaults;
  }
  json merged = defaults;
  for (const auto& [k, v] : raw.items()) {
    if (k == "seed" || k == "device") {
      c.problem("adapter." + k, "set it at the top level ('" + k + "'), not inside 'adapter'");
    } else if (!defaults.contains(k)) {
      std::vector<std::string> names;
      for (const auto& [dk, dv] : defaults.items()) names.push_back(dk);
      c.problem("adapter." + k, "unknown key (known keys here: " + join(names) + ")");
    } else if (defaults[k].is_number() != v.is_number() || defaults[k].is_boolean() != v.is_boolean() ||
               defaults[k].is_string() != v.is_string()) {
      c.problem("adapter." + k, std::string("must be a ") + defaults[k].type_name() + ", not " + v.type_name());
    } else {
      merged[k] = v;
    }
  }
  try {
    train::AdapterConfig a = merged.get<train::AdapterConfig>();
    if (a.epochs <= 0) c.problem("adapter.epochs", "must be at least 1");
    if (a.batch_size <= 0) c.problem("adapter.batch_size", "must be at least 1");
    if (!(a.lr > 0)) c.problem("adapter.lr", "must be greater than 0");
    if (a.weight_decay < 0) c.problem("adapter.weight_decay", "must not be negative");
    if (a.label_smoothing < 0 || a.label_smoothing >= 1) c.problem("adapter.label_smoothing", "must be in [0, 1)");
    if (a.early_stopping_patience < 0) c.problem("adapter.early_stopping_patience", "must not be negative");
    json canonical = a;  // integers stay integers, enums by canonical name
    canonical.erase("seed");
    canonical.erase("device");
    return canonical;
  } catch (const std::exception& e) {
    c.problem("adapter", e.what());
    return defaults;
  }
}

}  // namespace

ConfigError::ConfigError(const std::string& source, std::vector<std::string> p)
    : std::runtime_error([&] {
        std::string msg = source + ": " + std::to_string(p.size()) + (p.size() == 1 ? " problem" : " problems");
        for (const auto& s : p) msg += "\n  " + source + ": " + s;
        return msg;
      }()),
      problems(std::move(p)) {}

std::vector<std::string> check_experiment(const json& raw, const ResolveOptions& options, ResolvedExperiment* out) {
  Checker c(options);
  if (!raw.is_object()) return {"(top level): an experiment config must be a JSON object"};
  c.unknown_keys(raw, "", kTopKeys);

  json r = json::object();
  if (raw.contains("name")) {
    if (raw["name"].is_string()) r["name"] = raw["name"];
    else c.problem("name", "must be a string");
  }
  const std::string method = c.string_in(raw, "method", "adapter", {"adapter", "linear_probe", "zero_shot"});
  r["method"] = method;

  // Features.
  json features = json::object();
  std::vector<std::string> class_names;
  const json raw_features = raw.value("features", json::object());
  if (!raw_features.is_object()) c.problem("features", "must be an object");
  else c.unknown_keys(raw_features, "features.", {"image", "text", "class_text"});
  if (raw_features.is_object() && raw_features.contains("image")) {
    features["image"] = c.path(raw_features["image"], "features.image");
    const std::string p = features["image"];
    if (options.check_files && !p.empty() && fs::is_regular_file(p)) {
      try {
        FeatureFileInfo info = read_feature_file_info(p);
        class_names = info.class_names;
        const auto pairs = info.metadata.find("pairs_only");
        if (pairs != info.metadata.end() && pairs->second == "true")  // the engine's refusal, said before any run
          c.problem("features.image", p + " holds image-caption pairs without classes (pairs only, e.g. COCO); "
                                          "adapters, sweeps and zero-shot need class labels: use it to train a converter");
        else if (class_names.empty()) c.problem("features.image", p + " has no 'class_names' metadata");
      } catch (const std::exception& e) {
        c.problem("features.image", e.what());
      }
    }
  } else {
    c.problem("features.image", "missing (the image feature file is required)");
  }
  std::set<std::string> text_sources;
  if (raw_features.is_object() && raw_features.contains("text")) {
    const json& t = raw_features["text"];
    if (!t.is_object()) {
      c.problem("features.text", "must be an object {\"reed\": file, \"llm\": file}");
    } else {
      c.unknown_keys(t, "features.text.", {"reed", "llm"});
      for (const char* src : {"reed", "llm"}) {
        if (t.contains(src)) {
          features["text"][src] = c.path(t[src], std::string("features.text.") + src);
          text_sources.insert(src);
        }
      }
    }
  }
  if (raw_features.is_object() && raw_features.contains("class_text")) {
    features["class_text"] = c.path(raw_features["class_text"], "features.class_text");
  }
  r["features"] = features;
  r["seed"] = 0;
  if (raw.contains("seed")) {
    if (!raw["seed"].is_number_integer() || raw["seed"].get<int64_t>() < 0) {
      c.problem("seed", "must be a non-negative integer");
    } else {
      r["seed"] = raw["seed"].get<int64_t>();
    }
  }
  r["device"] = c.string_in(raw, "device", "auto", {});

  if (method == "zero_shot") {
    if (!features.contains("class_text")) c.problem("features.class_text", "missing (zero_shot needs class text features)");
  } else {
    const std::string text_source = c.string_in(raw, "text_source", "none", {"none", "reed", "llm"});
    const double ratio = c.fraction(raw, "image_ratio", 1.0);
    r["val_fraction"] = c.fraction(raw, "val_fraction", 0.1, /*allow_one=*/false);
    if (method == "adapter") {
      r["text_source"] = text_source;
      r["sampling"] = c.string_in(raw, "sampling", "per-class", {"per-class", "global"});
      r["image_ratio"] = ratio;
      r["caption_use"] = c.string_in(raw, "caption_use", "one-per-epoch", {"all", "one-per-epoch"});
      if (text_source != "none" && !text_sources.count(text_source)) {
        c.problem("text_source", "'" + text_source + "' needs features.text." + text_source);
      }
      if (text_source == "none" && ratio == 0.0 && !raw.contains("per_class_ratios")) {
        c.problem("image_ratio", "0 with text_source 'none' leaves no training samples");
      }
      // Converter: identity (text features used as they are) or a checkpoint.
      const json conv = raw.value("converter", json("identity"));
      if (conv.is_string() && conv.get<std::string>() == "identity") {
        r["converter"] = "identity";
      } else if (conv.is_string()) {
        r["converter"] = c.path(conv, "converter");
      } else {
        c.problem("converter", "must be \"identity\" or a converter checkpoint file");
      }
      if (raw.contains("per_class_ratios")) {
        const json& pc = raw["per_class_ratios"];
        if (!pc.is_object()) {
          c.problem("per_class_ratios", "must be an object {class name: ratio}");
        } else {
          if (r["sampling"] == "global") c.problem("per_class_ratios", "need \"sampling\": \"per-class\"");
          data::ClassNameMatcher matcher(class_names);
          json canonical = json::object();
          for (const auto& [name, v] : pc.items()) {
            const std::string key = "per_class_ratios." + name;
            if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 1) {
              c.problem(key, "must be a number in [0, 1], not " + v.dump());
              continue;
            }
            if (!class_names.empty() && std::find(class_names.begin(), class_names.end(), name) == class_names.end()) {
              std::string hint;
              if (auto m = matcher.match(name)) hint = " (did you mean '" + class_names[*m] + "'?)";
              c.problem(key, "no class '" + name + "' in features.image" + hint);
              continue;
            }
            canonical[name] = v.get<double>();
          }
          r["per_class_ratios"] = canonical;
        }
      }
      r["adapter"] = check_adapter(c, raw.value("adapter", json::object()));
      if (r["adapter"].value("init_from_zero_shot", false) && !features.contains("class_text")) {
        c.problem("adapter.init_from_zero_shot", "needs features.class_text");
      }
    } else {  // linear_probe
      for (const char* k : {"text_source", "per_class_ratios", "converter"}) {
        if (raw.contains(k) && !(std::string(k) == "text_source" && text_source == "none")) {
          c.problem(k, "does not apply to method linear_probe");
        }
      }
      json lp = train::LinearProbeConfig{};
      const json raw_lp = raw.value("linear_probe", json::object());
      if (!raw_lp.is_object()) {
        c.problem("linear_probe", "must be an object");
      } else {
        c.unknown_keys(raw_lp, "linear_probe.", {"weight_decays"});
        if (raw_lp.contains("weight_decays")) {
          const json& w = raw_lp["weight_decays"];
          bool ok = w.is_array() && !w.empty();
          for (const auto& x : w) ok = ok && x.is_number() && x.get<double>() >= 0;
          if (ok) lp["weight_decays"] = w;
          else c.problem("linear_probe.weight_decays", "must be a non-empty list of non-negative numbers");
        }
      }
      r["linear_probe"] = json{{"weight_decays", lp["weight_decays"]}};
      r["adapter"] = check_adapter(c, raw.value("adapter", json::object()));
    }
  }
  if (!c.problems.empty()) return c.problems;
  // One CLIP model for every input (only once the files are known good).
  if (options.check_files)
    for (const ModelMismatch& m : check_one_clip_model(experiment_model_inputs(r)).mismatches)
      c.problem(m.a.role, m.message);
  if (!c.problems.empty()) return c.problems;
  if (out) out->config = std::move(r);
  return {};
}

ResolvedExperiment resolve_experiment(const json& raw, const ResolveOptions& options, const std::string& source) {
  ResolvedExperiment out;
  auto problems = check_experiment(raw, options, &out);
  if (!problems.empty()) throw ConfigError(source, std::move(problems));
  return out;
}

json read_json_file(const std::string& path) {
  std::string text;
  try {
    text = jsonio::read_bytes(path, jsonio::kConfig.max_bytes);
  } catch (const jsonio::Error& e) {
    throw ConfigError(path, {e.kind() == jsonio::Error::Kind::Io ? "cannot open the file" : e.problem()});
  }
  try {
    return jsonio::parse(text, path, jsonio::kConfig);
  } catch (const jsonio::Error& e) {
    if (e.line() == 0) throw ConfigError(path, {e.problem()});
    // The byte offset as line:column.
    size_t col = 1;
    for (size_t i = std::min(e.byte(), text.size()); i > 0 && text[i - 1] != '\n'; --i) ++col;
    throw ConfigError(path, {"line " + std::to_string(e.line()) + ", column " + std::to_string(col) + ": " +
                             e.problem()});
  }
}

}  // namespace plumage::experiment
