// What the description-generation dialog asks for, and its translation into a
// core llm::BatchConfig. The API key is never part of these settings: it is
// read from an environment variable (named here) when the batch is built, so
// it is never shown, saved with the workspace, or logged.
#pragma once

#include "llm/batch.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace plumage::ui {

struct GenerationSettings {
  QString baseUrl = QStringLiteral("https://api.openai.com/v1");
  QString model = QStringLiteral("gpt-4o-mini");
  QString keyEnvVar = QStringLiteral("OPENAI_API_KEY");
  QString templateName = QStringLiteral("structured_description.txt");  // shipped name or a path
  QString language = QStringLiteral("en");                              // en | ja
  QStringList fields;  // empty = the default bird fields
  int variants = 1;
  int concurrency = 4;
  int maxTokens = 600;
  double temperature = 0.7;

  QJsonObject toJson() const;
  static GenerationSettings fromJson(const QJsonObject& o);
};

// Builds the batch configuration: loads the template, reads the key from the
// environment and validates. Throws std::exception with a message naming the
// offending setting (bad template file, bad language, invalid numbers).
llm::BatchConfig makeBatchConfig(const GenerationSettings& s);

// "3 requests, 2 already done; about 1,234 prompt + 900 completion tokens; ~$0.0012 (at most $0.0030)".
QString describeEstimate(const llm::CostEstimate& e);
QString formatUsd(const std::optional<double>& usd);

}  // namespace plumage::ui
