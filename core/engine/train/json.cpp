#include "engine/train/json.h"

#include <stdexcept>

namespace plumage::train {

using nlohmann::json;

namespace {

// Reads j[key] into out when present; a wrong type names the key.
template <typename T>
void opt(const json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it == j.end()) return;
  try {
    it->get_to(out);
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("JSON key '") + key + "': " + e.what());
  }
}

// Enums by name through their parse function.
template <typename E, typename Parse>
void opt_enum(const json& j, const char* key, E& out, Parse parse) {
  auto it = j.find(key);
  if (it == j.end()) return;
  if (!it->is_string()) throw std::invalid_argument(std::string("JSON key '") + key + "' must be a string");
  try {
    out = parse(it->get<std::string>());
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("JSON key '") + key + "': " + e.what());
  }
}

void require_object(const json& j, const char* what) {
  if (!j.is_object()) throw std::invalid_argument(std::string(what) + " must be a JSON object");
}

}  // namespace

void to_json(json& j, const RatioPlanConfig& c) {
  j = json{{"image_ratio", c.image_ratio},   {"per_class_ratios", c.per_class_ratios},
           {"sampling", to_string(c.sampling)}, {"text_source", to_string(c.text_source)},
           {"caption_use", to_string(c.caption_use)}, {"val_fraction", c.val_fraction},
           {"seed", c.seed}};
}
void from_json(const json& j, RatioPlanConfig& c) {
  require_object(j, "ratio plan config");
  opt(j, "image_ratio", c.image_ratio);
  opt(j, "per_class_ratios", c.per_class_ratios);
  opt_enum(j, "sampling", c.sampling, parse_sampling_mode);
  opt_enum(j, "text_source", c.text_source, parse_text_source);
  opt_enum(j, "caption_use", c.caption_use, parse_caption_use);
  opt(j, "val_fraction", c.val_fraction);
  opt(j, "seed", c.seed);
}

void to_json(json& j, const AdapterConfig& c) {
  j = json{{"l2_normalize", c.l2_normalize},
           {"head", to_string(c.head)},
           {"bottleneck_reduction", c.bottleneck_reduction},
           {"residual_ratio", c.residual_ratio},
           {"init_from_zero_shot", c.init_from_zero_shot},
           {"init_scale", c.init_scale},
           {"label_smoothing", c.label_smoothing},
           {"optimizer", to_string(c.optimizer)},
           {"epochs", c.epochs},
           {"batch_size", c.batch_size},
           {"lr", c.lr},
           {"weight_decay", c.weight_decay},
           {"momentum", c.momentum},
           {"early_stopping_patience", c.early_stopping_patience},
           {"select_best_on_val", c.select_best_on_val},
           {"eval_test_every_epoch", c.eval_test_every_epoch},
           {"seed", c.seed},
           {"device", c.device}};
}
void from_json(const json& j, AdapterConfig& c) {
  require_object(j, "adapter config");
  opt(j, "l2_normalize", c.l2_normalize);
  opt_enum(j, "head", c.head, parse_adapter_head);
  opt(j, "bottleneck_reduction", c.bottleneck_reduction);
  opt(j, "residual_ratio", c.residual_ratio);
  opt(j, "init_from_zero_shot", c.init_from_zero_shot);
  opt(j, "init_scale", c.init_scale);
  opt(j, "label_smoothing", c.label_smoothing);
  opt_enum(j, "optimizer", c.optimizer, parse_optimizer_kind);
  opt(j, "epochs", c.epochs);
  opt(j, "batch_size", c.batch_size);
  opt(j, "lr", c.lr);
  opt(j, "weight_decay", c.weight_decay);
  opt(j, "momentum", c.momentum);
  opt(j, "early_stopping_patience", c.early_stopping_patience);
  opt(j, "select_best_on_val", c.select_best_on_val);
  opt(j, "eval_test_every_epoch", c.eval_test_every_epoch);
  opt(j, "seed", c.seed);
  opt(j, "device", c.device);
}

