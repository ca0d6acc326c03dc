// CLIP token counts for the description inspector, through core/data's
// tokenizer. The vocabulary file (bpe_simple_vocab_16e6.txt.gz) is not part of
// Plumage; it is looked up in: $PLUMAGE_CLIP_VOCAB, the path saved in the
// settings (“Set CLIP Vocabulary…”), the workspace's clip/ folder, and the
// shared reference data of a development checkout. Without one, counts are
// unavailable and the UI says so.
#pragma once

#include <QString>
#include <QStringList>

#include <memory>

namespace plumage::data {
class ClipTokenizer;
}

namespace plumage::ui {

struct TextTokens {
  bool known = false;     // false when no tokenizer is available
  int tokens = 0;         // with start and end tokens
  int context = 77;
  int truncatedAt = -1;   // character offset of the first dropped token; -1 when it fits
};

class TokenCounter {
 public:
  // Candidate vocabulary paths in search order (existing or not).
  static QStringList candidatePaths(const QString& workspaceDir);
  // Remembers a user-chosen vocabulary in QSettings.
  static void setUserVocabulary(const QString& path);

  // Loads the first readable vocabulary among the candidates; *error says why none could be.
  bool load(const QString& workspaceDir, QString* error);
  bool loadFile(const QString& path, QString* error);
  bool isLoaded() const { return tokenizer_ != nullptr; }
  QString source() const { return source_; }

  TextTokens count(const QString& text, int context = 77) const;

 private:
  std::shared_ptr<const data::ClipTokenizer> tokenizer_;
  QString source_;
};

}  // namespace plumage::ui
