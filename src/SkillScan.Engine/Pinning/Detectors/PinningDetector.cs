using SkillScan.Findings;
using SkillScan.Rules;

namespace SkillScan.Pinning.Detectors;

/// <summary>
/// A pinning rule's detector: reports the skill's pinning issues of one kind (computed once per skill by
/// <see cref="PinningAnalysis"/>), minus what the policy allows (AllowedPackages, TrustedSources, TrustedPublishers,
/// AllowedDomains).
/// </summary>
public abstract class PinningDetector : IBuiltinDetector
{
    public abstract string Name { get; }

    protected abstract PinningRule Kind { get; }

    public void Analyze(RuleDescriptor rule, RuleContext context)
    {
        foreach (var issue in PinningAnalysis.For(context.Analysis))
        {
            if (issue.Rule == Kind && !PolicyAllows(issue, context.Settings)) context.Report(ToFinding(rule, issue));
        }
    }

    public static Finding ToFinding(RuleDescriptor rule, PinIssue issue) => new()
    {
        Rule = rule,
        Severity = issue.Severity,
        Message = issue.Message,
        Document = issue.Document,
        Span = issue.Span,
        Evidence = issue.Evidence,
        FixReplacement = issue.FixReplacement,
        FixDescription = issue.FixDescription,
    };

    public static bool PolicyAllows(PinIssue issue, ScanSettings settings) =>
        (issue.Package is { } package && settings.AllowedPackages.Any(p => PolicyPatterns.MatchesPackage(p, package))) ||
        (issue.Source is { } source && settings.TrustedSources.Any(p => PolicyPatterns.MatchesSource(p, source))) ||
        (issue.Source is { } owned && settings.TrustedPublishers.Any(p => PolicyPatterns.MatchesPublisher(p, owned))) ||
        (issue.Domain is { } domain && settings.AllowedDomains.Any(d => PolicyPatterns.MatchesDomain(d, domain)));
}

/// <summary>How allow-list entries match: package globs (`@myorg/*`), source prefixes, domains with their subdomains.</summary>
public static class PolicyPatterns
{
    /// <summary>`lodash`, `@myorg/*`, `actions/*`; case-insensitive; Python-style `-`/`_`/`.` are the same.</summary>
    public static bool MatchesPackage(string pattern, string package)
    {
        static string Norm(string s) => s.Trim().ToLowerInvariant().Replace('_', '-');
        var p = Norm(pattern);
        var n = Norm(package);
        return p.EndsWith('*') ? n.StartsWith(p[..^1], StringComparison.Ordinal) : p == n;
    }

    /// <summary>`github:myorg/` or `github:myorg/*` trust everything under it; `clawhub:slug` one skill.</summary>
    public static bool MatchesSource(string pattern, string source)
    {
        var p = pattern.Trim().TrimEnd('*');
        return source.StartsWith(p, StringComparison.OrdinalIgnoreCase) &&
               (source.Length == p.Length || p.EndsWith('/') || p.EndsWith(':') || source[p.Length] is '/' or '#' or '@');
    }

    /// <summary>
    /// `acme` trusts every skill its owner publishes: `github:acme/x`, `clawhub:acme/x` (the segment between the
    /// source kind and the first `/`, compared case-insensitively). A bare registry slug names no publisher.
    /// </summary>
    public static bool MatchesPublisher(string pattern, string source)
    {
        var colon = source.IndexOf(':');
        var slash = source.IndexOf('/', colon + 1);
        var p = pattern.Trim();
        return p.Length > 0 && slash > colon + 1 && source.AsSpan(colon + 1, slash - colon - 1).Equals(p, StringComparison.OrdinalIgnoreCase);
    }

    public static bool MatchesDomain(string pattern, string host)
    {
        var p = pattern.Trim().TrimStart('*').TrimStart('.').ToLowerInvariant();
        return host.Equals(p, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + p, StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class FloatingDependencyDetector : PinningDetector
{
    public override string Name => "FloatingDependency";

    protected override PinningRule Kind => PinningRule.FloatingDependency;
}

public sealed class UnboundedDependencyDetector : PinningDetector
{
    public override string Name => "UnboundedDependency";

    protected override PinningRule Kind => PinningRule.UnboundedDependency;
}

public sealed class NonRegistryDependencyDetector : PinningDetector
{
    public override string Name => "NonRegistryDependency";

    protected override PinningRule Kind => PinningRule.NonRegistryDependency;
}

public sealed class DependencyRangeDetector : PinningDetector
{
    public override string Name => "DependencyRange";

    protected override PinningRule Kind => PinningRule.DependencyRange;
}

public sealed class MissingLockfileDetector : PinningDetector
{
    public override string Name => "MissingLockfile";

    protected override PinningRule Kind => PinningRule.MissingLockfile;
}

public sealed class LockfileWithoutIntegrityDetector : PinningDetector
{
    public override string Name => "LockfileWithoutIntegrity";

    protected override PinningRule Kind => PinningRule.LockfileWithoutIntegrity;
}

public sealed class PackageIndexOverrideDetector : PinningDetector
{
    public override string Name => "PackageIndexOverride";

    protected override PinningRule Kind => PinningRule.PackageIndexOverride;
}

public sealed class UnpinnedPackageInstallDetector : PinningDetector
{
    public override string Name => "UnpinnedPackageInstall";

    protected override PinningRule Kind => PinningRule.UnpinnedInstall;
}

public sealed class UnpinnedSkillInstallDetector : PinningDetector
{
    public override string Name => "UnpinnedSkillInstall";

    protected override PinningRule Kind => PinningRule.UnpinnedSkillInstall;
}

public sealed class UnpinnedContainerImageDetector : PinningDetector
{
    public override string Name => "UnpinnedContainerImage";

    protected override PinningRule Kind => PinningRule.UnpinnedContainerImage;
}

public sealed class UnpinnedWorkflowActionDetector : PinningDetector
{
    public override string Name => "UnpinnedWorkflowAction";

    protected override PinningRule Kind => PinningRule.UnpinnedWorkflowAction;
}
