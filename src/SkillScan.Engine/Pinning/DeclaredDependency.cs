using SkillScan.Model;
using SkillScan.Pinning.Versions;

namespace SkillScan.Pinning;

public enum Ecosystem
{
    Npm,
    PyPI,
    Go,
    Cargo,
    RubyGems,
    NuGet,
}

/// <summary>
/// A dependency found in a manifest, or a package named by an install command, with its classification and
/// what a pinned form of it looks like. <see cref="DependencyReporter"/> turns it into issues.
/// </summary>
public sealed record DeclaredDependency
{
    public required Ecosystem Ecosystem { get; init; }

    public required string Name { get; init; }

    /// <summary>The spec as written (null: none).</summary>
    public string? Spec { get; init; }

    public required SpecClass Class { get; init; }

    public required SourceDocument Document { get; init; }

    /// <summary>Where the finding points: the spec, or the name when there is no spec.</summary>
    public required TextSpan Span { get; init; }

    /// <summary>Where it was declared, for the message: "devDependencies of package.json", "`npm install` in SKILL.md".</summary>
    public required string Where { get; init; }

    /// <summary>The folder of the manifest or command, to tell local paths inside the skill from others.</summary>
    public string Folder { get; init; } = "";

    /// <summary>What locks it anyway (a lockfile name, "--hash", a constraints file), lowering the finding.</summary>
    public string? LockedBy { get; init; }

    /// <summary>The version the lockfile resolved, when known: the best pin to suggest.</summary>
    public string? LockedVersion { get; init; }

    /// <summary>The pinned form of this dependency for a version, as the user would write it.</summary>
    public required Func<string, string> PinnedForm { get; init; }

    /// <summary>The text replacing <see cref="Span"/> to pin to a version; null when the fix is not mechanical.</summary>
    public Func<string, string>? Replacement { get; init; }

    /// <summary>Lower the severity one more step (e.g. build-system requirements, installer self-upgrades).</summary>
    public bool Demoted { get; init; }

    public string? DemotedBecause { get; init; }
}

/// <summary>Turns classified dependencies into pinning issues: rule, severity, message and fix, in one place.</summary>
public static class DependencyReporter
{
    /// <summary>A dependency declared in a manifest: SS4001–SS4004 by class, lowered when a lockfile pins it.</summary>
    public static void ReportDeclared(PinningContext context, DeclaredDependency dep)
    {
        var rule = dep.Class.Class switch
        {
            PinClass.Floating => PinningRule.FloatingDependency,
            PinClass.Unbounded => PinningRule.UnboundedDependency,
            PinClass.NonRegistry => PinningRule.NonRegistryDependency,
            PinClass.Range => PinningRule.DependencyRange,
            _ => (PinningRule?)null,
        };
        if (rule is null || PinningContext.IsPathInsideSkill(dep.Class, dep.Folder)) return;
        Report(context, dep, rule.Value, install: false);
    }

    /// <summary>A package an install command or install spec fetches: SS4010 whatever the class.</summary>
    public static void ReportInstall(PinningContext context, DeclaredDependency dep)
    {
        if (dep.Class.Class == PinClass.Exact || PinningContext.IsPathInsideSkill(dep.Class, dep.Folder)) return;
        Report(context, dep, PinningRule.UnpinnedInstall, install: true);
    }

    private static void Report(PinningContext context, DeclaredDependency dep, PinningRule rule, bool install)
    {
        Severity? severity = BaseSeverity(dep.Class.Class);
        if (dep.LockedBy is not null) severity = Lower(severity);
        if (dep.Demoted) severity = Lower(severity);
        if (severity is null) return;

        var quotedSpec = string.IsNullOrEmpty(dep.Spec) ? null : $"\"{dep.Spec}\"";
        var what = quotedSpec is null ? dep.Class.Reason : $"{quotedSpec} is {dep.Class.Reason}";
        var subject = install ? $"Install of \"{dep.Name}\"" : $"\"{dep.Name}\"";
        var title = dep.Class.Class switch
        {
            PinClass.Floating => $"{subject} is not pinned: {what}.",
            PinClass.Unbounded => $"{subject} accepts any future release: {what}.",
            PinClass.NonRegistry => $"{subject} comes from outside the registry: {what}.",
            _ => $"{subject} is a version range, not a version: {what}.",
        };
        var risk = dep.Class.Class switch
        {
            PinClass.Range => "New releases inside the range are installed without review.",
            PinClass.NonRegistry => "What it installs can change with no version change, outside the registry's integrity checks.",
            _ => "Each install can pull a different release, including a malicious one published after review.",
        };

        var (version, versionSource) = dep.LockedVersion is { } locked
            ? (locked, $"the version {dep.LockedBy} resolved")
            : dep.Class.Floor is { } floor && dep.Class.Class is PinClass.Range or PinClass.Unbounded
                ? (floor, "the lowest version the spec allows")
                : ((string?)null, (string?)null);
        var advice = dep.Class.Class == PinClass.NonRegistry
            ? $"Use a registry release pinned exactly ({dep.PinnedForm("X.Y.Z")}){(dep.Class.IsGit ? ", or pin the full 40-character commit id" : dep.Class.LocalPath is not null ? ", or vendor it inside the skill" : ", or add the archive's hash")}."
            : version is null
                ? $"Pin the version you reviewed: {dep.PinnedForm("X.Y.Z")}."
                : $"Pin it: {dep.PinnedForm(version)} ({versionSource}).";
        var notes = new List<string>();
        if (dep.LockedBy is not null) notes.Add($"{dep.LockedBy} pins it for reproducible installs, so this is reported as a note.");
        if (dep.DemotedBecause is not null) notes.Add(dep.DemotedBecause);

        var fix = version is not null && dep.Replacement is not null ? dep.Replacement(version) : null;
        var evidence = new Dictionary<string, string>
        {
            ["package"] = dep.Name,
            ["ecosystem"] = dep.Ecosystem.ToString().ToLowerInvariant(),
            ["class"] = dep.Class.Class.ToString().ToLowerInvariant(),
        };
        if (dep.Spec is not null) evidence["spec"] = dep.Spec;
        if (version is not null) evidence["suggested"] = dep.PinnedForm(version);

        context.Add(new PinIssue
        {
            Rule = rule,
            Severity = severity.Value,
            Document = dep.Document,
            Span = dep.Span,
            Message = string.Join(' ', [title, $"Declared in {dep.Where}.", risk, .. notes, advice]),
            Package = dep.Name,
            FixReplacement = fix,
            FixDescription = fix is null ? null : $"Pin {dep.Name} to {version} ({versionSource}).",
            Evidence = evidence,
        });
    }

    private static Severity BaseSeverity(PinClass pin) => pin == PinClass.Range ? Severity.Low : Severity.Medium;

    /// <summary>One step down; below low there is nothing left to report.</summary>
    public static Severity? Lower(Severity? severity) => severity switch
    {
        Severity.Critical => Severity.High,
        Severity.High => Severity.Medium,
        Severity.Medium => Severity.Low,
        _ => null,
    };
}
