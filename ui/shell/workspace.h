// A workspace is a folder the user chooses: it holds the experiment store
// (workspace.sqlite), a cache folder (thumbnails, features) and the settings
// (workspace.json: registered datasets and which one is open). Everything the
// workbench writes goes inside it, so a workspace can be copied or deleted as
// a unit.
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVector>

class QUndoStack;

namespace plumage::ui {

class DatasetSession;

// One dataset registered in a workspace. Paths are stored as given (absolute).
struct DatasetEntry {
  QString name;          // shown in the UI; unique within the workspace
  QString root;          // CUB-layout folder (images.txt, classes.txt, ...)
  QString captionsDir;   // Reed text_c10 folder, empty when none
  QString descriptions;  // descriptions JSON as imported (original file), empty when none
  QString descriptionsFormat = QStringLiteral("auto");  // auto | plumage | menon | cupl

  QJsonObject toJson() const;
  static DatasetEntry fromJson(const QJsonObject& o);
  bool operator==(const DatasetEntry& o) const;
};

class Workspace : public QObject {
  Q_OBJECT
 public:
  static constexpr int kFormatVersion = 1;
  static QString settingsFileName() { return QStringLiteral("workspace.json"); }
  static QString storeFileName() { return QStringLiteral("workspace.sqlite"); }

  // Creates the folder layout and settings file. Fails (with *error set) when
  // `dir` already holds a workspace or is a non-empty folder that is not one.
  static Workspace* create(const QString& dir, QString* error, QObject* parent = nullptr);
  // Opens an existing workspace; *error names the file and the problem. A
  // folder made by `plumage-cli demo` (a demo dataset, no settings file yet)
  // becomes a workspace in place, with its demo dataset registered.
  static Workspace* open(const QString& dir, QString* error, QObject* parent = nullptr);
  static bool isWorkspace(const QString& dir);

  QString root() const { return root_; }
  QString name() const;
  QString storePath() const;
  QString cacheDir() const;
  QString thumbnailCacheDir() const;
  QString featureCacheDir() const;
  // Where the workspace keeps its own editable copy of a dataset's descriptions.
  QString descriptionsStorePath(const DatasetEntry& d) const;

  const QVector<DatasetEntry>& datasets() const { return datasets_; }
  int currentDatasetIndex() const { return current_; }
  const DatasetEntry* currentDataset() const;

  // Registers a dataset (replacing one of the same name) and makes it current.
  bool addDataset(const DatasetEntry& d, QString* error);
  bool removeDataset(int index, QString* error);
  bool setCurrentDataset(int index, QString* error);

  // The current dataset as loaded at run time (images, captions, descriptions, selection).
  DatasetSession* session() const { return session_; }

  // Edits made in this workspace (descriptions, review marks), undoable.
  QUndoStack* undoStack() const { return undo_; }

  // Free-form settings other pages may keep (JSON values under "pages").
  QJsonObject pageSettings(const QString& page) const;
  bool setPageSettings(const QString& page, const QJsonObject& value, QString* error);

 signals:
  void datasetsChanged();
  void currentDatasetChanged();

 private:
  explicit Workspace(QString root, QObject* parent);
  // The cache folders and a fresh settings file listing `datasets` (the
  // first one current) in `dir`, which may already hold files.
  static Workspace* initialize(const QString& dir, const QVector<DatasetEntry>& datasets, QString* error,
                               QObject* parent);
  bool load(QString* error);
  bool save(QString* error) const;

  QString root_;
  QVector<DatasetEntry> datasets_;
  int current_ = -1;
  QJsonObject pages_;
  QUndoStack* undo_;
  DatasetSession* session_;
};

// The demo dataset of a demo workspace (experiment/demo_workspace.h: the
// same folders whether `plumage-cli demo` or the workbench made it).
DatasetEntry demoDatasetEntry(const QString& workspaceRoot);

// Most-recently-used workspace folders, kept in QSettings.
class RecentWorkspaces {
 public:
  static QStringList list();
  static void add(const QString& dir);
  static void remove(const QString& dir);
  static constexpr int kMax = 8;
};

}  // namespace plumage::ui
