#include "ui/common/token_counter.h"

#include "core/data/tokenizer/tokenizer.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace plumage::ui {

namespace {
const char* const kVocabName = "bpe_simple_vocab_16e6.txt.gz";
}

QStringList TokenCounter::candidatePaths(const QString& workspaceDir) {
  QStringList paths;
  const QString env = qEnvironmentVariable("PLUMAGE_CLIP_VOCAB");
  if (!env.isEmpty()) paths << env;
  const QString user = QSettings().value(QStringLiteral("tokenizer/vocabulary")).toString();
  if (!user.isEmpty()) paths << user;
  if (!workspaceDir.isEmpty()) paths << QDir(workspaceDir).filePath(QStringLiteral("clip/") + kVocabName);
#ifdef PLUMAGE_SHARED_DATA_DIR
  paths << QDir(QStringLiteral(PLUMAGE_SHARED_DATA_DIR)).filePath(QStringLiteral("clip/") + kVocabName);
#endif
  return paths;
}

void TokenCounter::setUserVocabulary(const QString& path) {
  QSettings().setValue(QStringLiteral("tokenizer/vocabulary"), QFileInfo(path).absoluteFilePath());
}

bool TokenCounter::load(const QString& workspaceDir, QString* error) {
  QStringList tried;
  for (const QString& p : candidatePaths(workspaceDir)) {
    if (!QFileInfo::exists(p)) {
      tried << p;
      continue;
    }
    if (loadFile(p, error)) return true;
    return false;
  }
  *error = QObject::tr("no CLIP vocabulary (%1) found; looked in: %2")
               .arg(QString::fromLatin1(kVocabName), tried.join(QStringLiteral(", ")));
  return false;
}

bool TokenCounter::loadFile(const QString& path, QString* error) {
  try {
    tokenizer_ = std::make_shared<const data::ClipTokenizer>(data::ClipTokenizer::load(path.toStdString()));
    source_ = path;
    return true;
  } catch (const std::exception& e) {
    *error = QObject::tr("%1: %2").arg(QDir::toNativeSeparators(path), QString::fromUtf8(e.what()));
    tokenizer_.reset();
    return false;
  }
}

TextTokens TokenCounter::count(const QString& text, int context) const {
  TextTokens t;
  t.context = context;
  if (!tokenizer_) return t;
  const QByteArray utf8 = text.toUtf8();
  const data::TokenCount c = tokenizer_->count(std::string(utf8.constData(), std::size_t(utf8.size())), std::size_t(context));
  t.known = true;
  t.tokens = int(c.tokens);
  if (!c.fits && c.truncated_at != std::string::npos && c.truncated_at <= std::size_t(utf8.size()))
    t.truncatedAt = int(QString::fromUtf8(utf8.left(qsizetype(c.truncated_at))).size());
  return t;
}

}  // namespace plumage::ui
