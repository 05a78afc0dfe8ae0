using SkillScan.Model;
using SkillScan.Util;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Rules;

/// <summary>The detection half of a pack rule: one matcher kind (flow, call, query, text, command, builtin...).</summary>
public interface IMatcher
{
    void Analyze(RuleDescriptor rule, RuleContext context);
}

/// <summary>
/// A matcher kind: the key under a rule's `match:` and the factory that validates its spec. Kinds are listed in
/// <see cref="Pipeline.EngineParts"/> (a test names any class missing there).
/// </summary>
public interface IMatcherKind
{
    string Key { get; }

    /// <summary>Validates the spec (throwing <see cref="DataFileException"/> with its line) and builds the matcher.</summary>
    IMatcher Create(YamlNode spec, YamlData yaml, RuleDescriptor rule);
}

/// <summary>Detection written in C# for what the declarative kinds cannot say; a pack names it with `builtin: Name`.</summary>
public interface IBuiltinDetector : IMatcher
{
    /// <summary>The name used in packs: `match: { builtin: FakePrerequisite }`.</summary>
    string Name { get; }
}

/// <summary>A rule from a pack: its descriptor and its matcher.</summary>
public sealed class PackRule : IRule
{
    public PackRule(RuleDescriptor descriptor, IMatcher matcher)
    {
        Descriptor = descriptor;
        Matcher = matcher;
    }

    public RuleDescriptor Descriptor { get; }

    public IMatcher Matcher { get; }

    public void Analyze(RuleContext context) => Matcher.Analyze(Descriptor, context);
}

public sealed class RulePack
{
    public required string Name { get; init; }

    public required string File { get; init; }

    public string? Description { get; init; }

    public required IReadOnlyList<PackRule> Rules { get; init; }

    /// <summary>SHA-256 (lower-case hex) of the pack's text as loaded: part of the result cache's key.</summary>
    public string Sha256 { get; init; } = "";
}

/// <summary>Reads and validates rule pack YAML. A bad pack is rejected with file, line and reason.</summary>
public static class RulePackLoader
{
    private static readonly Lazy<IReadOnlyDictionary<string, IMatcherKind>> Kinds = new(() =>
        Pipeline.EngineParts.MatcherKinds().ToDictionary(k => k.Key, StringComparer.Ordinal));

    public static IReadOnlyCollection<string> MatcherKinds => Kinds.Value.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The matcher kind registered under a key (for kinds that combine others, such as `any`).</summary>
    public static IMatcherKind? FindKind(string key) => Kinds.Value.TryGetValue(key, out var kind) ? kind : null;

    private static readonly string[] RuleKeys =
        ["id", "name", "category", "severity", "precision", "languages", "summary", "help", "tags", "cwe", "match"];

    /// <param name="builtin">A pack shipped in the tool: checks that tests make may be deferred (<see cref="YamlData.CheckedByTests"/>).</param>
    public static RulePack Parse(string text, string file, bool builtin = false)
    {
        var y = new YamlData(file) { CheckedByTests = builtin };
        var root = y.LoadRoot(text);
        y.AllowOnly(root, "pack", "description", "rules");
        var packName = y.RequiredString(root, "pack");
        var rules = new List<PackRule>();
        foreach (var item in y.Sequence(root, "rules")?.Children ?? [])
        {
            if (item is not YamlMappingNode m) throw y.Error(item, "each rule must be a mapping");
            y.AllowOnly(m, RuleKeys);
            var descriptor = ParseDescriptor(y, m, packName, file);
            var match = y.Map(m, "match") ?? throw y.Error(m, $"rule {descriptor.Id} has no 'match'");
            if (match.Children.Count != 1)
            {
                throw y.Error(match, $"rule {descriptor.Id}: 'match' must hold exactly one matcher kind; known kinds: {string.Join(", ", MatcherKinds)}");
            }
            var (kindNode, spec) = match.Children.First();
            var kindName = ((YamlScalarNode)kindNode).Value ?? "";
            if (!Kinds.Value.TryGetValue(kindName, out var kind))
            {
                throw y.Error(kindNode, $"rule {descriptor.Id}: unknown matcher kind '{kindName}'; known kinds: {string.Join(", ", MatcherKinds)}");
            }
            rules.Add(new PackRule(descriptor, kind.Create(spec, y, descriptor)));
        }
        return new RulePack
        {
            Name = packName,
            File = file,
            Description = y.String(root, "description"),
            Rules = rules,
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))),
        };
    }

    // Checked by hand, not by regex: building the two regexes was a noticeable part of a Native AOT gate's start.

    /// <summary>Two or more capitals, then three to five digits (SS1234).</summary>
    internal static bool IsRuleId(string id)
    {
        var letters = 0;
        while (letters < id.Length && char.IsAsciiLetterUpper(id[letters])) letters++;
        var digits = id.Length - letters;
        return letters >= 2 && digits is >= 3 and <= 5 && id.AsSpan(letters).IndexOfAnyExceptInRange('0', '9') < 0;
    }

    /// <summary>PascalCase: a capital, then at least one ASCII letter or digit.</summary>
    internal static bool IsRuleName(string name) =>
        name.Length >= 2 && char.IsAsciiLetterUpper(name[0]) && name.AsSpan(1).ContainsAnyExcept(AsciiLettersAndDigits) is false;

    private static readonly System.Buffers.SearchValues<char> AsciiLettersAndDigits =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    private static RuleDescriptor ParseDescriptor(YamlData y, YamlMappingNode m, string pack, string file)
    {
        var id = y.RequiredString(m, "id");
        if (!IsRuleId(id))
        {
            throw y.Error(y.Get(m, "id")!, $"rule id '{id}' must look like SS1234");
        }
        var name = y.RequiredString(m, "name");
        if (!IsRuleName(name))
        {
            throw y.Error(y.Get(m, "name")!, $"rule {id}: name '{name}' must be PascalCase");
        }
        var sevText = y.RequiredString(m, "severity");
        if (!SeverityInfo.TryParseSeverity(sevText, out var severity))
        {
            throw y.Error(y.Get(m, "severity")!, $"rule {id}: severity '{sevText}' must be one of critical, high, medium, low, info");
        }
        var precText = y.RequiredString(m, "precision");
        if (!SeverityInfo.TryParsePrecision(precText, out var precision))
        {
            throw y.Error(y.Get(m, "precision")!, $"rule {id}: precision '{precText}' must be one of very-high, high, medium, low");
        }
        var languages = new List<Language>();
        foreach (var l in y.Strings(m, "languages"))
        {
            if (!LanguageNames.TryParse(l, out var lang)) throw y.Error(y.Get(m, "languages")!, $"rule {id}: unknown language '{l}'");
            languages.Add(lang);
        }
        var tags = y.Strings(m, "tags");
        if (!tags.Contains("security")) tags.Insert(0, "security");
        var cwe = y.String(m, "cwe");
        if (cwe is not null && !tags.Contains(cwe)) tags.Add(cwe);
        if (tags.Count > 10) throw y.Error(y.Get(m, "tags")!, $"rule {id}: at most 10 tags (GitHub shows no more), 'security' and the CWE included");
        return new RuleDescriptor
        {
            Id = id,
            Name = name,
            Pack = pack,
            Category = y.RequiredString(m, "category"),
            Severity = severity,
            Precision = precision,
            Languages = languages,
            Summary = y.RequiredString(m, "summary"),
            Help = y.String(m, "help") ?? y.RequiredString(m, "summary"),
            Tags = tags,
            Source = $"{file}:{m.Start.Line}",
        };
    }
}

