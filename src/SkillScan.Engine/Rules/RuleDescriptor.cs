using SkillScan.Model;

namespace SkillScan.Rules;

/// <summary>
/// Everything about a rule that is not how it detects: id, name, texts, severity, tags. One place, from which
/// `skillscan rules show`, SARIF's rule metadata and docs are generated.
/// </summary>
public sealed record RuleDescriptor
{
    /// <summary>Stable id, never reused: "SS1001".</summary>
    public required string Id { get; init; }

    /// <summary>PascalCase name shown by GitHub: "SecretToNetwork".</summary>
    public required string Name { get; init; }

    /// <summary>The pack it belongs to: core, skillmd, pinning ...</summary>
    public required string Pack { get; init; }

    /// <summary>exfiltration, execution, download, credentials, obfuscation, persistence, ...</summary>
    public required string Category { get; init; }

    public required Severity Severity { get; init; }

    public required Precision Precision { get; init; }

    /// <summary>Languages the rule applies to (empty: any).</summary>
    public IReadOnlyList<Language> Languages { get; init; } = Array.Empty<Language>();

    /// <summary>One sentence: what the rule finds.</summary>
    public required string Summary { get; init; }

    /// <summary>Markdown help: what it does, why it is bad, example, use instead, how to suppress.</summary>
    public required string Help { get; init; }

    /// <summary>Tags (≤ 10 in SARIF, "security" always among them).</summary>
    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();

    /// <summary>Where the rule was defined (pack file and line) for error messages and docs.</summary>
    public string? Source { get; init; }

    public bool AppliesTo(Language language) => Languages.Count == 0 || Languages.Contains(language)
        || (language == Language.Tsx && Languages.Contains(Language.TypeScript));
}
