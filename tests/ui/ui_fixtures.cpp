#include "ui_fixtures.h"

#include "core/data/descriptions.h"

#include <QColor>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSet>
#include <QTextStream>

namespace plumage::test {

namespace {
void writeText(const QString& path, const QString& text) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) qFatal("cannot write %s", qPrintable(path));
  f.write(text.toUtf8());
}
}  // namespace

QString writeTinyCoco(const QString& dir) {
  QDir().mkpath(dir + "/val2017");
  for (const char* name : {"000000000042.png", "000000001000.png"}) {
    QImage img(36, 36, QImage::Format_RGB32);
    img.fill(name[11] == '2' ? Qt::red : Qt::blue);
    if (!img.save(dir + "/val2017/" + QLatin1String(name))) qFatal("cannot write image");
  }
  const QString captions = dir + "/annotations/captions_val2017.json";
  writeText(captions, R"({"images": [{"id": 42, "file_name": "000000000042.png"}, {"id": 7, "file_name": "000000000007.png"},
    {"id": 1000, "file_name": "000000001000.png"}],
    "annotations": [{"id": 1, "image_id": 1000, "caption": "a small bird"}, {"id": 2, "image_id": 7, "caption": "a bird"},
                    {"id": 3, "image_id": 42, "caption": "a red crown"}, {"id": 4, "image_id": 42, "caption": "white wings"}]})");
  return captions;
}

TinyCub writeTinyCub(const QString& dir, int classes, int imagesPerClass) {
  TinyCub t;
  t.root = dir + "/cub";
  t.captionsDir = dir + "/text_c10";
  t.descriptions = dir + "/descriptions.json";
  t.classes = classes;
  t.imagesPerClass = imagesPerClass;
  QString classesTxt, imagesTxt, labelsTxt, splitTxt, boxesTxt;
  int id = 0;
  for (int c = 1; c <= classes; ++c) {
    const QString cls = QStringLiteral("%1.Test_Bird_%2").arg(c, 3, 10, QLatin1Char('0')).arg(QChar('A' + c - 1));
    classesTxt += QStringLiteral("%1 %2\n").arg(c).arg(cls);
    for (int i = 0; i < imagesPerClass; ++i) {
      ++id;
      const QString stem = QStringLiteral("Test_Bird_%1_%2").arg(c).arg(i);
      const QString rel = cls + "/" + stem + ".jpg";
      QImage img(160 + 8 * i, 120, QImage::Format_RGB32);
      img.fill(QColor::fromHsv((c * 70) % 360, 180, 200));
      QPainter p(&img);
      p.setBrush(QColor::fromHsv((c * 70 + 180) % 360, 200, 120));
      p.drawEllipse(QRect(30, 20, 80, 60));
      p.end();
      QDir().mkpath(t.root + "/images/" + cls);
      if (!img.save(t.root + "/images/" + rel, "JPG")) qFatal("cannot write image");
      imagesTxt += QStringLiteral("%1 %2\n").arg(id).arg(rel);
      labelsTxt += QStringLiteral("%1 %2\n").arg(id).arg(c);
      splitTxt += QStringLiteral("%1 %2\n").arg(id).arg(i % 2 == 0 ? 1 : 0);
      boxesTxt += QStringLiteral("%1 30 20 80 60\n").arg(id);
      QString caps;
      for (int k = 0; k < 10; ++k)
        caps += QStringLiteral("this bird has a red crown and a short yellow beak, caption %1\n").arg(k);
      writeText(t.captionsDir + "/" + cls + "/" + stem + ".txt", caps);
    }
  }
  writeText(t.root + "/classes.txt", classesTxt);
  writeText(t.root + "/images.txt", imagesTxt);
  writeText(t.root + "/image_class_labels.txt", labelsTxt);
  writeText(t.root + "/train_test_split.txt", splitTxt);
  writeText(t.root + "/bounding_boxes.txt", boxesTxt);

  data::DescriptionStore store;
  store.title = "test descriptions";
  store.fields = {"Size", "Coloration", "Beak", "Eyes"};
  auto cls = [](int c) {
    return QStringLiteral("%1.Test_Bird_%2").arg(c, 3, 10, QLatin1Char('0')).arg(QChar('A' + c - 1)).toStdString();
  };
  data::DescriptionVariant a;
  a.id = "v1";
  a.fields = {{"Size", "Small, sparrow sized."}, {"Coloration", "Bright red crown, gray back and white belly."},
              {"Beak", "Short and conical."}};
  a.provenance.source = "llm";
  a.provenance.model = "test-model";
  a.provenance.created = "2026-11-27T12:00:00Z";
  a.provenance.prompt = "Describe the bird.";
  a.provenance.raw_text = "Size: Small...";
  store.add_variant(cls(1), a);
  data::DescriptionVariant b = a;
  b.id = "menon";
  b.fields.clear();
  b.sentences = {"a small bird", "red crown", "short conical beak"};
  b.provenance.source = "menon_vondrick";
  store.add_variant(cls(1), b);
  if (classes >= 2) {
    data::DescriptionVariant full = a;
    full.fields.push_back({"Eyes", "Dark eyes with a pale eye-ring."});
    store.add_variant(cls(2), full);
  }
  store.save(t.descriptions.toStdString());
  return t;
}

