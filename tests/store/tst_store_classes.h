#pragma once

#include <QObject>

class TestStore : public QObject {
  Q_OBJECT
 private slots:
  void freshStoreHasCurrentSchema();
  void newerSchemaIsRefused();
  void runLifeCycle();
  void metricsUpsertOneRowPerStep();
  void claimRefusesDoneAndRunningRuns();
  void staleHeartbeatMarksInterrupted();
  void mountinfoParsing();
  void networkFilesystemTypes();
  void mergeIsIdempotent();
  void notesAndTagsAreStoredMigratedAndMerged();
  void runInputsKeepModelRowsAndTrainingRecord();
  void mergeReplacesUnfinishedWithDone();
  void readerRejectsMissingFile();
  void fullDiskFailsTheRunNotSilently();
  void lockedStoreIsRetriedThenReported();
  void finishingATakenOverRunFails();
  void readerRefusesDeepJson();
};

class TestStoreCrash : public QObject {
  Q_OBJECT
 private slots:
  void deadProcessRunIsInterrupted();
  void sigkillDuringMetricBatchLosesWholeBatchesOnly();
  void readerPollsWhileWriterWrites();
  void stoppedLiveProcessKeepsItsRuns();
  void reusedPidDoesNotKeepADeadRun();
};
