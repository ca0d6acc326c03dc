#include "ui/shell/workspace.h"

#include "ui/shell/dataset_session.h"
#include "core/experiment/demo_workspace.h"
#include "core/json/parse_limited.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSettings>
#include <QUndoStack>

namespace plumage::ui {

QJsonObject DatasetEntry::toJson() const {
  QJsonObject o;
  o["name"] = name;
  o["root"] = root;
  if (!captionsDir.isEmpty()) o["captions"] = captionsDir;
  if (!descriptions.isEmpty()) {
    o["descriptions"] = descriptions;
    o["descriptions_format"] = descriptionsFormat;
  }
  return o;
}

DatasetEntry DatasetEntry::fromJson(const QJsonObject& o) {
  DatasetEntry d;
  d.name = o.value("name").toString();
  d.root = o.value("root").toString();
  d.captionsDir = o.value("captions").toString();
  d.descriptions = o.value("descriptions").toString();
  d.descriptionsFormat = o.value("descriptions_format").toString(QStringLiteral("auto"));
  return d;
}

bool DatasetEntry::operator==(const DatasetEntry& o) const {
  return name == o.name && root == o.root && captionsDir == o.captionsDir && descriptions == o.descriptions &&
         descriptionsFormat == o.descriptionsFormat;
}

Workspace::Workspace(QString root, QObject* parent)
    : QObject(parent), root_(std::move(root)), undo_(new QUndoStack(this)) {
  session_ = new DatasetSession(this);
  connect(this, &Workspace::currentDatasetChanged, session_, &DatasetSession::reload);
}

bool Workspace::isWorkspace(const QString& dir) {
  return QFileInfo(QDir(dir).filePath(settingsFileName())).isFile();
}

Workspace* Workspace::create(const QString& dir, QString* error, QObject* parent) {
  QDir d(dir);
  if (isWorkspace(dir)) {
    *error = tr("%1 already holds a workspace; open it instead.").arg(QDir::toNativeSeparators(dir));
    return nullptr;
  }
  if (d.exists() && !d.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
    *error = tr("%1 is not empty; choose an empty or new folder for a workspace.").arg(QDir::toNativeSeparators(dir));
    return nullptr;
  }
  if (!d.mkpath(QStringLiteral("."))) {
    *error = tr("Cannot create folder %1.").arg(QDir::toNativeSeparators(dir));
    return nullptr;
  }
  return initialize(dir, {}, error, parent);
}

Workspace* Workspace::initialize(const QString& dir, const QVector<DatasetEntry>& datasets, QString* error,
                                 QObject* parent) {
  auto* ws = new Workspace(QFileInfo(dir).absoluteFilePath(), parent);
  ws->datasets_ = datasets;
  ws->current_ = datasets.isEmpty() ? -1 : 0;
  for (const QString& sub : {ws->thumbnailCacheDir(), ws->featureCacheDir(), ws->root_ + "/descriptions"}) {
    if (!QDir().mkpath(sub)) {
      *error = tr("Cannot create folder %1.").arg(QDir::toNativeSeparators(sub));
      delete ws;
      return nullptr;
    }
  }
  if (!ws->save(error)) {
    delete ws;
    return nullptr;
  }
  return ws;
}

Workspace* Workspace::open(const QString& dir, QString* error, QObject* parent) {
  if (!isWorkspace(dir) && experiment::has_demo_dataset(dir.toStdString()))
    return initialize(dir, {demoDatasetEntry(QFileInfo(dir).absoluteFilePath())}, error, parent);
  if (!isWorkspace(dir)) {
    *error = tr("%1 is not a Plumage workspace (no %2).").arg(QDir::toNativeSeparators(dir), settingsFileName());
    return nullptr;
  }
  auto* ws = new Workspace(QFileInfo(dir).absoluteFilePath(), parent);
  if (!ws->load(error)) {
    delete ws;
    return nullptr;
  }
  QDir().mkpath(ws->thumbnailCacheDir());
  QDir().mkpath(ws->featureCacheDir());
  QDir().mkpath(ws->root_ + "/descriptions");
  return ws;
}

QString Workspace::name() const { return QFileInfo(root_).fileName(); }
QString Workspace::storePath() const { return QDir(root_).filePath(storeFileName()); }
QString Workspace::cacheDir() const { return QDir(root_).filePath(QStringLiteral("cache")); }
QString Workspace::thumbnailCacheDir() const { return cacheDir() + QStringLiteral("/thumbnails"); }
QString Workspace::featureCacheDir() const { return cacheDir() + QStringLiteral("/features"); }

QString Workspace::descriptionsStorePath(const DatasetEntry& d) const {
  // The dataset name may hold any character; a hash keeps the file name safe.
  const QByteArray h = QCryptographicHash::hash(d.name.toUtf8(), QCryptographicHash::Sha1).toHex().left(12);
  return QDir(root_).filePath(QStringLiteral("descriptions/%1.json").arg(QString::fromLatin1(h)));
}

const DatasetEntry* Workspace::currentDataset() const {
  return current_ >= 0 && current_ < datasets_.size() ? &datasets_[current_] : nullptr;
}

bool Workspace::addDataset(const DatasetEntry& d, QString* error) {
  if (d.name.trimmed().isEmpty()) {
    *error = tr("A dataset needs a name.");
    return false;
  }
  int index = -1;
  for (int i = 0; i < datasets_.size(); ++i)
    if (datasets_[i].name == d.name) index = i;
  if (index < 0) {
    datasets_.push_back(d);
    index = datasets_.size() - 1;
  } else {
    datasets_[index] = d;
  }
  current_ = index;
  if (!save(error)) return false;
  emit datasetsChanged();
  emit currentDatasetChanged();
  return true;
}

bool Workspace::removeDataset(int index, QString* error) {
  if (index < 0 || index >= datasets_.size()) {
    *error = tr("No dataset number %1.").arg(index + 1);
    return false;
  }
  const bool wasCurrent = index == current_;
  datasets_.removeAt(index);
  if (current_ >= datasets_.size() || wasCurrent) current_ = datasets_.isEmpty() ? -1 : 0;
  else if (current_ > index) --current_;
  if (!save(error)) return false;
  emit datasetsChanged();
  if (wasCurrent) emit currentDatasetChanged();
  return true;
}

bool Workspace::setCurrentDataset(int index, QString* error) {
  if (index < -1 || index >= datasets_.size()) {
    *error = tr("No dataset number %1.").arg(index + 1);
    return false;
  }
  if (index == current_) return true;
  current_ = index;
  if (!save(error)) return false;
  emit currentDatasetChanged();
  return true;
}

QJsonObject Workspace::pageSettings(const QString& page) const { return pages_.value(page).toObject(); }

bool Workspace::setPageSettings(const QString& page, const QJsonObject& value, QString* error) {
  pages_[page] = value;
  return save(error);
}

bool Workspace::load(QString* error) {
  const QString path = QDir(root_).filePath(settingsFileName());
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    *error = tr("%1: cannot read: %2").arg(QDir::toNativeSeparators(path), f.errorString());
    return false;
  }
  // The same limits as every JSON input, before Qt builds a document.
  if (quint64(f.size()) > jsonio::kConfig.max_bytes) {
    *error = tr("%1: file of %2 bytes is larger than the limit of %3 bytes")
                 .arg(QDir::toNativeSeparators(path))
                 .arg(f.size())
                 .arg(quint64(jsonio::kConfig.max_bytes));
    return false;
  }
  const QByteArray bytes = f.readAll();
  try {
    jsonio::check(std::string_view(bytes.constData(), std::size_t(bytes.size())),
                  QDir::toNativeSeparators(path).toStdString(), jsonio::kConfig);
  } catch (const jsonio::Error& e) {
    *error = QString::fromStdString(e.what());
    return false;
  }
  QJsonParseError pe;
  const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
  if (pe.error != QJsonParseError::NoError) {
    *error = tr("%1: offset %2: %3").arg(QDir::toNativeSeparators(path)).arg(pe.offset).arg(pe.errorString());
    return false;
  }
  if (!doc.isObject()) {
    *error = tr("%1: expected a JSON object").arg(QDir::toNativeSeparators(path));
    return false;
  }
  const QJsonObject o = doc.object();
  const int format = o.value("format").toInt(-1);
  if (format < 1 || format > kFormatVersion) {
    *error = tr("%1: key \"format\": unsupported workspace format %2 (this Plumage reads up to %3)")
                 .arg(QDir::toNativeSeparators(path))
                 .arg(format)
                 .arg(kFormatVersion);
    return false;
  }
  if (!o.value("datasets").isArray() && o.contains("datasets")) {
    *error = tr("%1: key \"datasets\": expected a list").arg(QDir::toNativeSeparators(path));
    return false;
  }
  datasets_.clear();
  const QJsonArray list = o.value("datasets").toArray();
  for (int i = 0; i < list.size(); ++i) {
    const DatasetEntry d = DatasetEntry::fromJson(list[i].toObject());
    if (d.name.isEmpty() || d.root.isEmpty()) {
      *error = tr("%1: key \"datasets[%2]\": needs \"name\" and \"root\"").arg(QDir::toNativeSeparators(path)).arg(i);
      return false;
    }
    datasets_.push_back(d);
  }
  current_ = o.value("current_dataset").toInt(datasets_.isEmpty() ? -1 : 0);
  if (current_ >= datasets_.size() || current_ < -1) current_ = datasets_.isEmpty() ? -1 : 0;
  pages_ = o.value("pages").toObject();
  return true;
}

