using System.Text.RegularExpressions;
using SkillScan.Model;
using SkillScan.Syntax.Markdown;

namespace SkillScan.Semantics.Markdown;

/// <summary>Something wrong with SKILL.md's front matter, for SS3202.</summary>
/// <param name="Kind">Stable id (missing-front-matter, invalid-yaml, duplicate-key, alias-bomb, missing-name, ...).</param>
public sealed record ManifestProblem(string Kind, string Message, TextSpan Span, Severity Severity);

/// <summary>One entry of `metadata.openclaw.install`: how the agent installs a tool the skill needs.</summary>
public sealed record InstallSpec(int Index, string? Kind, string? Id, string? Label, string? Formula, string? Package, string? Module,
    string? Url, IReadOnlyList<string> Bins, TextSpan Span, TextSpan? UrlSpan)
{
    /// <summary>The thing installed: formula, package, module or URL.</summary>
    public string? Target => Formula ?? Package ?? Module ?? Url;
}

/// <summary>
/// What SKILL.md declares about the skill: name, description, requirements (`metadata.openclaw.requires`:
/// bins, anyBins, env, config) and install specs, plus everything wrong with the front matter. Built once per
/// skill and shared by the rules (skillmd and pinning packs).
/// </summary>
public sealed partial class SkillManifest
{
    /// <summary>Keys under `metadata` that hold the agent's block (OpenClaw and its earlier names).</summary>
    public static readonly string[] AgentKeys = ["openclaw", "clawdbot", "moltbot", "clawdis"];

    public static readonly string[] InstallKinds = ["brew", "node", "npm", "go", "uv", "pip", "download", "cargo", "apt"];

    public static readonly SkillManifest None = new() { FrontMatter = FrontMatter.Absent };

    /// <summary>The SKILL.md model it was read from (null when the skill has no parsed SKILL.md).</summary>
    public MarkdownModel? SkillMd { get; private init; }

    public required FrontMatter FrontMatter { get; init; }

    public string? Name { get; private set; }

    public TextSpan? NameSpan { get; private set; }

    public string? Description { get; private set; }

    public TextSpan? DescriptionSpan { get; private set; }

    public string? Homepage { get; private set; }

    /// <summary>The agent block (`metadata.openclaw`), when present.</summary>
    public YamlMappingValue? AgentBlock { get; private set; }

    public IReadOnlyList<string> RequiredBins { get; private set; } = [];

    public IReadOnlyList<string> AnyBins { get; private set; } = [];

    public IReadOnlyList<string> RequiredEnv { get; private set; } = [];

    public IReadOnlyList<string> RequiredConfig { get; private set; } = [];

    public string? PrimaryEnv { get; private set; }

    public IReadOnlyList<InstallSpec> Install { get; private set; } = [];

    public List<ManifestProblem> Problems { get; } = new();

    /// <summary>Every value a duplicated key was given (name, description...): loaders disagree on which wins.</summary>
    public Dictionary<string, List<string>> DuplicateValues { get; } = new(StringComparer.Ordinal);

    /// <summary>Everything the front matter says in words (name, description, all values), for declared-capability checks.</summary>
    public string DeclaredText { get; private set; } = "";

    /// <summary>The manifest of a skill, read from its SKILL.md once per analysis.</summary>
    public static SkillManifest For(SkillAnalysis analysis) =>
        analysis.Shared(analysis, static a => MarkdownModel.SkillMd(a) is { } model ? FromModel(model) : None);

    public static SkillManifest FromModel(MarkdownModel model)
    {
        var manifest = new SkillManifest { SkillMd = model, FrontMatter = model.FrontMatter };
        manifest.Read();
        return manifest;
    }

