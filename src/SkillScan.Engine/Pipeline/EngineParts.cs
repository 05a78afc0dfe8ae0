using SkillScan.Rules;
using SkillScan.Semantics;
using SkillScan.Syntax;

namespace SkillScan.Pipeline;

/// <summary>
/// Every front end, fact extractor, matcher kind and built-in detector of the engine, listed by hand in the order of
/// their full names. Enumerating the assembly's types by reflection found them before, but cost milliseconds of each
/// Native AOT start (docs/performance.md); `PartsListTests` finds them by reflection instead and fails naming any
/// class missing here, so adding one is adding its class and the line the test asks for.
/// </summary>
public static class EngineParts
{
    public static IReadOnlyList<IFrontEnd> FrontEnds() =>
    [
        new Syntax.Markdown.MarkdownFrontEnd(),
        new Syntax.RoslynFrontEnd(),
        new Syntax.TreeSitterFrontEnd(),
    ];

    public static IReadOnlyList<IFactExtractor> Extractors() =>
    [
        new Semantics.CSharp.CSharpFactExtractor(),
        new Semantics.Lowering.JavaScriptFactExtractor(),
        new Semantics.Lowering.PythonFactExtractor(),
        new Semantics.Markdown.MarkdownFactExtractor(),
        new Semantics.Shell.ShellFactExtractor(),
    ];

    public static IReadOnlyList<IMatcherKind> MatcherKinds() =>
    [
        new Rules.BuiltinMatcherKind(),
        new Rules.Matchers.AnyMatcherKind(),
        new Rules.Matchers.CallMatcherKind(),
        new Rules.Matchers.CommandMatcherKind(),
        new Rules.Matchers.FlowMatcherKind(),
        new Rules.Matchers.QueryMatcherKind(),
        new Rules.Matchers.SourceMatcherKind(),
        new Rules.Matchers.StringsMatcherKind(),
        new Rules.Matchers.TextMatcherKind(),
    ];

    /// <summary>A factory per detector: a pack rule naming one gets its own instance.</summary>
    public static IReadOnlyList<Func<IBuiltinDetector>> Detectors() =>
    [
        () => new Pinning.Detectors.DependencyRangeDetector(),
        () => new Pinning.Detectors.FloatingDependencyDetector(),
        () => new Pinning.Detectors.LockfileWithoutIntegrityDetector(),
        () => new Pinning.Detectors.MissingLockfileDetector(),
        () => new Pinning.Detectors.NonRegistryDependencyDetector(),
        () => new Pinning.Detectors.PackageIndexOverrideDetector(),
        () => new Pinning.Detectors.UnboundedDependencyDetector(),
        () => new Pinning.Detectors.UnpinnedContainerImageDetector(),
        () => new Pinning.Detectors.UnpinnedInstallerScriptDetector(),
        () => new Pinning.Detectors.UnpinnedPackageInstallDetector(),
        () => new Pinning.Detectors.UnpinnedSkillInstallDetector(),
        () => new Pinning.Detectors.UnpinnedWorkflowActionDetector(),
        () => new Policy.MalformedSuppressionDetector(),
        () => new Policy.SuppressionWithoutReasonDetector(),
        () => new Rules.Builtin.ArchiveShippedDetector(),
        () => new Rules.Builtin.CompiledPythonShippedDetector(),
        () => new Rules.Builtin.DownloadChmodExecuteDetector(),
        () => new Rules.Builtin.DownloadExtractExecuteDetector(),
        () => new Rules.Builtin.ExecutableShippedDetector(),
        () => new Rules.Builtin.HighEntropyStringDetector(),
        () => new Rules.Builtin.InvisibleUnicodeDetector(),
        () => new Rules.Builtin.MisleadingFileExtensionDetector(),
        () => new Rules.Builtin.NativeLibraryShippedDetector(),
        () => new Rules.Builtin.PackedCodeDetector(),
        () => new Rules.SkillMd.CredentialHarvestInstructionDetector(),
        () => new Rules.SkillMd.EncodedCommandInInstructionsDetector(),
        () => new Rules.SkillMd.ExfiltrationInstructionDetector(),
        () => new Rules.SkillMd.FakePrerequisiteDownloadDetector(),
        () => new Rules.SkillMd.HiddenInstructionDetector(),
        () => new Rules.SkillMd.HomoglyphDomainDetector(),
        () => new Rules.SkillMd.ImpersonatedSystemMessageDetector(),
        () => new Rules.SkillMd.InstallSpecFromUntrustedSourceDetector(),
        () => new Rules.SkillMd.InstructionOverrideDetector(),
        () => new Rules.SkillMd.MalformedFrontMatterDetector(),
        () => new Rules.SkillMd.PasswordArchiveInstructionDetector(),
        () => new Rules.SkillMd.PasteIntoTerminalInstructionDetector(),
        () => new Rules.SkillMd.PasteSiteExecutionDetector(),
        () => new Rules.SkillMd.SafetyBypassInstructionDetector(),
        () => new Rules.SkillMd.SecrecyInstructionDetector(),
        () => new Rules.SkillMd.UndeclaredCapabilityDetector(),
    ];
}