void to_json(json& j, const QFormerConfig& c) {
  j = json{{"num_queries", c.num_queries},
           {"num_layers", c.num_layers},
           {"hidden", c.hidden},
           {"heads", c.heads},
           {"ffn", c.ffn},
           {"dropout", c.dropout},
           {"cross_attention_every", c.cross_attention_every},
           {"pre_norm", c.pre_norm},
           {"pooling", to_string(c.pooling)},
           {"w_cosine", c.w_cosine},
           {"w_mse", c.w_mse},
           {"w_infonce", c.w_infonce},
           {"init_temperature", c.init_temperature},
           {"epochs", c.epochs},
           {"batch_size", c.batch_size},
           {"lr", c.lr},
           {"min_lr", c.min_lr},
           {"weight_decay", c.weight_decay},
           {"warmup_steps", c.warmup_steps},
           {"grad_clip", c.grad_clip},
           {"amp", c.amp}};
}
void from_json(const json& j, QFormerConfig& c) {
  require_object(j, "Q-Former config");
  opt(j, "num_queries", c.num_queries);
  opt(j, "num_layers", c.num_layers);
  opt(j, "hidden", c.hidden);
  opt(j, "heads", c.heads);
  opt(j, "ffn", c.ffn);
  opt(j, "dropout", c.dropout);
  opt(j, "cross_attention_every", c.cross_attention_every);
  opt(j, "pre_norm", c.pre_norm);
  opt_enum(j, "pooling", c.pooling, parse_pooling);
  opt(j, "w_cosine", c.w_cosine);
  opt(j, "w_mse", c.w_mse);
  opt(j, "w_infonce", c.w_infonce);
  opt(j, "init_temperature", c.init_temperature);
  opt(j, "epochs", c.epochs);
  opt(j, "batch_size", c.batch_size);
  opt(j, "lr", c.lr);
  opt(j, "min_lr", c.min_lr);
  opt(j, "weight_decay", c.weight_decay);
  opt(j, "warmup_steps", c.warmup_steps);
  opt(j, "grad_clip", c.grad_clip);
  opt(j, "amp", c.amp);
}

void to_json(json& j, const ConverterConfig& c) {
  j = json{{"kind", to_string(c.kind)},       {"normalize", c.normalize},   {"noise_sigma", c.noise_sigma},
           {"ridge_lambda", c.ridge_lambda},  {"qformer", c.qformer},       {"val_fraction", c.val_fraction},
           {"seed", c.seed},                  {"device", c.device},         {"resume_from", c.resume_from}};
}
void from_json(const json& j, ConverterConfig& c) {
  require_object(j, "converter config");
  opt_enum(j, "kind", c.kind, parse_converter_kind);
  opt(j, "normalize", c.normalize);
  opt(j, "noise_sigma", c.noise_sigma);
  opt(j, "ridge_lambda", c.ridge_lambda);
  opt(j, "qformer", c.qformer);
  opt(j, "val_fraction", c.val_fraction);
  opt(j, "seed", c.seed);
  opt(j, "device", c.device);
  opt(j, "resume_from", c.resume_from);
}

void to_json(json& j, const ZeroShotConfig& c) { j = json{{"templates", c.templates}, {"device", c.device}}; }
void from_json(const json& j, ZeroShotConfig& c) {
  require_object(j, "zero-shot config");
  opt(j, "templates", c.templates);
  opt(j, "device", c.device);
}

void to_json(json& j, const LinearProbeConfig& c) {
  j = json{{"weight_decays", c.weight_decays}, {"adapter", c.adapter}, {"val_fraction", c.val_fraction}, {"seed", c.seed}};
}
void from_json(const json& j, LinearProbeConfig& c) {
  require_object(j, "linear probe config");
  opt(j, "weight_decays", c.weight_decays);
  opt(j, "adapter", c.adapter);
  opt(j, "val_fraction", c.val_fraction);
  opt(j, "seed", c.seed);
}

void to_json(json& j, const MetricPoint& m) { j = json{{"epoch", m.epoch}, {"key", m.key}, {"value", m.value}}; }
void from_json(const json& j, MetricPoint& m) {
  opt(j, "epoch", m.epoch);
  opt(j, "key", m.key);
  opt(j, "value", m.value);
}

