#include "ui/llm/generation_settings.h"

#include "core/data/descriptions.h"
#include "core/llm/prompt_template.h"
#include "core/llm/secret.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>

#include <stdexcept>

namespace plumage::ui {


QJsonObject GenerationSettings::toJson() const {
  QJsonObject o;
  o[QStringLiteral("base_url")] = baseUrl;
  o[QStringLiteral("model")] = model;
  o[QStringLiteral("key_source")] = keySource;
  o[QStringLiteral("key_env_var")] = keyEnvVar;
  o[QStringLiteral("keychain_entry")] = keychainEntry;
  o[QStringLiteral("template")] = templateName;
  o[QStringLiteral("language")] = language;
  o[QStringLiteral("fields")] = QJsonArray::fromStringList(fields);
  o[QStringLiteral("variants")] = variants;
  o[QStringLiteral("concurrency")] = concurrency;
  o[QStringLiteral("max_tokens")] = maxTokens;
  o[QStringLiteral("temperature")] = temperature;
  return o;
}

GenerationSettings GenerationSettings::fromJson(const QJsonObject& o) {
  GenerationSettings s;
  s.baseUrl = o.value(QStringLiteral("base_url")).toString(s.baseUrl);
  s.model = o.value(QStringLiteral("model")).toString(s.model);
  s.keySource = o.value(QStringLiteral("key_source")).toString(s.keySource);
  s.keyEnvVar = o.value(QStringLiteral("key_env_var")).toString(s.keyEnvVar);
  s.keychainEntry = o.value(QStringLiteral("keychain_entry")).toString(s.keychainEntry);
  s.templateName = o.value(QStringLiteral("template")).toString(s.templateName);
  s.language = o.value(QStringLiteral("language")).toString(s.language);
  for (const auto& f : o.value(QStringLiteral("fields")).toArray()) s.fields << f.toString();
  s.variants = o.value(QStringLiteral("variants")).toInt(s.variants);
  s.concurrency = o.value(QStringLiteral("concurrency")).toInt(s.concurrency);
  s.maxTokens = o.value(QStringLiteral("max_tokens")).toInt(s.maxTokens);
  s.temperature = o.value(QStringLiteral("temperature")).toDouble(s.temperature);
  return s;
}

QString keychainEntryName(const GenerationSettings& s) {
  const QString configured = s.keychainEntry.trimmed();
  if (!configured.isEmpty()) return configured;
  QString url = QString::fromStdString(llm::displayable_url(s.baseUrl.trimmed().toStdString()));
  while (url.endsWith(QLatin1Char('/'))) url.chop(1);
  return url;
}

llm::BatchConfig makeBatchConfig(const GenerationSettings& s, const QString& keychainKey) {
  llm::BatchConfig cfg;
  cfg.client.base_url = s.baseUrl.trimmed().toStdString();
  cfg.client.model = s.model.trimmed().toStdString();
  cfg.client.max_tokens = s.maxTokens;
  cfg.client.temperature = s.temperature;
  if (s.keySource == kKeySourceEnv) {
    const std::string var = s.keyEnvVar.trimmed().toStdString();
    if (!var.empty()) cfg.client.api_key = llm::api_key_from_env(var);
  } else if (s.keySource == kKeySourceKeychain) {
    cfg.client.api_key = keychainKey.trimmed().toStdString();
  } else {
    throw std::invalid_argument(QCoreApplication::translate("GenerationSettings", "API key source must be env or keychain, not \"%1\"")
                                    .arg(s.keySource).toStdString());
  }
  // The process now holds the key: no core file may carry it (once disabled,
  // core dumps stay off for the rest of the session).
  if (!cfg.client.api_key.empty()) llm::disable_core_dumps();
  const std::string path = llm::resolve_template_path(s.templateName.trimmed().toStdString());
  if (path.empty())
    throw std::invalid_argument(QCoreApplication::translate("GenerationSettings", "Prompt template not found: %1").arg(s.templateName).toStdString());
  cfg.prompt_template = llm::PromptTemplate::load(path);
  for (const QString& f : s.fields)
    if (!f.trimmed().isEmpty()) cfg.fields.push_back(f.trimmed().toStdString());
  if (cfg.fields.empty()) cfg.fields = cfg.prompt_template.protocol().fields;
  if (cfg.fields.empty()) cfg.fields = data::default_bird_fields();
  const auto lang = llm::language_from_string(s.language.toStdString());
  if (!lang) throw std::invalid_argument(QCoreApplication::translate("GenerationSettings", "Language must be en or ja, not \"%1\"").arg(s.language).toStdString());
  cfg.language = *lang;
  cfg.variants = s.variants;
  cfg.concurrency = s.concurrency;
  llm::validate_config(cfg);
  return cfg;
}

QString formatUsd(const std::optional<double>& usd) {
  if (!usd) return QCoreApplication::translate("GenerationSettings", "unknown (no price for this model)");
  return QStringLiteral("$%1").arg(*usd, 0, 'f', 4);
}

QString describeEstimate(const llm::CostEstimate& e) {
  const QLocale loc;
  QString text = QCoreApplication::translate("GenerationSettings", "%1 request(s) to send, %2 already done.")
                     .arg(qulonglong(e.pending_jobs))
                     .arg(qulonglong(e.skipped_jobs));
  if (e.pending_jobs == 0) return text;
  text += QLatin1Char(' ') + QCoreApplication::translate("GenerationSettings", "About %1 prompt tokens and %2 completion tokens (at most %3).")
                                 .arg(loc.toString(qlonglong(e.prompt_tokens)))
                                 .arg(loc.toString(qlonglong(e.expected_completion_tokens)))
                                 .arg(loc.toString(qlonglong(e.max_completion_tokens)));
  text += QLatin1Char(' ') + QCoreApplication::translate("GenerationSettings", "Expected cost: %1; at most: %2.")
                                 .arg(formatUsd(e.expected_cost_usd), formatUsd(e.max_cost_usd));
  return text;
}

}  // namespace plumage::ui