    private void Read()
    {
        var fm = FrontMatter;
        foreach (var p in fm.Problems)
        {
            Problems.Add(new ManifestProblem(p.Kind, p.Message, p.Span, p.Kind == "alias-bomb" ? Severity.Medium : Severity.Low));
        }
        if (!fm.IsPresent)
        {
            if (fm.Problems.Count == 0)
            {
                // At the first visible text (not at a comment before it).
                var first = SkillMd?.Visible.FirstOrDefault()?.Span ?? new TextSpan(0, 0);
                Problems.Add(new ManifestProblem("missing-front-matter",
                    "SKILL.md has no front matter: without a name and description between '---' lines, agents cannot tell what the skill is for or when to use it.",
                    new TextSpan(first.Start, first.Start), Severity.Low));
            }
            return;
        }
        var map = fm.Map;
        if (map is null)
        {
            // Empty only when nothing else explains the missing mapping (invalid, too large, too deep, TOML...).
            if (fm.Format is not (FrontMatterFormat.Toml or FrontMatterFormat.Unterminated) && fm.Problems.All(p => p.Kind is "json-front-matter" or "front-matter-not-first-line"))
            {
                Problems.Add(new ManifestProblem("empty-front-matter", "Front matter is empty: the skill has no name or description.", fm.BlockSpan, Severity.Low));
            }
            return;
        }

        foreach (var p in fm.Problems.Where(p => p.Kind == "duplicate-key"))
        {
            // Keep every value a duplicated top-level key was given, so checks see them all.
            var key = DuplicateKeyRegex().Match(p.Message).Groups["k"].Value;
            var values = map.Entries.Where(e => e.Key.AsString == key).Select(e => e.Value.AsString ?? "").ToList();
            if (key.Length > 0 && values.Count > 1) DuplicateValues[key] = values;
        }

        (Name, NameSpan) = ScalarAt(map, "name", required: true);
        (Description, DescriptionSpan) = ScalarAt(map, "description", required: true);
        Homepage = map["homepage"]?.AsString;
        if (Name is not null && (!NameRegex().IsMatch(Name) || Name.Length > 64))
        {
            Problems.Add(new ManifestProblem("invalid-name",
                $"Skill name '{Cut(Name)}' is not lower-case letters, digits and hyphens (at most 64 characters).", NameSpan!.Value, Severity.Low));
        }
        if (Description is { Length: > 1024 })
        {
            Problems.Add(new ManifestProblem("long-description",
                $"The description is {Description.Length} characters long (more than 1024); agents may cut it, and long descriptions can carry instructions.", DescriptionSpan!.Value, Severity.Low));
        }
        ReadMetadata(map);
        DeclaredText = string.Join("\n", AllScalars(map).Concat(DuplicateValues.Values.SelectMany(v => v)));
    }

    private void ReadMetadata(YamlMappingValue map)
    {
        var metadata = map["metadata"];
        if (metadata is null) return;
        if (metadata is YamlScalarValue { Value.Length: > 0 } text && text.Value.TrimStart().StartsWith('{'))
        {
            // Metadata given as a JSON string: read it as YAML (JSON is YAML), spans approximate to the string.
            var parsed = SafeYaml.Load(text.Value, text.Span.Start + (text.Quoted ? 1 : 0));
            foreach (var p in parsed.Problems)
            {
                Problems.Add(new ManifestProblem(p.Kind, "In metadata: " + p.Message, p.Span, p.Kind == "alias-bomb" ? Severity.Medium : Severity.Low));
            }
            metadata = parsed.Root;
        }
        if (metadata is not YamlMappingValue meta)
        {
            Problems.Add(new ManifestProblem("invalid-metadata", "'metadata' is not a mapping (OpenClaw expects a JSON object).", metadata?.Span ?? map.Span, Severity.Low));
            return;
        }
        var agentKey = AgentKeys.FirstOrDefault(k => meta[k] is not null);
        if (agentKey is null) return;
        if (meta[agentKey] is not YamlMappingValue agent)
        {
            Problems.Add(new ManifestProblem("invalid-metadata", $"'metadata.{agentKey}' is not a mapping.", meta[agentKey]!.Span, Severity.Low));
            return;
        }
        AgentBlock = agent;
        PrimaryEnv = agent["primaryEnv"]?.AsString;
        if (agent["requires"] is { } requires)
        {
            if (requires is YamlMappingValue r)
            {
                RequiredBins = StringList(r, "bins", agentKey);
                AnyBins = StringList(r, "anyBins", agentKey);
                RequiredEnv = StringList(r, "env", agentKey);
                RequiredConfig = StringList(r, "config", agentKey);
            }
            else
            {
                Problems.Add(new ManifestProblem("invalid-requires", $"'metadata.{agentKey}.requires' is not a mapping of bins, anyBins, env and config.", requires.Span, Severity.Low));
            }
        }
        if (agent["install"] is { } install) Install = ReadInstall(install, agentKey);
    }