void to_json(json& j, const EvalResult& r) {
  j = json{{"count", r.count},         {"top1", r.top1},           {"top5", r.top5},
           {"mean_per_class", r.mean_per_class}, {"per_class", r.per_class}, {"class_count", r.class_count},
           {"confusion", r.confusion}};
}
void from_json(const json& j, EvalResult& r) {
  opt(j, "count", r.count);
  opt(j, "top1", r.top1);
  opt(j, "top5", r.top5);
  opt(j, "mean_per_class", r.mean_per_class);
  opt(j, "per_class", r.per_class);
  opt(j, "class_count", r.class_count);
  opt(j, "confusion", r.confusion);
}

void to_json(json& j, const AdapterResult& r) {
  j = json{{"test", r.test},
           {"val", r.val},
           {"best_epoch", r.best_epoch},
           {"epochs_run", r.epochs_run},
           {"train_image_samples", r.train_image_samples},
           {"train_text_samples", r.train_text_samples},
           {"seconds", r.seconds},
           {"history", r.history}};
}
void from_json(const json& j, AdapterResult& r) {
  opt(j, "test", r.test);
  opt(j, "val", r.val);
  opt(j, "best_epoch", r.best_epoch);
  opt(j, "epochs_run", r.epochs_run);
  opt(j, "train_image_samples", r.train_image_samples);
  opt(j, "train_text_samples", r.train_text_samples);
  opt(j, "seconds", r.seconds);
  opt(j, "history", r.history);
}

void to_json(json& j, const ConversionDiagnostics& d) {
  j = json{{"pairs", d.pairs},   {"images", d.images}, {"cosine", d.cosine},
           {"mse", d.mse},       {"r_at_1", d.r_at_1}, {"r_at_5", d.r_at_5},
           {"modality_gap", d.modality_gap}};
}
void from_json(const json& j, ConversionDiagnostics& d) {
  opt(j, "pairs", d.pairs);
  opt(j, "images", d.images);
  opt(j, "cosine", d.cosine);
  opt(j, "mse", d.mse);
  opt(j, "r_at_1", d.r_at_1);
  opt(j, "r_at_5", d.r_at_5);
  opt(j, "modality_gap", d.modality_gap);
}

void to_json(json& j, const ConverterResult& r) {
  j = json{{"config", r.config}, {"train", r.train},       {"val", r.val},         {"epochs_run", r.epochs_run},
           {"steps", r.steps},   {"seconds", r.seconds},   {"history", r.history}};
}
void from_json(const json& j, ConverterResult& r) {
  opt(j, "config", r.config);
  opt(j, "train", r.train);
  opt(j, "val", r.val);
  opt(j, "epochs_run", r.epochs_run);
  opt(j, "steps", r.steps);
  opt(j, "seconds", r.seconds);
  opt(j, "history", r.history);
}

void to_json(json& j, const ZeroShotResult& r) { j = json{{"test", r.test}, {"texts_used", r.texts_used}}; }
void from_json(const json& j, ZeroShotResult& r) {
  opt(j, "test", r.test);
  opt(j, "texts_used", r.texts_used);
}

void to_json(json& j, const LinearProbeResult& r) {
  j = json{{"weight_decays", r.weight_decays},
           {"val_top1", r.val_top1},
           {"chosen_weight_decay", r.chosen_weight_decay},
           {"chosen", r.chosen}};
}
void from_json(const json& j, LinearProbeResult& r) {
  opt(j, "weight_decays", r.weight_decays);
  opt(j, "val_top1", r.val_top1);
  opt(j, "chosen_weight_decay", r.chosen_weight_decay);
  opt(j, "chosen", r.chosen);
}