/// <summary>`match: { builtin: Name }` — a detector written in C#, found by its Name.</summary>
public sealed class BuiltinMatcherKind : IMatcherKind
{
    private static readonly Lazy<IReadOnlyDictionary<string, Func<IBuiltinDetector>>> Detectors = new(() =>
        Pipeline.EngineParts.Detectors().ToDictionary(create => create().Name, StringComparer.Ordinal));

    public string Key => "builtin";

    public IMatcher Create(YamlNode spec, YamlData yaml, RuleDescriptor rule)
    {
        var name = (spec as YamlScalarNode)?.Value ?? throw yaml.Error(spec, $"rule {rule.Id}: 'builtin' takes a detector name");
        if (!Detectors.Value.TryGetValue(name, out var create))
        {
            throw yaml.Error(spec, $"rule {rule.Id}: no built-in detector named '{name}'; known: {string.Join(", ", Detectors.Value.Keys.Order(StringComparer.Ordinal))}");
        }
        return (IMatcher)create();
    }
}

/// <summary>The rules a scan runs: the embedded packs plus packs from extra folders, ids unique.</summary>
public sealed class RuleSet
{
    public RuleSet(IReadOnlyList<RulePack> packs)
    {
        Packs = packs;
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rule in packs.SelectMany(p => p.Rules))
        {
            if (seen.TryGetValue(rule.Descriptor.Id, out var first))
            {
                throw new DataFileException(rule.Descriptor.Source ?? "?", 0, 0, $"rule id {rule.Descriptor.Id} is defined twice (first at {first})");
            }
            seen[rule.Descriptor.Id] = rule.Descriptor.Source ?? "?";
        }
        Rules = packs.SelectMany(p => p.Rules).OrderBy(r => r.Descriptor.Id, StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<RulePack> Packs { get; }

    public IReadOnlyList<PackRule> Rules { get; }

    /// <summary>
    /// SHA-256 (lower-case hex) over every pack's file name and text hash, in load order, and every embedded
    /// catalog (rules/catalogs/*.yaml): what the rules know. Part of the result cache's key.
    /// </summary>
    public string Fingerprint()
    {
        var text = new System.Text.StringBuilder("skillscan-rules/1\n");
        foreach (var pack in Packs) text.Append("pack ").Append(Path.GetFileName(pack.File)).Append(' ').Append(pack.Sha256).Append('\n');
        text.Append(Semantics.EmbeddedRules.CatalogsFingerprint).Append('\n');
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The packs shipped in the tool (embedded from rules/packs/).</summary>
    public static IReadOnlyList<RulePack> BuiltinPacks() =>
        Semantics.EmbeddedRules.Names("rules/packs/")
            .Select(n => RulePackLoader.Parse(Semantics.EmbeddedRules.Read(n)!, n, builtin: true))
            .ToList();

    /// <summary>Every *.yaml pack directly in a folder (extra packs from --rules or the policy).</summary>
    public static IReadOnlyList<RulePack> PacksFromFolder(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"rule folder not found: {folder}");
        return Directory.EnumerateFiles(folder, "*.yaml").Concat(Directory.EnumerateFiles(folder, "*.yml"))
            .Order(StringComparer.Ordinal)
            .Select(f => RulePackLoader.Parse(File.ReadAllText(f), f))
            .ToList();
    }

    public static RuleSet Load(IEnumerable<string>? extraFolders = null, bool includeBuiltin = true)
    {
        var packs = new List<RulePack>();
        if (includeBuiltin) packs.AddRange(BuiltinPacks());
        foreach (var f in extraFolders ?? []) packs.AddRange(PacksFromFolder(f));
        return new RuleSet(packs);
    }
}
