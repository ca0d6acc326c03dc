// A run store with a synthetic, finished sweep (made through core/store's
// API, no training): text sources none/reed/llm × image ratios 100…0 % × 3
// seeds, with per-class accuracy and confusion matrices. Milliseconds.
#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>

namespace plumage::test {

struct SyntheticSweep {
  int64_t sweepId = 0;
  QStringList classes;
  int runs = 0;
};

// Writes the sweep into the store at `storePath` (created if needed).
// `classes` > 0 names classes "Class 1"…; Japanese names when `japaneseNames`.
// `name`: the sweep's name; `sampling` (when not empty) goes into every
// run's config; `offset` is added to every accuracy (a second sweep).
SyntheticSweep writeSyntheticSweep(const QString& storePath, int classes = 6, bool japaneseNames = false,
                                   const QString& name = QStringLiteral("synthetic"),
                                   const QString& sampling = QString(), double offset = 0.0);

}  // namespace plumage::test
