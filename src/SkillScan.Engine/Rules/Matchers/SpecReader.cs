using SkillScan.Model;
using SkillScan.Semantics;
using SkillScan.Util;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Rules.Matchers;

/// <summary>
/// Reads one matcher spec: every complaint names the pack file, the line, the rule and the matcher kind, and
/// unknown keys, capabilities, source kinds, destination classes and bad regexes are rejected at load time.
/// </summary>
public sealed class SpecReader
{
    public SpecReader(YamlData yaml, RuleDescriptor rule, string kind)
    {
        Yaml = yaml;
        Rule = rule;
        Kind = kind;
    }

    public YamlData Yaml { get; }

    public RuleDescriptor Rule { get; }

    public string Kind { get; }

    public DataFileException Error(YamlNode node, string reason) => Yaml.Error(node, $"rule {Rule.Id} ({Kind}): {reason}");

    public YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping");

    public void AllowOnly(YamlMappingNode map, params string[] keys)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!keys.Contains(name)) throw Error(key, $"unknown key '{name}'; expected one of: {string.Join(", ", keys)}");
        }
    }

    public YamlNode? Get(YamlMappingNode map, string key) => Yaml.Get(map, key);

    public bool Has(YamlMappingNode map, string key) => Yaml.Get(map, key) is not null;

    public string? String(YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        if (node is null) return null;
        return (node as YamlScalarNode)?.Value ?? throw Error(node, $"'{key}' must be a string");
    }

    public List<string> Strings(YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        if (node is null) return new List<string>();
        try
        {
            return Yaml.StringList(node, key);
        }
        catch (DataFileException ex)
        {
            throw Error(node, ex.Reason);
        }
    }

    public bool Bool(YamlMappingNode map, string key, bool fallback = false)
    {
        var node = Get(map, key);
        if (node is null) return fallback;
        var s = (node as YamlScalarNode)?.Value?.ToLowerInvariant();
        return s switch
        {
            "true" or "yes" => true,
            "false" or "no" => false,
            _ => throw Error(node, $"'{key}' must be true or false"),
        };
    }

    public int? Int(YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        if (node is null) return null;
        return int.TryParse((node as YamlScalarNode)?.Value, out var v) && v >= 0 ? v : throw Error(node, $"'{key}' must be a whole number ≥ 0");
    }

    public double? Number(YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        if (node is null) return null;
        return double.TryParse((node as YamlScalarNode)?.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v : throw Error(node, $"'{key}' must be a number");
    }

    public TextPattern? Pattern(YamlMappingNode map, string key, bool ignoreCase = false)
    {
        var node = Get(map, key);
        if (node is null) return null;
        var text = (node as YamlScalarNode)?.Value ?? throw Error(node, $"'{key}' must be a regular expression string");
        return CompilePattern(node, text, ignoreCase);
    }

    /// <summary>A key holding one pattern or a list of them.</summary>
    public List<TextPattern> Patterns(YamlMappingNode map, string key, bool ignoreCase = false)
    {
        var node = Get(map, key);
        if (node is null) return new List<TextPattern>();
        return Strings(map, key).Select(p => CompilePattern(node, p, ignoreCase)).ToList();
    }

    public TextPattern CompilePattern(YamlNode node, string text, bool ignoreCase = false)
    {
        try
        {
            return TextPattern.Create(text, ignoreCase, Yaml.CheckedByTests);
        }
        catch (ArgumentException ex)
        {
            throw Error(node, $"invalid pattern '{text}': {ex.Message}");
        }
    }

    public List<string> Capabilities(YamlMappingNode map, string key)
    {
        var list = Strings(map, key);
        foreach (var c in list)
        {
            if (!Semantics.Capabilities.IsKnown(c))
            {
                throw Error(Get(map, key)!, $"unknown capability '{c}'; known: {string.Join(", ", Semantics.Capabilities.Known.Keys)}");
            }
        }
        return list;
    }

    /// <summary>Taint kinds: the source kinds, plus any capability (a decoder or download marks data too).</summary>
    public List<string> TaintKinds(YamlMappingNode map, string key)
    {
        var list = Strings(map, key);
        foreach (var c in list)
        {
            if (!Semantics.Capabilities.IsSourceKind(c) && !Semantics.Capabilities.IsKnown(c))
            {
                throw Error(Get(map, key)!, $"unknown source kind '{c}'; known: {string.Join(", ", Semantics.Capabilities.SourceKinds.Keys)}");
            }
        }
        return list;
    }

    public List<string> DestinationClasses(YamlMappingNode map, string key)
    {
        var list = Strings(map, key);
        foreach (var c in list)
        {
            if (!Indicators.Builtin.IsKnownClass(c))
            {
                throw Error(Get(map, key)!, $"unknown destination class '{c}'; known: {string.Join(", ", Indicators.Builtin.ClassNames)}");
            }
        }
        return list;
    }

    public Severity? SeverityValue(YamlMappingNode map, string key)
    {
        var text = String(map, key);
        if (text is null) return null;
        return SeverityInfo.TryParseSeverity(text, out var s) ? s : throw Error(Get(map, key)!, $"severity '{text}' must be one of critical, high, medium, low, info");
    }

    public List<NameGlob> NameGlobs(YamlMappingNode map, string key) =>
        Strings(map, key).Select(Globs.Name).ToList();
}
