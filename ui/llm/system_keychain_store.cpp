#include "ui/llm/system_keychain_store.h"

#include <qt6keychain/keychain.h>

#include <QCoreApplication>
#include <QTimer>

#ifdef PLUMAGE_HAVE_QTDBUS
#include <QDBusConnection>
#endif

#include <memory>

namespace plumage::ui {

namespace {

using Interpret = std::function<SecretResult(QKeychain::Job*)>;

// QtKeychain says only "Unknown error" when Linux has no D-Bus session: say why.
bool noSessionBus() {
#ifdef PLUMAGE_HAVE_QTDBUS
  return !QDBusConnection::sessionBus().isConnected();
#else
  return false;
#endif
}

QString unavailableMessage(const QString& detail) {
  QString why;
  if (noSessionBus())
    why = QCoreApplication::translate("SystemKeychainStore",
                                      "there is no D-Bus session bus, so there is no Secret Service or KWallet to ask "
                                      "(usual on headless machines and CI)");
  else
#ifdef Q_OS_LINUX
    why = QCoreApplication::translate("SystemKeychainStore",
                                      "no Secret Service (GNOME Keyring, KeePassXC) or KWallet answered on the session bus");
#else
    why = QCoreApplication::translate("SystemKeychainStore", "the platform keychain service did not respond");
#endif
  return QCoreApplication::translate("SystemKeychainStore", "The system keychain is not available: %1 (QtKeychain: %2).")
      .arg(why, detail);
}

// Maps a finished job to a result. `secret` (for a write) is removed from any
// text the backend sends back, in case it quotes what it was given.
SecretResult resultOf(QKeychain::Job* job, const QString& entry, const QString& secret = QString()) {
  SecretResult r;
  QString detail = job->errorString();
  if (!secret.isEmpty()) detail.replace(secret, QStringLiteral("[REDACTED]"));
  switch (job->error()) {
    case QKeychain::NoError:
      r.status = SecretResult::Status::Ok;
      return r;
    case QKeychain::EntryNotFound:
      r.status = SecretResult::Status::NotFound;
      r.message = QCoreApplication::translate("SystemKeychainStore", "No key is saved in the system keychain under \"%1\".").arg(entry);
      return r;
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
      r.status = SecretResult::Status::Denied;
      r.message = QCoreApplication::translate("SystemKeychainStore", "The system keychain refused access to \"%1\" (%2).").arg(entry, detail);
      return r;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
      r.status = SecretResult::Status::Unavailable;
      r.message = unavailableMessage(detail);
      return r;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
      break;
  }
  if (noSessionBus()) {
    r.status = SecretResult::Status::Unavailable;
    r.message = unavailableMessage(detail);
  } else {
    r.status = SecretResult::Status::Failed;
    r.message = QCoreApplication::translate("SystemKeychainStore", "The system keychain reported an error for \"%1\" (%2).").arg(entry, detail);
#ifdef Q_OS_LINUX
    // QtKeychain often says only "Unknown error" when no keychain service runs on the bus.
    r.message += QLatin1Char(' ') + QCoreApplication::translate("SystemKeychainStore",
                                                                "On Linux the keychain needs a Secret Service (GNOME Keyring or "
                                                                "KeePassXC, through libsecret) or KWallet running in the session.");
#endif
  }
  return r;
}

// Starts `job` and answers once: with the job's result, or TimedOut after
// `timeoutMs`. The job deletes itself when (if ever) it finishes; a late
// answer finds `answered` set and is dropped. Both connections are tied to
// `context`, so nothing is called once it is gone.
void runBounded(QKeychain::Job* job, int timeoutMs, QObject* context, Interpret interpret, SecretStore::Callback done) {
  Q_ASSERT(context);
  job->setAutoDelete(true);
  job->setInsecureFallback(false);  // never a plaintext file
  auto answered = std::make_shared<bool>(false);
  auto* timer = new QTimer(context);
  timer->setSingleShot(true);
  QObject::connect(timer, &QTimer::timeout, context, [answered, timer, timeoutMs, done] {
    if (*answered) return;
    *answered = true;
    timer->deleteLater();
    SecretResult r;
    r.status = SecretResult::Status::TimedOut;
    r.message = QCoreApplication::translate("SystemKeychainStore",
                                            "The system keychain did not answer within %1 s (is it locked, waiting for a "
                                            "password prompt?).")
                    .arg(timeoutMs / 1000.0, 0, 'g', 3);
    done(r);
  });
  QObject::connect(job, &QKeychain::Job::finished, context, [answered, timer, interpret, done](QKeychain::Job* j) {
    if (*answered) return;
    *answered = true;
    timer->stop();
    timer->deleteLater();
    done(interpret(j));
  });
  timer->start(timeoutMs);
  job->start();  // queued by QtKeychain: `finished` always comes later
}

}  // namespace

SystemKeychainStore::SystemKeychainStore(int timeoutMs) : timeoutMs_(timeoutMs) {}

void SystemKeychainStore::read(const QString& entry, QObject* context, Callback done) {
  auto* job = new QKeychain::ReadPasswordJob(QString::fromLatin1(kService));
  job->setKey(entry);
  runBounded(job, timeoutMs_, context, [entry](QKeychain::Job* j) {
    SecretResult r = resultOf(j, entry);
    if (r.ok()) r.secret = static_cast<QKeychain::ReadPasswordJob*>(j)->textData();
    return r;
  }, std::move(done));
}

void SystemKeychainStore::write(const QString& entry, const QString& secret, QObject* context, Callback done) {
  auto* job = new QKeychain::WritePasswordJob(QString::fromLatin1(kService));
  job->setKey(entry);
  job->setTextData(secret);
  runBounded(job, timeoutMs_, context, [entry, secret](QKeychain::Job* j) { return resultOf(j, entry, secret); },
             std::move(done));
}

void SystemKeychainStore::remove(const QString& entry, QObject* context, Callback done) {
  auto* job = new QKeychain::DeletePasswordJob(QString::fromLatin1(kService));
  job->setKey(entry);
  runBounded(job, timeoutMs_, context, [entry](QKeychain::Job* j) { return resultOf(j, entry); }, std::move(done));
}

QString SystemKeychainStore::description() const {
  return QCoreApplication::translate("SystemKeychainStore", "the system keychain (service \"%1\")").arg(QString::fromLatin1(kService));
}

}  // namespace plumage::ui