bool Workspace::save(QString* error) const {
  QJsonObject o;
  o["format"] = kFormatVersion;
  QJsonArray list;
  for (const DatasetEntry& d : datasets_) list.append(d.toJson());
  o["datasets"] = list;
  o["current_dataset"] = current_;
  o["pages"] = pages_;
  const QString path = QDir(root_).filePath(settingsFileName());
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(o).toJson()) < 0 || !f.commit()) {
    *error = tr("%1: cannot write: %2").arg(QDir::toNativeSeparators(path), f.errorString());
    return false;
  }
  return true;
}

DatasetEntry demoDatasetEntry(const QString& workspaceRoot) {
  const experiment::DemoLayout l = experiment::demo_layout(workspaceRoot.toStdString());
  return {Workspace::tr("Demo birds"), QString::fromStdString(l.dataset), QString::fromStdString(l.captions),
          QString::fromStdString(l.descriptions), QStringLiteral("plumage")};
}

QStringList RecentWorkspaces::list() {
  return QSettings().value(QStringLiteral("workspaces/recent")).toStringList();
}

void RecentWorkspaces::add(const QString& dir) {
  QStringList l = list();
  const QString abs = QFileInfo(dir).absoluteFilePath();
  l.removeAll(abs);
  l.prepend(abs);
  while (l.size() > kMax) l.removeLast();
  QSettings().setValue(QStringLiteral("workspaces/recent"), l);
}

void RecentWorkspaces::remove(const QString& dir) {
  QStringList l = list();
  l.removeAll(QFileInfo(dir).absoluteFilePath());
  QSettings().setValue(QStringLiteral("workspaces/recent"), l);
}

}  // namespace plumage::ui