QString sharedData(const QString& relative) {
  QString base = qEnvironmentVariable("PLUMAGE_SHARED_DATA");
#ifdef PLUMAGE_SHARED_DATA_DIR
  if (base.isEmpty()) base = QStringLiteral(PLUMAGE_SHARED_DATA_DIR);
#endif
  const QString path = QDir(base).filePath(relative);
  return !base.isEmpty() && QFileInfo::exists(path) ? path : QString();
}

QString writeSymlinkedCub(const QString& dir, int total) {
  const QString subset = sharedData(QStringLiteral("cub200-subset"));
  if (subset.isEmpty()) return {};
  auto readLines = [](const QString& path) {
    QFile f(path);
    QStringList out;
    if (!f.open(QIODevice::ReadOnly)) return out;
    for (const QString& l : QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) out << l.trimmed();
    return out;
  };
  const QStringList classes = readLines(subset + "/classes.txt");  // "<id> <dir>"
  const QStringList images = readLines(subset + "/images.txt");    // "<id> <dir>/<file>"
  if (classes.isEmpty() || images.isEmpty()) return {};
  QHash<QString, int> classIndex;
  for (int i = 0; i < classes.size(); ++i) classIndex.insert(classes[i].section(QLatin1Char(' '), 1), i);
  // Copy k of every class is a new class whose folder is a symlink to the
  // original folder: one link per class, distinct image paths, no data copied.
  const QString root = dir + "/cub-large";
  QDir().mkpath(root + "/images");
  QString classesTxt, imagesTxt, labelsTxt, splitTxt;
  const int copies = (total + int(images.size()) - 1) / int(images.size());
  for (int k = 0; k < copies; ++k)
    for (int c = 0; c < classes.size(); ++c) {
      const QString orig = classes[c].section(QLatin1Char(' '), 1);
      const QString name = QStringLiteral("%1.%2_copy%3").arg(k * classes.size() + c + 1, 3, 10, QLatin1Char('0')).arg(orig.section(QLatin1Char('.'), 1)).arg(k);
      QFile::link(subset + "/images/" + orig, root + "/images/" + name);
      classesTxt += QStringLiteral("%1 %2\n").arg(k * classes.size() + c + 1).arg(name);
    }
  int id = 0;
  for (int k = 0; k < copies && id < total; ++k)
    for (const QString& line : images) {
      if (id >= total) break;
      const QString rel = line.section(QLatin1Char(' '), 1);
      const QString orig = rel.section(QLatin1Char('/'), 0, 0);
      const int c = classIndex.value(orig);
      const QString name = QStringLiteral("%1.%2_copy%3").arg(k * classes.size() + c + 1, 3, 10, QLatin1Char('0')).arg(orig.section(QLatin1Char('.'), 1)).arg(k);
      ++id;
      imagesTxt += QStringLiteral("%1 %2/%3\n").arg(id).arg(name, rel.section(QLatin1Char('/'), 1));
      labelsTxt += QStringLiteral("%1 %2\n").arg(id).arg(k * classes.size() + c + 1);
      splitTxt += QStringLiteral("%1 %2\n").arg(id).arg(id % 2);
    }
  writeText(root + "/classes.txt", classesTxt);
  writeText(root + "/images.txt", imagesTxt);
  writeText(root + "/image_class_labels.txt", labelsTxt);
  writeText(root + "/train_test_split.txt", splitTxt);
  return root;
}

bool imageHasContent(const QString& pngPath, QString* why) {
  QImage img(pngPath);
  if (img.isNull()) {
    *why = "cannot read " + pngPath;
    return false;
  }
  QSet<QRgb> colors;
  for (int y = 0; y < img.height(); y += 3)
    for (int x = 0; x < img.width(); x += 3) {
      colors.insert(img.pixel(x, y));
      if (colors.size() > 50) return true;
    }
  *why = QStringLiteral("only %1 distinct colors in %2x%3").arg(colors.size()).arg(img.width()).arg(img.height());
  return false;
}

}  // namespace plumage::test
