// Where the generation dialog can keep an API key besides the environment:
// an asynchronous secret store. The application uses the system keychain
// (SystemKeychainStore); tests inject an in-memory one. Answers always come
// later, on the GUI thread, so no caller ever blocks on a keychain.
#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace plumage::ui {

struct SecretResult {
  enum class Status {
    Ok,           // done; for a read, `secret` holds the value
    NotFound,     // no entry under that name
    Unavailable,  // no keychain service to talk to (headless machine, no Secret Service)
    Denied,       // the user or the system refused access
    TimedOut,     // the keychain did not answer in time; a late answer is ignored
    Failed,       // anything else
  };
  Status status = Status::Failed;
  QString secret;   // only for a successful read
  QString message;  // what went wrong, for people; never contains the secret

  bool ok() const { return status == Status::Ok; }
};

class SecretStore {
 public:
  using Callback = std::function<void(const SecretResult&)>;
  virtual ~SecretStore() = default;

  // Each call answers exactly once through `done`, after returning, on the
  // thread of `context` — unless `context` is destroyed first, in which case
  // `done` is never called. `entry` names the secret within the store.
  virtual void read(const QString& entry, QObject* context, Callback done) = 0;
  virtual void write(const QString& entry, const QString& secret, QObject* context, Callback done) = 0;
  virtual void remove(const QString& entry, QObject* context, Callback done) = 0;

  // Where the secrets go, for messages ("the system keychain, service "plumage"").
  virtual QString description() const = 0;
};

}  // namespace plumage::ui