void to_json(json& j, const RatioPlan& p) {
  j = json{{"config", p.config},
           {"num_classes", p.num_classes},
           {"image_rows", p.image_rows},
           {"text_rows", p.text_rows},
           {"val_rows", p.val_rows},
           {"test_rows", p.test_rows},
           {"text_offsets", p.text_offsets},
           {"text_candidates", p.text_candidates},
           {"class_train", p.class_train},
           {"class_images", p.class_images},
           {"class_texts", p.class_texts},
           {"class_val", p.class_val}};
}
void from_json(const json& j, RatioPlan& p) {
  require_object(j, "ratio plan");
  opt(j, "config", p.config);
  opt(j, "num_classes", p.num_classes);
  opt(j, "image_rows", p.image_rows);
  opt(j, "text_rows", p.text_rows);
  opt(j, "val_rows", p.val_rows);
  opt(j, "test_rows", p.test_rows);
  opt(j, "text_offsets", p.text_offsets);
  opt(j, "text_candidates", p.text_candidates);
  opt(j, "class_train", p.class_train);
  opt(j, "class_images", p.class_images);
  opt(j, "class_texts", p.class_texts);
  opt(j, "class_val", p.class_val);
  if (!p.text_rows.empty() && p.config.text_source != TextSource::None &&
      p.text_offsets.size() != p.text_rows.size() + 1)
    throw std::invalid_argument("ratio plan JSON: text_offsets must have one more entry than text_rows");
}

json plan_to_json(const RatioPlan& p, const std::vector<int64_t>& image_ids) {
  json j = p;
  auto ids = [&](const std::vector<int64_t>& rows) {
    std::vector<int64_t> out;
    out.reserve(rows.size());
    for (int64_t r : rows) out.push_back(image_ids.at(static_cast<size_t>(r)));
    return out;
  };
  j["image_ids"] = ids(p.image_rows);
  j["text_image_ids"] = ids(p.text_rows);
  j["val_image_ids"] = ids(p.val_rows);
  return j;
}

json plan_counts_json(const RatioPlan& p) {
  int64_t imgs = 0, txts = 0, val = 0, train = 0;
  for (size_t c = 0; c < p.class_images.size(); ++c) {
    imgs += p.class_images[c];
    txts += p.class_texts[c];
    val += p.class_val[c];
    train += p.class_train[c];
  }
  return json{{"images", imgs},
              {"texts", txts},
              {"text_candidates", static_cast<int64_t>(p.text_candidates.size())},
              {"val", val},
              {"train", train},
              {"test", static_cast<int64_t>(p.test_rows.size())},
              {"class_images", p.class_images},
              {"class_texts", p.class_texts},
              {"class_val", p.class_val}};
}

std::vector<double> per_class_ratios_from_json(const json& j, const std::vector<std::string>& class_names,
                                               double default_ratio) {
  const size_t C = class_names.size();
  std::vector<double> out(C, default_ratio);
  if (j.is_array()) {
    if (j.size() != C)
      throw std::invalid_argument("per-class ratios: array has " + std::to_string(j.size()) + " entries for " +
                                  std::to_string(C) + " classes");
    for (size_t c = 0; c < C; ++c) {
      if (!j[c].is_number()) throw std::invalid_argument("per-class ratios: entry " + std::to_string(c) + " is not a number");
      out[c] = j[c].get<double>();
    }
    return out;
  }
  if (!j.is_object()) throw std::invalid_argument("per-class ratios must be a JSON object or array");
  for (const auto& [key, value] : j.items()) {
    if (!value.is_number()) throw std::invalid_argument("per-class ratios: value of '" + key + "' is not a number");
    size_t c = C;
    for (size_t i = 0; i < C; ++i)
      if (class_names[i] == key) c = i;
    if (c == C) {
      // Not a class name: accept a 0-based index.
      char* end = nullptr;
      const long idx = std::strtol(key.c_str(), &end, 10);
      if (!key.empty() && end && *end == '\0' && idx >= 0 && static_cast<size_t>(idx) < C) c = static_cast<size_t>(idx);
    }
    if (c == C) throw std::invalid_argument("per-class ratios: '" + key + "' is neither a class name nor a class index");
    out[c] = value.get<double>();
  }
  return out;
}

}  // namespace plumage::train
