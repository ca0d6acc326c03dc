#include "tiny_clip_fixture.h"

#include "core/engine/clip/clip_model.h"
#include "core/engine/safetensors.h"
#include "core/experiment/demo_vocab.h"

#include <QDir>

namespace plumage::test {

QString writeTinyClip(const QString& dir, const QStringList& corpus, bool withVocabulary) {
  QDir().mkpath(dir);
  std::vector<std::string> texts;
  for (const QString& t : corpus) texts.push_back(t.toStdString());
  const auto vocab = experiment::learn_bpe_vocabulary(texts, 60);
  if (withVocabulary) experiment::write_hf_vocabulary(vocab, dir.toStdString());
  clip::ClipConfig c;
  c.embed_dim = 16;
  c.image_resolution = 32;
  c.vision_patch_size = 8;
  c.vision_width = 32;
  c.vision_layers = 1;
  c.vision_heads = 1;
  c.vision_mlp_width = 64;
  c.context_length = 77;
  c.vocab_size = static_cast<int64_t>(vocab.tokens.size());
  c.text_width = 32;
  c.text_heads = 1;
  c.text_layers = 1;
  c.text_mlp_width = 64;
  c.validate();
  const auto weights = clip::random_clip_weights(c, 7);
  st::NamedTensors named(weights.begin(), weights.end());
  const QString path = QDir(dir).filePath(QStringLiteral("model.safetensors"));
  st::save(path.toStdString(), named, {{"config", c.to_json()}});
  return path;
}

}  // namespace plumage::test