    private IReadOnlyList<string> StringList(YamlMappingValue map, string key, string agentKey)
    {
        var node = map[key];
        switch (node)
        {
            case null:
                return [];
            case YamlScalarValue s:
                return s.Value.Length == 0 ? [] : [s.Value];
            case YamlSequenceValue seq when seq.Items.All(i => i is YamlScalarValue):
                return seq.Items.Select(i => i.AsString!).Where(v => v.Length > 0).ToList();
            default:
                Problems.Add(new ManifestProblem("invalid-requires", $"'metadata.{agentKey}.requires.{key}' must be a list of strings.", node.Span, Severity.Low));
                return [];
        }
    }

    private IReadOnlyList<InstallSpec> ReadInstall(YamlValue install, string agentKey)
    {
        var items = install switch
        {
            YamlSequenceValue seq => seq.Items,
            YamlMappingValue single => [single],
            _ => null,
        };
        if (items is null)
        {
            Problems.Add(new ManifestProblem("invalid-install", $"'metadata.{agentKey}.install' must be a list of install specs.", install.Span, Severity.Low));
            return [];
        }
        var specs = new List<InstallSpec>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not YamlMappingValue m)
            {
                Problems.Add(new ManifestProblem("invalid-install", $"Install spec #{i + 1} is not a mapping.", items[i].Span, Severity.Low));
                continue;
            }
            var kind = m["kind"]?.AsString;
            var bins = m["bins"] switch
            {
                YamlSequenceValue b => b.Items.Select(x => x.AsString).OfType<string>().ToList(),
                YamlScalarValue b => [b.Value],
                _ => new List<string>(),
            };
            var spec = new InstallSpec(i, kind, m["id"]?.AsString, m["label"]?.AsString, m["formula"]?.AsString,
                m["package"]?.AsString, m["module"]?.AsString, m["url"]?.AsString, bins, m.Span, m["url"]?.Span);
            specs.Add(spec);
            if (kind is null)
            {
                Problems.Add(new ManifestProblem("invalid-install", $"Install spec #{i + 1} has no 'kind' (one of {string.Join(", ", InstallKinds)}).", m.Span, Severity.Low));
            }
            else if (!InstallKinds.Contains(kind))
            {
                Problems.Add(new ManifestProblem("invalid-install", $"Install spec #{i + 1} has unknown kind '{Cut(kind)}' (expected one of {string.Join(", ", InstallKinds)}).", m["kind"]!.Span, Severity.Low));
            }
            else if (kind == "download" ? m["url"] is null : m["formula"] is null && m["package"] is null && m["module"] is null)
            {
                var needed = kind switch { "download" => "url", "brew" => "formula", "go" => "module", _ => "package" };
                Problems.Add(new ManifestProblem("invalid-install", $"Install spec #{i + 1} of kind '{kind}' has no '{needed}'.", m.Span, Severity.Low));
            }
        }
        return specs;
    }

    private (string? Value, TextSpan? Span) ScalarAt(YamlMappingValue map, string key, bool required)
    {
        var node = map[key];
        if (node is null)
        {
            if (required)
            {
                Problems.Add(new ManifestProblem("missing-" + key,
                    $"Front matter has no '{key}'; agents use the name and description to decide when to load the skill.", FrontMatter.BlockSpan.Length > 0 ? new TextSpan(FrontMatter.BlockSpan.Start, FrontMatter.BlockSpan.Start + 3) : map.Span, Severity.Low));
            }
            return (null, null);
        }
        if (node is not YamlScalarValue s)
        {
            Problems.Add(new ManifestProblem("invalid-" + key, $"'{key}' is not a string.", node.Span, Severity.Low));
            return (null, node.Span);
        }
        return (s.Value, s.Span);
    }

    /// <summary>Every scalar of a tree, iteratively; shared (aliased) nodes are visited once.</summary>
    private static IEnumerable<string> AllScalars(YamlValue root)
    {
        var seen = new HashSet<YamlValue>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<YamlValue>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node)) continue;
            switch (node)
            {
                case YamlScalarValue s:
                    if (s.Value.Length > 0) yield return s.Value;
                    break;
                case YamlSequenceValue seq:
                    foreach (var item in seq.Items) stack.Push(item);
                    break;
                case YamlMappingValue map:
                    foreach (var (k, v) in map.Entries)
                    {
                        stack.Push(k);
                        stack.Push(v);
                    }
                    break;
            }
        }
    }

    private static string Cut(string s) => s.Length > 80 ? s[..77] + "..." : s;

    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"^Key '(?<k>[^']*)'")]
    private static partial Regex DuplicateKeyRegex();
}
