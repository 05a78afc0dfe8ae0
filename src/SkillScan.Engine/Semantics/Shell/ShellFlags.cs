using System.Collections.Concurrent;

namespace SkillScan.Semantics.Shell;

/// <summary>
/// The flags a catalog entry lists (`"-d|--data=": [net.send]`): spellings, whether each takes a value, and the
/// capabilities it adds. Parsed once per catalog entry.
/// </summary>
internal sealed class ShellFlags
{
    private static readonly ConcurrentDictionary<CatalogEntry, ShellFlags> Cache = new(ReferenceEqualityComparer.Instance);
    public static readonly ShellFlags None = new(new Dictionary<string, Flag>(StringComparer.Ordinal), false);

    private readonly Dictionary<string, Flag> _bySpelling;

    private ShellFlags(Dictionary<string, Flag> bySpelling, bool wordFlags)
    {
        _bySpelling = bySpelling;
        WordFlags = wordFlags;
    }

    /// <param name="Key">The Named key: the first spelling listed.</param>
    public sealed record Flag(string Key, bool TakesValue, IReadOnlyList<string> Capabilities);

    /// <summary>The command spells flags as words with one dash (find -exec, pwsh -Command): no -abc clusters.</summary>
    public bool WordFlags { get; }

    public static ShellFlags For(CatalogEntry? entry) =>
        entry is null || entry.Flags.Count == 0 ? None : Cache.GetOrAdd(entry, Build);

    public Flag? Find(string spelling) => _bySpelling.TryGetValue(spelling, out var f) ? f : null;

    private static ShellFlags Build(CatalogEntry entry)
    {
        var map = new Dictionary<string, Flag>(StringComparer.Ordinal);
        var wordFlags = false;
        foreach (var (key, caps) in entry.Flags)
        {
            var takesValue = key.EndsWith('=');
            var spellings = (takesValue ? key[..^1] : key).Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (spellings.Length == 0) continue;
            var flag = new Flag(spellings[0], takesValue, caps);
            foreach (var s in spellings)
            {
                map.TryAdd(s, flag);
                if (s.Length > 2 && s[0] == '-' && s[1] != '-') wordFlags = true;
            }
        }
        return new ShellFlags(map, wordFlags);
    }
}

/// <summary>A command's words sorted into positional arguments and the catalog's flags.</summary>
internal sealed class ParsedArguments
{
    public List<ShellValue> Positional { get; } = new();

    /// <summary>Index in the command's word list of each positional argument.</summary>
    public List<int> PositionalIndex { get; } = new();

    public Dictionary<string, ShellValue> Named { get; } = new(StringComparer.Ordinal);

    public List<string> FlagCapabilities { get; } = new();

    /// <summary>Flags seen, listed or not (spellings as written, clusters split): -d, --decode, -x ...</summary>
    public HashSet<string> Switches { get; } = new(StringComparer.Ordinal);

    /// <summary>Every value given to each listed flag, in order (Named merges repeated flags into one value).</summary>
    public Dictionary<string, List<ShellValue>> Occurrences { get; } = new(StringComparer.Ordinal);

    public bool Has(string flag) => Switches.Contains(flag) || Named.ContainsKey(flag);

    public ShellValue? Value(string key) => Named.TryGetValue(key, out var v) ? v : null;

    /// <summary>
    /// Parses words[start+1..] (words[start] is the command name). Stops treating words as flags after `--`
    /// or, when <paramref name="stopAtFirstPositional"/>, at the first positional (wrappers: the wrapped
    /// command's own flags are not theirs).
    /// </summary>
    public static ParsedArguments Parse(ShellFlags flags, IReadOnlyList<ShellValue> words, int start, bool stopAtFirstPositional)
    {
        var result = new ParsedArguments();
        var endOfOptions = false;
        for (var i = start + 1; i < words.Count; i++)
        {
            var word = words[i];
            var text = word.Constant;
            if (endOfOptions || text is null || text.Length < 2 || text[0] != '-')
            {
                result.AddPositional(word, i);
                if (stopAtFirstPositional) endOfOptions = true;
                continue;
            }
            if (text == "--")
            {
                result.Switches.Add("--");
                endOfOptions = true;
                if (stopAtFirstPositional) result.AddPositional(word, i);
                continue;
            }
            if (text.StartsWith("--", StringComparison.Ordinal) || flags.WordFlags)
            {
                var eq = text.IndexOf('=');
                var spelling = eq > 0 ? text[..eq] : text;
                result.Switches.Add(spelling);
                var flag = flags.Find(spelling);
                if (flag is null)
                {
                    result.AddPositional(word, i);
                    continue;
                }
                result.FlagCapabilities.AddRange(flag.Capabilities);
                if (!flag.TakesValue)
                {
                    result.AddNamed(flag.Key, word);
                }
                else if (eq > 0)
                {
                    result.AddNamed(flag.Key, Slice(word, eq + 1));
                }
                else if (i + 1 < words.Count)
                {
                    result.AddNamed(flag.Key, words[++i]);
                }
                continue;
            }
            // A cluster of one-letter flags: -fsSL, -qO-, -xzf archive, -d@file, -pSECRET.
            var anyUnlisted = false;
            var consumedNext = false;
            for (var k = 1; k < text.Length; k++)
            {
                var spelling = "-" + text[k];
                result.Switches.Add(spelling);
                var flag = flags.Find(spelling);
                if (flag is null)
                {
                    anyUnlisted = true;
                    continue;
                }
                result.FlagCapabilities.AddRange(flag.Capabilities);
                if (!flag.TakesValue)
                {
                    result.AddNamed(flag.Key, word);
                    continue;
                }
                if (k + 1 < text.Length)
                {
                    result.AddNamed(flag.Key, Slice(word, k + 1));
                }
                else if (i + 1 < words.Count)
                {
                    consumedNext = true;
                    result.AddNamed(flag.Key, words[i + 1]);
                }
                break;
            }
            if (anyUnlisted) result.AddPositional(word, i);
            if (consumedNext) i++;
        }
        return result;
    }

    private void AddPositional(ShellValue word, int index)
    {
        Positional.Add(word);
        PositionalIndex.Add(index);
    }

    private void AddNamed(string key, ShellValue value)
    {
        if (!Occurrences.TryGetValue(key, out var all)) Occurrences[key] = all = new List<ShellValue>(1);
        all.Add(value);
        Named[key] = Merge(all);
    }

    /// <summary>Values of a repeated flag as one (`curl -d a -d "$SECRET"`: both values' taint under one key).</summary>
    public static ShellValue Merge(List<ShellValue> values)
    {
        var merged = values[0];
        for (var k = 1; k < values.Count; k++)
        {
            var v = values[k];
            merged = new ShellValue(merged.Span, merged.Constant is { } a && v.Constant is { } b ? a + "&" + b : null,
                Taints.Union(merged.Taint, v.Taint)) { Origin = merged.Origin };
        }
        return merged;
    }

    /// <summary>The part of a flag word after a position (`-d@file` → `@file`), keeping taint and origin.</summary>
    private static ShellValue Slice(ShellValue word, int from) =>
        word.With(constant: word.Constant![from..]);
}
