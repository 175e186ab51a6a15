import { M } from "./catalog.js";

/**
 * The codes each phase other than the validation rules raises (each rule lists its own in `codes`,
 * `src/passes/validate/rules/*.ts`). Every code of the catalog is declared by exactly one phase or
 * rule, except the few in `SHARED_CODES`; a test fails when a phase raises a code it does not declare
 * (test/diagnostics/codes.test.ts).
 */
export const PHASE_CODES = {
  /** `src/syntax`: lexing and parsing `.mlpipe` text. */
  syntax: [
    M.unexpectedCharacter.code,
    M.unterminatedString.code,
    M.unexpectedToken.code,
    M.unexpectedEof.code,
    M.notText.code,
    M.tooDeep.code,
    M.invalidNumber.code,
    M.fileTooLarge.code,
  ],
  /** `src/frontend`: loading and lowering `.mlpipe` files, and the TypeScript builder; both build the IR. */
  frontend: [
    M.invalidEscape.code,
    M.unterminatedInterpolation.code,
    M.invalidInterpolation.code,
    M.invalidDuration.code,
    M.importCycle.code,
    M.importNotFound.code,
    M.importNameNotFound.code,
    M.unknownSetting.code,
    M.missingImage.code,
    M.unknownFunction.code,
    M.settingNotAllowed.code,
    M.unknownType.code,
    M.duplicateSetting.code,
    M.misplacedFinally.code,
    M.expectedLiteral.code,
    M.emptyFile.code,
    M.outsidePipeline.code,
    M.builderMisuse.code,
    M.asyncBody.code,
    M.notWholeNumber.code,
    M.notANumber.code,
    M.typeArgumentNotList.code,
    M.listItemArtifact.code,
    M.componentOutputValue.code,
    M.invalidCommandElement.code,
    M.transformerCommandValue.code,
    M.negatedNonNumber.code,
    M.chainedComparison.code,
    M.unknownPipelineProperty.code,
    M.invalidReferenceForm.code,
    M.collectArgument.code,
    M.oneOfArgument.code,
    M.oneOfTooFew.code,
    M.invalidFieldPath.code,
    M.functionArgumentCount.code,
    M.invalidVolumeSource.code,
    M.notABool.code,
    M.unknownFunctionArgument.code,
    M.functionNameArgument.code,
    M.emptyDirArgument.code,
    M.emptyDirMedium.code,
    M.settingItemNotStruct.code,
    M.tolerationOperator.code,
    M.tolerationEffect.code,
    M.affinityNoKey.code,
    M.affinityOperator.code,
    M.affinityValues.code,
    M.affinityWeight.code,
    M.securityContextId.code,
    M.securityContextField.code,
    M.pipelineOutputNoValue.code,
    M.invalidArtifactRoot.code,
    M.scheduleConcurrency.code,
    M.importerNotArtifact.code,
    M.positionalStepArgument.code,
    M.metricStrategy.code,
    M.resumePolicy.code,
    M.collectorFileNoPath.code,
    M.collectorKind.code,
    M.tuneNoObjective.code,
    M.tuneNoAlgorithm.code,
    M.searchValueType.code,
    M.searchType.code,
    M.searchRangeType.code,
    M.searchDistribution.code,
    M.serveProtocol.code,
    M.scaleMetric.code,
    M.deploymentMode.code,
    M.serveNoModel.code,
    // Also raised elsewhere (SHARED_CODES):
    M.notText.code,
    M.tooDeep.code,
    M.cannotRead.code,
    M.pipelineCodeThrew.code,
    M.unknownComponent.code,
    M.invalidPlaceholder.code,
    M.duplicateName.code,
  ],
  /** `src/passes/optimize`: the optimizer's passes over the resolved program. */
  optimize: [
    M.cacheOnMutableImage.code,
    M.cacheOnSideEffects.code,
    M.cacheOnNonDeterministic.code,
    M.deadStep.code,
    // `src/cluster`: cluster profiles, and GPU placement against them.
    M.clusterDuplicatePool.code,
    M.clusterDuplicateMig.code,
    M.clusterNoPoolLabel.code,
    M.placementNoFit.code,
  ],
  /** `src/passes/targets`: checks of what every Kubernetes target writes, once per compile. */
  targets: [M.gpuModelNotSelected.code],
  /** `src/passes/lint/suppress`: the `mlpc-disable-…` directives in the sources' comments. */
  suppress: [M.suppressMalformed.code, M.suppressNoReason.code, M.suppressUnknownRule.code, M.suppressError.code, M.suppressUnused.code],
  /** `src/backends/kfp`. */
  kfp: [
    M.kfpNotYetSupported.code,
    M.kfpMetadataPlaceholder.code,
    M.kfpEnvNotLiteral.code,
    M.kfpReadOnlyPvc.code,
    M.kfpVolumeNameClash.code,
    M.kfpArtifactParam.code,
    M.kfpRuntimeCollection.code,
    M.kfpPipelineOutputSource.code,
    M.kfpNoCommand.code,
    M.kfpLoopOverArtifacts.code,
    M.kfpStatusNotInFinally.code,
    M.kfpImporterMetadata.code,
    M.kfpTemplateText.code,
    M.kfpNoServiceAccount.code,
    M.kfpNoEphemeralStorage.code,
    M.kfpNoPipelineTimeout.code,
    M.kfpNoSchedule.code,
  ],
  /** `src/backends/argo`. */
  argo: [
    M.argoNotYetSupported.code,
    M.argoArtifactUri.code,
    M.argoArtifactMetadata.code,
    M.argoImporterScheme.code,
    M.argoImporterRuntimeUri.code,
    M.argoRuntimeCollection.code,
    M.argoCronNameTooLong.code,
    M.argoOptionalParam.code,
    M.argoParamArtifactUri.code,
    M.argoExitReadsLoopOutput.code,
    M.argoScheduleOnTemplate.code,
    M.argoImporterOtherBucket.code,
    M.argoTemplateText.code,
    M.argoBraceBeforeValue.code,
  ],
  /** `src/backends/katib`. */
  katib: [
    M.katibNameTooLong.code,
    M.katibObjectiveInMetrics.code,
    M.katibNoSearch.code,
    M.katibRelativeMetricsFile.code,
    M.katibNoValue.code,
    M.katibUnquotableArgument.code,
    M.katibMetricFilesNeedRun.code,
    M.katibUnusedSearch.code,
    M.katibUnsafeSearchValue.code,
    M.katibTrialMetricSource.code,
    M.katibTrialMetricsApart.code,
    M.katibPipelineTuneSettings.code,
    M.katibRetryBackoff.code,
    M.katibTrialArtifactOutputs.code,
  ],
  /** `src/backends/kserve`. */
  kserve: [
    M.kserveCanaryMode.code,
    M.kserveCanaryDefaultMode.code,
    M.kserveScaleMetricMode.code,
    M.kserveWholeNumber.code,
    M.kserveInvalidStorageUri.code,
    M.kserveUnknownStorageScheme.code,
    M.kserveMlflowRegistry.code,
    M.kserveMlflowFormat.code,
    M.kserveMlflowProtocol.code,
    M.kserveRawScaleToZero.code,
  ],
  /** `src/backends/rbac`. */
  rbac: [M.rbacArgoDefaultAccount.code, M.rbacKfpDeployAccount.code],
  /** `src/cli`: files, directories, outputs and pipeline modules. */
  cli: [
    M.scriptSyntax.code,
    M.cannotRead.code,
    M.noInputs.code,
    M.noInputsOnlyModules.code,
    M.cannotWrite.code,
    M.unsupportedFile.code,
    M.nothingExported.code,
    M.moduleFailed.code,
    M.noSuchExport.code,
    M.pipelineCodeThrew.code,
    M.moduleExited.code,
    M.moduleNeverSettles.code,
  ],
  /** `src/config`: settings files read against their JSON Schemas (the config file, cluster profiles). */
  settings: [
    M.configUnreadable.code,
    M.configTwice.code,
    M.yamlSyntax.code,
    M.settingsUnknownKey.code,
    M.settingsMissingKey.code,
    M.settingsType.code,
    M.settingsEnum.code,
    M.settingsEmpty.code,
    M.settingsRepeated.code,
    M.settingsInvalid.code,
    M.configUnknownRule.code,
  ],
  /** `src/cli/submit`: kubeconfig, cluster requests and run parameters of `mlpc submit`. */
  submit: [
    M.noKubeconfig.code,
    M.badKubeconfig.code,
    M.unknownContext.code,
    M.noCurrentContext.code,
    M.clusterUnreachable.code,
    M.clusterUnauthorized.code,
    M.clusterForbidden.code,
    M.crdMissing.code,
    M.clusterConflict.code,
    M.clusterInvalid.code,
    M.clusterTimeout.code,
    M.clusterGaveUp.code,
    M.clusterError.code,
    M.paramSyntax.code,
    M.unknownParam.code,
    M.paramType.code,
    M.paramMissing.code,
    M.paramRepeated.code,
    M.kfpNoHost.code,
    M.kfpBadUrl.code,
    M.kfpTokenUnreadable.code,
    M.kfpUnreachable.code,
    M.kfpUnauthorized.code,
    M.kfpForbidden.code,
    M.kfpNotFound.code,
    M.kfpInvalid.code,
    M.kfpConflict.code,
    M.kfpTimeout.code,
    M.kfpGaveUp.code,
    M.kfpError.code,
    M.kfpNoArtifactInputs.code,
    M.artifactSyntax.code,
    M.unknownArtifact.code,
    M.notAnArtifact.code,
    M.artifactScheme.code,
    M.recurringRunExists.code,
    M.insecureTls.code,
    M.kfpCronTimezone.code,
    M.accessDenied.code,
    M.clusterRefused.code,
  ],
  /** `src/cli/fmt.ts`: what `mlpc fmt` refuses to format. */
  fmt: [M.fmtNotMlpipe.code, M.fmtBadConfig.code],
} as const satisfies Record<string, readonly string[]>;

