using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Util;

/// <summary>A data file (rule pack, catalog, policy) is wrong: which file, where, and what was expected.</summary>
public sealed class DataFileException : Exception
{
    public DataFileException(string file, long line, long column, string reason)
        : base($"{file}:{line}:{column}: {reason}")
    {
        File = file;
        Line = line;
        Column = column;
        Reason = reason;
    }

    public string File { get; }

    public long Line { get; }

    public long Column { get; }

    public string Reason { get; }
}

/// <summary>
/// Reads YAML data files with positions, so every complaint names file, line and column. Unknown keys are
/// errors, not silence. Aliases are refused (no "billion laughs" in a data file).
/// </summary>
public sealed class YamlData
{
    public YamlData(string file)
    {
        File = file;
    }

    public string File { get; }

    /// <summary>
    /// The file ships inside the tool and a test checks it whole (the built-in rule packs), so costly validation
    /// (compiling tree-sitter queries) may wait until first use instead of slowing every start.
    /// </summary>
    public bool CheckedByTests { get; init; }

    public YamlMappingNode LoadRoot(string text)
    {
        var stream = new YamlStream();
        bool recorded;
        try
        {
            // A built-in file replays the events the build recorded for it instead of being scanned again; the
            // recording refused anchors and aliases already.
            var replay = Semantics.EmbeddedRules.RecordedEvents(File, text);
            stream.Load(replay ?? new Parser(new StringReader(text)));
            recorded = replay is not null;
        }
        catch (YamlException ex)
        {
            throw new DataFileException(File, ex.Start.Line, ex.Start.Column, "invalid YAML: " + (ex.InnerException?.Message ?? ex.Message));
        }
        if (stream.Documents.Count == 0)
        {
            throw new DataFileException(File, 1, 1, "the file is empty; expected a mapping");
        }
        var root = stream.Documents[0].RootNode;
        if (!recorded) RefuseAliases(root);
        return root as YamlMappingNode ?? throw Error(root, "expected a mapping at the top level");
    }

    private void RefuseAliases(YamlNode root)
    {
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<YamlNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node)) throw Error(node, "YAML aliases (*name) are not allowed in this file");
            if (!node.Anchor.IsEmpty) throw Error(node, "YAML anchors (&name) are not allowed in this file");
            switch (node)
            {
                case YamlMappingNode m:
                    foreach (var (k, v) in m.Children)
                    {
                        stack.Push(k);
                        stack.Push(v);
                    }
                    break;
                case YamlSequenceNode s:
                    foreach (var c in s.Children) stack.Push(c);
                    break;
            }
        }
    }

    public DataFileException Error(YamlNode node, string reason) =>
        new(File, node.Start.Line, node.Start.Column, reason);

    /// <summary>Checks that a mapping holds only the given keys.</summary>
    public void AllowOnly(YamlMappingNode map, params string[] keys)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!keys.Contains(name))
            {
                throw Error(key, $"unknown key '{name}'; expected one of: {string.Join(", ", keys)}");
            }
        }
    }

    public YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    public string? String(YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        if (node is null) return null;
        if (node is YamlScalarNode s) return s.Value;
        throw Error(node, $"'{key}' must be a string");
    }

    public string RequiredString(YamlMappingNode map, string key) =>
        String(map, key) is { Length: > 0 } s ? s : throw Error(map, $"missing required key '{key}'");

    public List<string> Strings(YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        return node is null ? new List<string>() : StringList(node, key);
    }

    public List<string> StringList(YamlNode node, string what)
    {
        switch (node)
        {
            case YamlScalarNode s:
                return s.Value is null ? new List<string>() : [s.Value];
            case YamlSequenceNode seq:
                var list = new List<string>();
                foreach (var item in seq.Children)
                {
                    if (item is not YamlScalarNode si || si.Value is null) throw Error(item, $"'{what}' items must be strings");
                    list.Add(si.Value);
                }
                return list;
            default:
                throw Error(node, $"'{what}' must be a string or a list of strings");
        }
    }

    public YamlMappingNode? Map(YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        if (node is null) return null;
        return node as YamlMappingNode ?? throw Error(node, $"'{key}' must be a mapping");
    }

    public YamlSequenceNode? Sequence(YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        if (node is null) return null;
        return node as YamlSequenceNode ?? throw Error(node, $"'{key}' must be a list");
    }

    public bool? Bool(YamlMappingNode map, string key)
    {
        var s = String(map, key);
        if (s is null) return null;
        return s.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error(Get(map, key)!, $"'{key}' must be true or false"),
        };
    }

    public int? Int(YamlMappingNode map, string key)
    {
        var s = String(map, key);
        if (s is null) return null;
        return int.TryParse(s, out var v) ? v : throw Error(Get(map, key)!, $"'{key}' must be a whole number");
    }
}
