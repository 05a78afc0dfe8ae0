using System.Text.RegularExpressions;
using SkillScan.Model;
using SkillScan.Rules;
using SkillScan.Util;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Policy;

/// <summary>Which result level makes `skillscan scan` exit 1.</summary>
public enum FailLevel
{
    /// <summary>Never fail on findings (report only).</summary>
    None,
    Note,
    Warning,
    Error,
}

/// <summary>A rule the policy turns off, and why.</summary>
public sealed record DisabledRule(string RuleId, string Reason, long Line, long Column);

/// <summary>A rule whose severity the policy changes, and why.</summary>
public sealed record SeverityOverride(string RuleId, Severity Severity, string Reason, long Line, long Column);

/// <summary>The policy's allow-lists; they reach rules through <see cref="ScanSettings"/>.</summary>
public sealed record AllowLists
{
    public IReadOnlyList<string> Domains { get; init; } = [];

    public IReadOnlyList<string> Installers { get; init; } = [];

    public IReadOnlyList<string> Packages { get; init; } = [];

    public IReadOnlyList<string> SkillSources { get; init; } = [];

    public IReadOnlyList<string> Publishers { get; init; } = [];
}

/// <summary>
/// The policy file <c>skillscan.yml</c> (docs/policy.md, schemas/skillscan.schema.json): fail level, disabled
/// rules, severity overrides, path filters, allow-lists and extra rule packs. A bad file is refused with its
/// file, line, column and what was expected; unknown keys are errors.
/// </summary>
public sealed class PolicyFile
{
    /// <summary>File names looked for in the report root, in this order.</summary>
    public static readonly IReadOnlyList<string> DefaultFileNames = ["skillscan.yml", "skillscan.yaml"];

    /// <summary>Top-level keys, and the keys of each section (kept in step with the JSON Schema by a test).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Keys = new Dictionary<string, string[]>
    {
        [""] = ["version", "fail-level", "rules", "paths", "allow", "rule-packs"],
        ["rules"] = ["disable", "severity"],
        ["rules.disable[]"] = ["rule", "reason"],
        ["rules.severity[]"] = ["rule", "severity", "reason"],
        ["paths"] = ["include", "exclude"],
        ["allow"] = ["domains", "installers", "packages", "skill-sources", "publishers"],
    };

    private static readonly Regex RuleIdShape = new("^[A-Z]{2,}[0-9]{3,5}$", RegexOptions.CultureInvariant);

    public static readonly PolicyFile Default = new();

    /// <summary>The file it came from; null for the built-in defaults.</summary>
    public string? Source { get; private init; }

    public FailLevel FailLevel { get; private init; } = FailLevel.Error;

    public IReadOnlyList<DisabledRule> DisabledRules { get; private init; } = [];

    public IReadOnlyList<SeverityOverride> SeverityOverrides { get; private init; } = [];

    public PathFilter Paths { get; private init; } = PathFilter.All;

    public AllowLists Allow { get; private init; } = new();

    /// <summary>Extra rule-pack folders, made absolute relative to the policy file's folder.</summary>
    public IReadOnlyList<string> RulePackFolders { get; private init; } = [];

    /// <summary>skillscan.yml (or .yaml) in <paramref name="root"/>, or null.</summary>
    public static string? FindInRoot(string root) =>
        DefaultFileNames.Select(n => Path.Combine(root, n)).FirstOrDefault(File.Exists);

