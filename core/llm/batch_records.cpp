#include "core/llm/batch_records.h"

#include "core/data/file_util.h"
#include "core/llm/secret.h"

namespace plumage::llm::detail {

JobKey job_key(const BatchConfig& config, int variant_index) {
  return {config.client.model, config.prompt_template.hash(), to_string(config.language), config.fields,
          variant_index};
}

bool matches(const data::DescriptionVariant& v, const JobKey& key) {
  const auto& p = v.provenance;
  if (p.source != "llm" || p.model != key.model || p.prompt_template_hash != key.template_hash) return false;
  const auto& par = p.parameters;
  auto str_eq = [&](const char* k, const std::string& want) {
    return par.contains(k) && par[k].is_string() && par[k].get<std::string>() == want;
  };
  if (!str_eq("language", key.language)) return false;
  if (!par.contains("variant_index") || !par["variant_index"].is_number_integer() ||
      par["variant_index"].get<int>() != key.variant_index)
    return false;
  if (!par.contains("fields") || !par["fields"].is_array()) return false;
  return par["fields"].get<std::vector<std::string>>() == key.fields;
}

bool is_done(const data::DescriptionStore& store, const std::string& class_name, const JobKey& key) {
  const auto* cls = store.find(class_name);
  if (!cls) return false;
  for (const auto& v : cls->variants)
    if (matches(v, key)) return true;
  return false;
}

data::Provenance make_provenance(const BatchConfig& config, OutputMode mode, const std::string& rendered_prompt,
                                 const std::string& raw_text, int variant_index, const Usage& usage,
                                 int requests_sent) {
  const std::string& key = config.client.api_key;
  data::Provenance p;
  p.source = "llm";
  p.model = config.client.model;
  p.prompt_template = config.prompt_template.text();
  p.prompt_template_hash = config.prompt_template.hash();
  p.prompt = redact(rendered_prompt, key);
  p.created = data::utc_now_iso8601();
  p.raw_text = redact(raw_text, key);
  auto& par = p.parameters;
  par["endpoint"] = redact(displayable_url(config.client.base_url), key);
  par["temperature"] = config.client.temperature;
  par["max_tokens"] = config.client.max_tokens;
  if (config.client.seed) par["seed"] = *config.client.seed;
  par["language"] = to_string(config.language);
  par["domain"] = config.domain;
  par["fields"] = config.fields;
  par["variant_index"] = variant_index;
  par["output_mode"] = to_string(mode);
  par["template_origin"] = config.prompt_template.origin();
  par["requests"] = requests_sent;
  par["usage"] = {{"prompt_tokens", usage.prompt_tokens},
                  {"completion_tokens", usage.completion_tokens},
                  {"reported_responses", usage.requests}};
  if (const auto cost = config.prices.cost_usd(config.client.model, usage)) par["cost_usd"] = *cost;
  return p;
}

Usage recorded_usage(const data::Provenance& p) {
  Usage u;
  const auto& par = p.parameters;
  if (!par.contains("usage") || !par["usage"].is_object()) return u;
  const auto& j = par["usage"];
  auto get = [&](const char* k) { return j.contains(k) && j[k].is_number_integer() ? j[k].get<long long>() : 0LL; };
  u.prompt_tokens = get("prompt_tokens");
  u.completion_tokens = get("completion_tokens");
  u.requests = get("reported_responses");
  return u;
}

}  // namespace plumage::llm::detail
