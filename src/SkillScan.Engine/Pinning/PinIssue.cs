using SkillScan.Model;

namespace SkillScan.Pinning;

/// <summary>The pinning pack's rules, one per kind of problem (ids in rules/packs/pinning.yaml).</summary>
public enum PinningRule
{
    /// <summary>SS4001: a manifest dependency with no version, `*`, or a moving tag.</summary>
    FloatingDependency,

    /// <summary>SS4002: a manifest dependency with a lower bound only.</summary>
    UnboundedDependency,

    /// <summary>SS4003: a manifest dependency from git without a full commit, a URL, or a path outside the skill.</summary>
    NonRegistryDependency,

    /// <summary>SS4004: a manifest dependency given as a bounded range.</summary>
    DependencyRange,

    /// <summary>SS4005: a manifest whose versions nothing locks (no lockfile, no hashes).</summary>
    MissingLockfile,

    /// <summary>SS4006: lockfile entries without an integrity hash, or fetched over plain HTTP.</summary>
    LockfileWithoutIntegrity,

    /// <summary>SS4007: packages fetched from an index other than the public registry.</summary>
    PackageIndexOverride,

    /// <summary>SS4010: an install command or front-matter install spec that is not pinned.</summary>
    UnpinnedInstall,

    /// <summary>SS4011: a `skill install` / `clawhub install` reference without a version or commit.</summary>
    UnpinnedSkillInstall,

    /// <summary>SS4012: an allow-listed installer script run from a URL that names no version.</summary>
    UnpinnedInstallerScript,

    /// <summary>SS4020: a container image without a digest.</summary>
    UnpinnedContainerImage,

    /// <summary>SS4021: a CI action referenced without a full commit id.</summary>
    UnpinnedWorkflowAction,
}

/// <summary>One pinning problem at one place, ready to become a finding of its rule.</summary>
public sealed record PinIssue
{
    public required PinningRule Rule { get; init; }

    public required Severity Severity { get; init; }

    public required SourceDocument Document { get; init; }

    /// <summary>The spec (or name, when there is no spec) in <see cref="Document"/>.</summary>
    public required TextSpan Span { get; init; }

    public required string Message { get; init; }

    /// <summary>The package, image or action name, matched against the policy's AllowedPackages.</summary>
    public string? Package { get; init; }

    /// <summary>For skill installs: the source, matched against the policy's TrustedSources.</summary>
    public string? Source { get; init; }

    /// <summary>For package indexes: the host, matched against the policy's AllowedDomains.</summary>
    public string? Domain { get; init; }

    /// <summary>Replacement text for <see cref="Span"/> when the fix is mechanical (SARIF `fixes`).</summary>
    public string? FixReplacement { get; init; }

    public string? FixDescription { get; init; }

    public IReadOnlyDictionary<string, string> Evidence { get; init; } = new Dictionary<string, string>();
}