export type Phase = keyof typeof PHASE_CODES;

/**
 * Phases that run another phase's code and so may raise its codes too: a Katib trial of a pipeline is
 * an Argo Workflow (built by the Argo back end), and a serve deployed from a pipeline is a KServe
 * InferenceService (built by the KServe back end) on KFP and Argo; the RBAC of a pipeline is read
 * from its Argo Workflow, whose errors it reports.
 */
export const PHASE_INCLUDES: Readonly<Partial<Record<Phase, readonly Phase[]>>> = {
  katib: ["argo"],
  kfp: ["kserve"],
  argo: ["kserve"],
  rbac: ["argo", "kserve"],
};

/** Every code `phase` may raise: its own and those of the phases it includes. */
export function phaseCodes(phase: Phase): readonly string[] {
  return [...PHASE_CODES[phase], ...(PHASE_INCLUDES[phase] ?? []).flatMap((p) => PHASE_CODES[p])];
}

/**
 * Codes that more than one phase or rule raises, with every phase and rule that declares them:
 * the same problem found in two places (the same name declared twice by an import and by a
 * declaration, a file that is not text whether it is read or parsed).
 */
export const SHARED_CODES: Readonly<Record<string, readonly string[]>> = {
  [M.notText.code]: ["syntax", "frontend"],
  [M.tooDeep.code]: ["syntax", "frontend"],
  [M.cannotRead.code]: ["cli", "frontend"],
  [M.pipelineCodeThrew.code]: ["cli", "frontend"],
  [M.unknownComponent.code]: ["unknown-references", "frontend"],
  [M.invalidPlaceholder.code]: ["command-placeholders", "frontend"],
  [M.duplicateName.code]: ["unique-declaration-names", "unique-member-names", "unique-settings", "unique-step-names", "frontend"],
};
