// The "Real experiment" dialog's checks: each chosen folder or file is read by
// the validators the rest of Plumage uses (dataset inspection, Reed captions,
// COCO captions, the CLIP model inspection, the environment) and summed up in
// one line. Plain functions without widgets: they run on a worker (Job).
#pragma once

#include <QCoreApplication>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <functional>

namespace plumage::ui {

struct RealDataCheck {
  // Empty: nothing chosen. Warning: usable but incomplete (COCO images missing).
  enum class State { Empty, Ok, Warning, Problem };
  State state = State::Empty;
  QString summary;      // ok: what was found; otherwise the first problem, naming its file (and line)
  QStringList details;  // every problem and note (shown as a tooltip)

  bool ok() const { return state == State::Ok || state == State::Warning; }
};

class RealDataChecks {
  Q_DECLARE_TR_FUNCTIONS(RealDataChecks)
 public:
  using Progress = std::function<void(qint64 done, qint64 total)>;
  // A CUB-200-2011 folder: `plumage-cli dataset inspect`, image files included.
  static RealDataCheck cub(const QString& dir, const Progress& progress = {});
  // Reed's text_c10 folder, joined to the images of the CUB folder `cubDir`.
  static RealDataCheck reed(const QString& dir, const QString& cubDir);
  // A COCO captions_*.json; `imageDir` empty: the folder found beside it
  // (../val2017, ...). Images listed but not on disk are counted.
  static RealDataCheck coco(const QString& captionsJson, const QString& imageDir);
  // A CLIP checkpoint file or model folder, as `plumage-cli model inspect` reads it.
  static RealDataCheck clip(const QString& path);
  // Whether the environment variable `name` holds a key (never its value).
  static RealDataCheck apiKey(const QString& name);
  // "11,788": the same digits grouping in every UI language.
  static QString count(qint64 n);
};

}  // namespace plumage::ui

Q_DECLARE_METATYPE(plumage::ui::RealDataCheck)
