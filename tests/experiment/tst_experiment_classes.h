#pragma once

#include <QObject>

class TestConfig : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase();
  void validConfigResolves();
  void unknownKeysAreNamed();
  void ratioOutsideRangeIsNamed();
  void missingFeatureFileIsNamed();
  void perClassMapWithUnknownClassIsNamed();
  void runKeysAreStable();
  void fileHashesStreamAndPersistAcrossProcesses();
  void sweepExpandsGridWithExclusions();
  void badGridCombinationIsNamed();
  void syntaxErrorNamesLine();
  void deepConfigFilesAreRefused();
  void presetsExpand();

 private:
  QString dir_;
};

class TestRunner : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase();
  void failuresAreRecordedAndTheSweepGoesOn();
  void cancellationStopsTheSweep();
  void parallelJobsRunEveryRunOnce();
  void realEngineRunStoresMetricsPlanAndResult();
  void batchingGroupsRunsByKey();
  void batchedEngineSweepMatchesRunsAlone();
  void tableNumbersEqualStoredResults();
  void tableNeverMixesInputsAndMarksMissingSeeds();
  void combinedTableMatchesItsSingleTables();
  void combinedTableLatexCompiles();
  void pairedStatisticsEqualScipy();
  void tIntervalEqualsScipy();
  void significanceMarksFollowThePairedTest();
  void exportsHaveConfigColumns();
  void fullStoreFailsTheRunAndStopsTheSweep();
  void failedHeartbeatFailsTheRun();
  void refusedResultLeavesNoRunRunning();
  void sweepJobReportsAStoreFailureAsAnError();
  void runsRecordTheFilesTheyRead();
  void imageLevelTestsEqualScipyAndPairByImage();

 private:
  QString dir_;
};

class TestSweepCli : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase();
  void badConfigsAreRejectedBeforeAnyRun();
  void sigkillMidSweepThenResumeCompletes();
  void slurmArrayRunLocallyThenMerged();
  void trainAdapterPlanOutIsWrittenAtomically();
  void storeWriteFailureExitsWithTheReason();
  void deepJsonInputsExitTwo();
  void mixedClipModelsAreRefused();
  void converterRecordsItsTrainingData();

 private:
  QString dir_;
};

class TestHostileOutputs : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase();
  void shellQuoteRoundTripsThroughBash();
  void slurmScriptKeepsUserStringsAsData();
  void slurmRefusesWhatAnSbatchLineCannotHold();
  void latexEscapesUserTextAndKeepsMath();
};

class TestDescriptionScores : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase();
  void cliScoresEqualRecomputation();
  void plantedDescriptionScoresLowest();
  void otherModelsFeaturesAreRefused();
};
