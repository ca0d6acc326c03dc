// The description-generation dialog: endpoint, model, API key source (an
// environment variable, or the system keychain with Save/Forget), prompt
// template, language, fields, classes and variants; a cost estimate before
// starting; then a batch (core/llm run_batch) on a worker Job with progress,
// a log, Cancel (finish the requests in flight, keep what is paid for) and a
// second Cancel that aborts them. Results go into the workspace's own copy of
// the descriptions file, and the open dataset is reloaded so the description
// inspector shows them.
#pragma once

#include "ui/llm/generation_settings.h"

#include <QDialog>
#include <QPointer>
#include <QVariantMap>

#include <atomic>
#include <memory>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace plumage::ui {

class Job;
class SecretStore;
struct SecretResult;
class Workspace;

class GenerateDescriptionsDialog : public QDialog {
  Q_OBJECT
 public:
  explicit GenerateDescriptionsDialog(Workspace* workspace, QWidget* parent = nullptr);
  ~GenerateDescriptionsDialog() override;

  GenerationSettings settings() const;
  void setSettings(const GenerationSettings& s);
  // Selects the classes with these keys ("001.Black_footed_Albatross") only.
  void selectClasses(const QStringList& keys);
  // Recomputes the estimate shown; returns false (and shows why) when the settings are invalid.
  bool updateEstimate();
  void start();
  void cancel();  // first call: graceful; second: abort requests in flight
  bool isRunning() const;

  // The store behind the "System keychain" key source; by default the
  // system keychain. Not owned; null restores the default.
  void setSecretStore(SecretStore* store);
  // Saves `key` to / removes it from the secret store, under the entry the
  // settings name (the "Save Key…" and "Forget Key" buttons, after asking).
  void saveKeyToKeychain(const QString& key);
  void forgetKeyInKeychain();

  // For tests.
  QString estimateText() const;
  QString logText() const;
  QString keyStatusText() const;
  QVariantMap lastReport() const { return lastReport_; }

 signals:
  void batchFinished(const QVariantMap& report);  // after the inspector's data was reloaded
  // Start could not read the key from the secret store; no batch was started.
  void keyReadFailed(const QString& message);
  // A save or forget of the keychain key ended.
  void keychainOperationFinished(bool ok);

 protected:
  void reject() override;

 private:
  std::vector<llm::ClassTarget> selectedTargets() const;
  void startWithKey(const QString& keychainKey);
  void onKeyRead(const SecretResult& r);
  void promptSaveKey();
  void confirmForgetKey();
  void updateKeySourceRows();
  void showEnvKeyStatus();
  void appendLog(const QString& line);
  void onJobSucceeded(const QVariant& result);
  void onJobEnded(const QString& summary);
  void updateControls();
  QString currentKeychainEntry() const;
  bool ensureWorkspaceCopy(QString* path, QString* error);

  QPointer<Workspace> workspace_;
  Job* job_ = nullptr;
  std::unique_ptr<SecretStore> systemKeychain_;
  SecretStore* secrets_ = nullptr;
  int keyRequest_ = 0;  // the key read Start is waiting for; 0 = none
  int keyRequestsMade_ = 0;
  bool keychainOpPending_ = false;  // a save or forget in progress
  std::atomic<bool> abort_{false};
  QVariantMap lastReport_;

  QLineEdit* baseUrl_;
  QLineEdit* model_;
  QComboBox* keySource_;
  QLineEdit* keyEnvVar_;
  QLineEdit* keychainEntry_;
  QWidget* keychainButtons_;
  QPushButton* saveKeyButton_;
  QPushButton* forgetKeyButton_;
  QLabel* keyStatus_;
  QFormLayout* form_;
  QComboBox* template_;
  QComboBox* language_;
  QLineEdit* fields_;
  QSpinBox* variants_;
  QSpinBox* concurrency_;
  QSpinBox* maxTokens_;
  QDoubleSpinBox* temperature_;
  QListWidget* classes_;
  QLabel* estimate_;
  QProgressBar* progress_;
  QPlainTextEdit* log_;
  QPushButton* estimateButton_;
  QPushButton* startButton_;
  QPushButton* cancelButton_;
  QPushButton* closeButton_;
};

}  // namespace plumage::ui
