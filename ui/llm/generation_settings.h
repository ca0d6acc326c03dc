// What the description-generation dialog asks for, and its translation into a
// core llm::BatchConfig. The API key is never part of these settings: it is
// read from an environment variable (named here) or from a secret store (the
// system keychain, under the entry named here) when the batch is built, so it
// is never shown, saved with the workspace, or logged.
#pragma once

#include "core/llm/batch.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace plumage::ui {

struct GenerationSettings {
  QString baseUrl = QStringLiteral("https://api.openai.com/v1");
  // Defaults: the study's protocol (its template's [protocol] names the model and the five fields).
  QString model = QStringLiteral("gpt-3.5-turbo");
  QString keySource = QStringLiteral("env");  // env | keychain
  QString keyEnvVar = QStringLiteral("OPENAI_API_KEY");
  QString keychainEntry;  // empty = one entry per endpoint (keychainEntryName)
  QString templateName = QStringLiteral("study_five_fields_gpt35.txt");  // shipped name or a path
  QString language = QStringLiteral("en");                              // en | ja
  QStringList fields;  // empty = the template's [protocol] fields, else the default bird fields
  int variants = 1;
  int concurrency = 4;
  int maxTokens = 600;
  double temperature = 0.7;

  QJsonObject toJson() const;
  static GenerationSettings fromJson(const QJsonObject& o);
};

inline const QString kKeySourceEnv = QStringLiteral("env");
inline const QString kKeySourceKeychain = QStringLiteral("keychain");

// The name of the key's keychain entry: the configured one, else the base URL
// without credentials, query or trailing slash (one key per endpoint).
QString keychainEntryName(const GenerationSettings& s);

// Builds the batch configuration: loads the template, takes the key from the
// environment (key source "env") or `keychainKey` (key source "keychain"; the
// caller read it; empty is fine for an estimate) and validates. Throws
// std::exception with a message naming the offending setting (bad template
// file, bad language, unknown key source, invalid numbers).
llm::BatchConfig makeBatchConfig(const GenerationSettings& s, const QString& keychainKey = QString());

// "3 requests, 2 already done; about 1,234 prompt + 900 completion tokens; ~$0.0012 (at most $0.0030)".
QString describeEstimate(const llm::CostEstimate& e);
QString formatUsd(const std::optional<double>& usd);

}  // namespace plumage::ui
