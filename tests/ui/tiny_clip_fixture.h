// A tiny random-weight CLIP checkpoint with a BPE vocabulary learned from the
// given texts beside it (vocab.json + merges.txt), for extraction tests that
// need a real model file but no downloaded weights. Torch stays in the .cpp.
#pragma once

#include <QString>
#include <QStringList>

namespace plumage::test {

// Writes <dir>/model.safetensors (and the vocabulary, unless `withVocabulary`
// is false); returns the model path.
QString writeTinyClip(const QString& dir, const QStringList& corpus, bool withVocabulary = true);

}  // namespace plumage::test