    public static PolicyFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, 0, 0, $"cannot read the policy file: {ex.Message}");
        }
        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <param name="baseDirectory">Folder that relative rule-pack paths are resolved against.</param>
    public static PolicyFile Parse(string text, string file, string baseDirectory)
    {
        var y = new YamlData(file);
        var root = y.LoadRoot(text);
        y.AllowOnly(root, Keys[""]);

        if (y.Get(root, "version") is { } versionNode && (versionNode as YamlScalarNode)?.Value != "1")
        {
            throw y.Error(versionNode, "'version' must be 1 (the only policy format so far)");
        }

        var failLevel = FailLevel.Error;
        if (y.Get(root, "fail-level") is { } failNode)
        {
            var value = (failNode as YamlScalarNode)?.Value ?? "";
            failLevel = value switch
            {
                "error" => FailLevel.Error,
                "warning" => FailLevel.Warning,
                "note" => FailLevel.Note,
                "none" => FailLevel.None,
                _ => throw y.Error(failNode, $"'fail-level' must be one of error, warning, note, none (got '{value}')"),
            };
        }

        var disabled = new List<DisabledRule>();
        var overrides = new List<SeverityOverride>();
        if (y.Map(root, "rules") is { } rules)
        {
            y.AllowOnly(rules, Keys["rules"]);
            foreach (var item in Items(y, rules, "disable"))
            {
                y.AllowOnly(item, Keys["rules.disable[]"]);
                var (id, node) = RuleId(y, item, "rules.disable");
                disabled.Add(new DisabledRule(id, Reason(y, item, "rules.disable", "why the rule is turned off"), node.Start.Line, node.Start.Column));
            }
            foreach (var item in Items(y, rules, "severity"))
            {
                y.AllowOnly(item, Keys["rules.severity[]"]);
                var (id, node) = RuleId(y, item, "rules.severity");
                var severityNode = y.Get(item, "severity") ?? throw y.Error(item, $"rules.severity entry for {id}: missing required key 'severity' (critical, high, medium, low or info)");
                var severityText = (severityNode as YamlScalarNode)?.Value ?? "";
                if (!SeverityInfo.TryParseSeverity(severityText, out var severity) || severityText != severityText.ToLowerInvariant())
                {
                    throw y.Error(severityNode, $"rules.severity entry for {id}: severity must be one of critical, high, medium, low, info (got '{severityText}')");
                }
                overrides.Add(new SeverityOverride(id, severity, Reason(y, item, "rules.severity", "why the severity is changed"), node.Start.Line, node.Start.Column));
            }
            RefuseDuplicates(y, rules, disabled.Select(d => (d.RuleId, d.Line, d.Column)), "rules.disable");
            RefuseDuplicates(y, rules, overrides.Select(d => (d.RuleId, d.Line, d.Column)), "rules.severity");
            foreach (var o in overrides)
            {
                if (disabled.Any(d => d.RuleId == o.RuleId))
                {
                    throw new DataFileException(file, o.Line, o.Column, $"rule {o.RuleId} is both disabled and given a severity; keep one");
                }
            }
        }

        var paths = PathFilter.All;
        if (y.Map(root, "paths") is { } pathsNode)
        {
            y.AllowOnly(pathsNode, Keys["paths"]);
            paths = new PathFilter(Patterns(y, pathsNode, "include"), Patterns(y, pathsNode, "exclude"));
        }

        var allow = new AllowLists();
        if (y.Map(root, "allow") is { } allowNode)
        {
            y.AllowOnly(allowNode, Keys["allow"]);
            allow = new AllowLists
            {
                Domains = NonEmptyStrings(y, allowNode, "domains"),
                Installers = NonEmptyStrings(y, allowNode, "installers"),
                Packages = NonEmptyStrings(y, allowNode, "packages"),
                SkillSources = NonEmptyStrings(y, allowNode, "skill-sources"),
                Publishers = NonEmptyStrings(y, allowNode, "publishers"),
            };
        }

        var packFolders = new List<string>();
        if (y.Get(root, "rule-packs") is { } packsNode)
        {
            if (packsNode is not YamlSequenceNode packsList) throw y.Error(packsNode, "'rule-packs' must be a list of folders");
            foreach (var item in packsList.Children)
            {
                var folder = (item as YamlScalarNode)?.Value;
                if (string.IsNullOrWhiteSpace(folder)) throw y.Error(item, "'rule-packs' items must be folder paths");
                var full = Path.GetFullPath(Path.Combine(baseDirectory, folder));
                if (!Directory.Exists(full)) throw y.Error(item, $"rule-pack folder '{folder}' does not exist (resolved to {full})");
                packFolders.Add(full);
            }
        }

        return new PolicyFile
        {
            Source = file,
            FailLevel = failLevel,
            DisabledRules = disabled,
            SeverityOverrides = overrides,
            Paths = paths,
            Allow = allow,
            RulePackFolders = packFolders,
        };
    }

    /// <summary>Refuses rule ids the loaded rule set does not have (typos would silently do nothing).</summary>
    public void CheckRuleIds(IEnumerable<string> knownRuleIds)
    {
        var known = knownRuleIds.ToHashSet(StringComparer.Ordinal);
        foreach (var (id, line, column, section) in DisabledRules.Select(d => (d.RuleId, d.Line, d.Column, "rules.disable"))
                     .Concat(SeverityOverrides.Select(o => (o.RuleId, o.Line, o.Column, "rules.severity"))))
        {
            if (!known.Contains(id))
            {
                throw new DataFileException(Source ?? "policy", line, column, $"{section}: no rule {id} is loaded (`skillscan rules list` shows the ids)");
            }
        }
    }

    /// <summary>The rules to run: disabled ones removed, overridden severities in their descriptors.</summary>
    public IReadOnlyList<IRule> SelectRules(IEnumerable<IRule> rules)
    {
        var selected = new List<IRule>();
        foreach (var rule in rules)
        {
            if (DisabledRules.Any(d => d.RuleId == rule.Descriptor.Id)) continue;
            var change = SeverityOverrides.FirstOrDefault(o => o.RuleId == rule.Descriptor.Id);
            selected.Add(change is null ? rule : new OverriddenRule(rule, change));
        }
        return selected;
    }

    /// <summary>Settings with the policy's allow-lists added to the defaults.</summary>
    public ScanSettings ApplyTo(ScanSettings settings) => new()
    {
        AllowedInstallerDomains = settings.AllowedInstallerDomains.Concat(Allow.Installers).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        AllowedDomains = settings.AllowedDomains.Concat(Allow.Domains).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        AllowedPackages = settings.AllowedPackages.Concat(Allow.Packages).Distinct(StringComparer.Ordinal).ToList(),
        TrustedSources = settings.TrustedSources.Concat(Allow.SkillSources).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        TrustedPublishers = settings.TrustedPublishers.Concat(Allow.Publishers).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
    };

    /// <summary>Whether a finding of this severity fails the run under this policy.</summary>
    public bool Fails(Severity severity) => FailLevel != FailLevel.None && (int)LevelOf(severity) >= (int)FailLevel;

    private static FailLevel LevelOf(Severity severity) => severity.SarifLevel() switch
    {
        "error" => FailLevel.Error,
        "warning" => FailLevel.Warning,
        _ => FailLevel.Note,
    };

    private static IEnumerable<YamlMappingNode> Items(YamlData y, YamlMappingNode map, string key)
    {
        var node = y.Get(map, key);
        if (node is null) yield break;
        if (node is not YamlSequenceNode list)
        {
            throw y.Error(node, $"'rules.{key}' must be a list of entries like {{ rule: SS1234, reason: ... }}");
        }
        foreach (var item in list.Children)
        {
            yield return item as YamlMappingNode
                ?? throw y.Error(item, $"each 'rules.{key}' entry must be a mapping like {{ rule: SS1234, reason: ... }}");
        }
    }

    private static (string Id, YamlNode Node) RuleId(YamlData y, YamlMappingNode item, string section)
    {
        var node = y.Get(item, "rule") ?? throw y.Error(item, $"{section} entry: missing required key 'rule' (a rule id such as SS1001)");
        var id = (node as YamlScalarNode)?.Value ?? "";
        if (!RuleIdShape.IsMatch(id)) throw y.Error(node, $"{section} entry: '{id}' is not a rule id (expected something like SS1001)");
        return (id, node);
    }

    private static string Reason(YamlData y, YamlMappingNode item, string section, string what)
    {
        var node = y.Get(item, "reason");
        var reason = (node as YamlScalarNode)?.Value?.Trim();
        if (node is not null && node is not YamlScalarNode) throw y.Error(node, $"{section} entry: 'reason' must be text");
        if (string.IsNullOrEmpty(reason)) throw y.Error(node ?? item, $"{section} entry: missing required key 'reason' ({what})");
        return reason;
    }

    private static void RefuseDuplicates(YamlData y, YamlMappingNode rules, IEnumerable<(string Id, long Line, long Column)> entries, string section)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, line, column) in entries)
        {
            if (!seen.Add(id)) throw new DataFileException(y.File, line, column, $"{section}: rule {id} is listed twice");
        }
    }

    private static List<string> Patterns(YamlData y, YamlMappingNode map, string key) =>
        NonEmptyStrings(y, map, key, p => PathFilter.Problem(p) is { } problem ? $"paths.{key}: {problem}" : null);

    private static List<string> NonEmptyStrings(YamlData y, YamlMappingNode map, string key, Func<string, string?>? problem = null)
    {
        var node = y.Get(map, key);
        if (node is null) return [];
        if (node is not YamlSequenceNode list) throw y.Error(node, $"'{key}' must be a list of strings");
        var values = new List<string>();
        foreach (var item in list.Children)
        {
            var value = (item as YamlScalarNode)?.Value?.Trim();
            if (string.IsNullOrEmpty(value)) throw y.Error(item, $"'{key}' items must be non-empty strings");
            if (problem?.Invoke(value) is { } reason) throw y.Error(item, reason);
            values.Add(value);
        }
        return values;
    }
}

/// <summary>A rule run with the severity the policy gave it; <see cref="Reason"/> says why.</summary>
public sealed class OverriddenRule : IRule
{
    public OverriddenRule(IRule inner, SeverityOverride change)
    {
        Inner = inner;
        Change = change;
        Descriptor = inner.Descriptor with { Severity = change.Severity };
    }

    public IRule Inner { get; }

    public SeverityOverride Change { get; }

    public RuleDescriptor Descriptor { get; }

    public string Reason => Change.Reason;

    public void Analyze(RuleContext context) => Inner.Analyze(context);
}
