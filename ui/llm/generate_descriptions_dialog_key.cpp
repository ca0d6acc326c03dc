// The API key part of the generation dialog: which source the key comes from
// (an environment variable or the secret store), and saving / forgetting the
// key in the secret store. The key itself is never shown: only whether there
// is one, and where.
#include "ui/llm/generate_descriptions_dialog.h"

#include "ui/llm/system_keychain_store.h"

#include <QComboBox>
#include <QFormLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>

namespace plumage::ui {

void GenerateDescriptionsDialog::setSecretStore(SecretStore* store) {
  keyRequest_ = 0;  // an answer from the previous store is not awaited any more
  secrets_ = store ? store : systemKeychain_.get();
  updateKeySourceRows();
  updateControls();
}

QString GenerateDescriptionsDialog::currentKeychainEntry() const {
  GenerationSettings s;
  s.baseUrl = baseUrl_->text();
  s.keychainEntry = keychainEntry_->text();
  return keychainEntryName(s);
}

void GenerateDescriptionsDialog::updateKeySourceRows() {
  const bool keychain = keySource_->currentData().toString() == kKeySourceKeychain;
  form_->setRowVisible(keyEnvVar_, !keychain);
  form_->setRowVisible(keychainEntry_, keychain);
  form_->setRowVisible(keychainButtons_, keychain);
  GenerationSettings endpointOnly;
  endpointOnly.baseUrl = baseUrl_->text();
  keychainEntry_->setPlaceholderText(keychainEntryName(endpointOnly));
  if (!keychain) {
    showEnvKeyStatus();
    return;
  }
  const QString entry = currentKeychainEntry();
  keyStatus_->setText(entry.isEmpty() ? tr("Name a keychain entry (or an endpoint) first.")
                                      : tr("The key is read from %1, entry \"%2\", when the batch starts.")
                                            .arg(secrets_->description(), entry));
}

void GenerateDescriptionsDialog::showEnvKeyStatus() {
  // Only whether the variable is set is shown, never its value.
  const QByteArray name = keyEnvVar_->text().trimmed().toLocal8Bit();
  const bool set = !name.isEmpty() && !qgetenv(name.constData()).isEmpty();
  keyStatus_->setText(set ? tr("Key found in the environment.")
                          : tr("No key in the environment (fine for local servers that need none)."));
}

void GenerateDescriptionsDialog::promptSaveKey() {
  const QString entry = currentKeychainEntry();
  if (entry.isEmpty()) {
    keyStatus_->setText(tr("Name a keychain entry (or an endpoint) first."));
    return;
  }
  // Window-modal but not blocking (open, not exec), so the GUI thread keeps running.
  auto* input = new QInputDialog(this);
  input->setObjectName(QStringLiteral("saveKeyInput"));
  input->setAttribute(Qt::WA_DeleteOnClose);
  input->setWindowTitle(tr("Save Key to Keychain"));
  input->setLabelText(tr("API key to save in %1 as \"%2\":").arg(secrets_->description(), entry));
  input->setTextEchoMode(QLineEdit::Password);
  input->setInputMethodHints(Qt::ImhSensitiveData | Qt::ImhNoPredictiveText | Qt::ImhHiddenText);
  connect(input, &QInputDialog::textValueSelected, this, [this, input](const QString& key) {
    input->setTextValue(QString());  // the input dialog lingers until deleted: drop its copy now
    saveKeyToKeychain(key);
  });
  input->open();
}

void GenerateDescriptionsDialog::saveKeyToKeychain(const QString& key) {
  const QString entry = currentKeychainEntry();
  const QString trimmed = key.trimmed();
  if (entry.isEmpty() || trimmed.isEmpty()) {
    keyStatus_->setText(entry.isEmpty() ? tr("Name a keychain entry (or an endpoint) first.")
                                        : tr("The key is empty: nothing was saved."));
    emit keychainOperationFinished(false);
    return;
  }
  keychainOpPending_ = true;
  updateControls();
  keyStatus_->setText(tr("Saving the key in %1…").arg(secrets_->description()));
  secrets_->write(entry, trimmed, this, [this, entry](const SecretResult& r) {
    keychainOpPending_ = false;
    updateControls();
    keyStatus_->setText(r.ok() ? tr("Key saved in %1 as \"%2\".").arg(secrets_->description(), entry)
                               : r.message + QLatin1Char(' ') +
                                     tr("Nothing was saved: take the key from an environment variable instead."));
    emit keychainOperationFinished(r.ok());
  });
}

void GenerateDescriptionsDialog::confirmForgetKey() {
  const QString entry = currentKeychainEntry();
  if (entry.isEmpty()) {
    keyStatus_->setText(tr("Name a keychain entry (or an endpoint) first."));
    return;
  }
  auto* box = new QMessageBox(QMessageBox::Question, tr("Forget Key"),
                              tr("Remove the key saved as \"%1\" from %2?").arg(entry, secrets_->description()),
                              QMessageBox::Yes | QMessageBox::Cancel, this);
  box->setObjectName(QStringLiteral("forgetKeyConfirmation"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  connect(box, &QMessageBox::finished, this, [this](int result) {
    if (result == QMessageBox::Yes) forgetKeyInKeychain();
  });
  box->open();
}

void GenerateDescriptionsDialog::forgetKeyInKeychain() {
  const QString entry = currentKeychainEntry();
  if (entry.isEmpty()) {
    keyStatus_->setText(tr("Name a keychain entry (or an endpoint) first."));
    emit keychainOperationFinished(false);
    return;
  }
  keychainOpPending_ = true;
  updateControls();
  secrets_->remove(entry, this, [this, entry](const SecretResult& r) {
    keychainOpPending_ = false;
    updateControls();
    const bool gone = r.ok() || r.status == SecretResult::Status::NotFound;
    if (r.ok())
      keyStatus_->setText(tr("Key \"%1\" removed from %2.").arg(entry, secrets_->description()));
    else if (gone)
      keyStatus_->setText(tr("No key was saved as \"%1\": nothing to remove.").arg(entry));
    else
      keyStatus_->setText(r.message);
    emit keychainOperationFinished(gone);
  });
}

QString GenerateDescriptionsDialog::keyStatusText() const { return keyStatus_->text(); }

}  // namespace plumage::ui
