// The system keychain (Secret Service or KWallet on Linux, Keychain on macOS,
// Credential Manager on Windows) through QtKeychain, under the service
// "plumage". Never falls back to a plaintext file. Every operation is bounded:
// a keychain that does not answer within the timeout (a locked wallet waiting
// for a prompt, a hung D-Bus service) is reported as TimedOut.
#pragma once

#include "ui/llm/secret_store.h"

namespace plumage::ui {

class SystemKeychainStore : public SecretStore {
 public:
  static constexpr const char* kService = "plumage";

  explicit SystemKeychainStore(int timeoutMs = 20000);

  void read(const QString& entry, QObject* context, Callback done) override;
  void write(const QString& entry, const QString& secret, QObject* context, Callback done) override;
  void remove(const QString& entry, QObject* context, Callback done) override;
  QString description() const override;

 private:
  int timeoutMs_;
};

}  // namespace plumage::ui
