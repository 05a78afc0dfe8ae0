using System.Reflection;
using System.Text.RegularExpressions;
using SkillScan.Model;
using SkillScan.Util;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Semantics;

/// <summary>One API (or shell command) the catalog knows.</summary>
public sealed record CatalogEntry
{
    public required string Name { get; init; }

    /// <summary>Capabilities of calling it.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = Array.Empty<string>();

    /// <summary>Taint kind of its result (env.read for os.getenv, net.fetch for requests.get...).</summary>
    public string? Source { get; init; }

    /// <summary>Decoder its result applies to its first argument: base64, hex, rot13, charcode, reverse, url...</summary>
    public string? Decoder { get; init; }

    /// <summary>
    /// What the call evaluates to for member resolution: `requests.Session` returns `requests`, so
    /// `requests.Session().post` resolves to `requests.post`; `open` returns `file`, so `f.write` is `file.write`.
    /// </summary>
    public string? Returns { get; init; }

    /// <summary>
    /// A constant-folding operation on the arguments that is not a decoder: module (require/__import__ → the
    /// module named by the first argument), getattr (member named by the second argument), pathjoin, home ("~"),
    /// identity (the first argument), receiver (the object called on), map. Language lowerings interpret it.
    /// </summary>
    public string? Fold { get; init; }

    /// <summary>A property read rather than a call (process.env, os.environ, sys.argv): its Source applies on access.</summary>
    public bool Property { get; init; }

    /// <summary>Shell: extra capabilities when a flag is present (curl -d → net.send).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Flags { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Where it was defined (file:line), for docs and errors.</summary>
    public string? Origin { get; init; }
}

/// <summary>
/// A language's capability catalog (rules/catalogs/&lt;language&gt;.yaml): which APIs do what. Data, not code:
/// adding `axios.post` is one line. Names are canonical (after import/alias resolution); a trailing `.*`
/// matches any member (`child_process.*`).
/// </summary>
public sealed class CapabilityCatalog
{
    private readonly Dictionary<string, CatalogEntry> _exact = new(StringComparer.Ordinal);
    private readonly List<(string Prefix, CatalogEntry Entry)> _wildcards = new();

    public CapabilityCatalog(string language, IReadOnlyDictionary<string, string> moduleAliases)
    {
        Language = language;
        ModuleAliases = moduleAliases;
    }

    public string Language { get; }

    /// <summary>Module names that mean another module (e.g. node: "node:child_process" → "child_process").</summary>
    public IReadOnlyDictionary<string, string> ModuleAliases { get; }

    public IEnumerable<CatalogEntry> Entries => _exact.Values.Concat(_wildcards.Select(w => w.Entry));

    public void Add(CatalogEntry entry)
    {
        if (entry.Name.EndsWith(".*", StringComparison.Ordinal))
        {
            _wildcards.Add((entry.Name[..^1], entry));
        }
        else
        {
            _exact[entry.Name] = entry;
        }
    }

    /// <summary>The entry for a canonical callee, exact match first, then the longest wildcard prefix.</summary>
    public CatalogEntry? Lookup(string callee)
    {
        if (_exact.TryGetValue(callee, out var e)) return e;
        CatalogEntry? best = null;
        var bestLen = -1;
        foreach (var (prefix, entry) in _wildcards)
        {
            if (prefix.Length > bestLen && callee.StartsWith(prefix, StringComparison.Ordinal))
            {
                best = entry;
                bestLen = prefix.Length;
            }
        }
        return best;
    }

    public string NormalizeModule(string module) => ModuleAliases.TryGetValue(module, out var m) ? m : module;

    /// <summary>Loads a catalog from YAML text; errors name the file and line.</summary>
    public static CapabilityCatalog Parse(string text, string file)
    {
        var y = new YamlData(file);
        var root = y.LoadRoot(text);
        y.AllowOnly(root, "language", "modules", "apis");
        var language = y.RequiredString(root, "language");
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        if (y.Map(root, "modules") is { } modules)
        {
            foreach (var (k, v) in modules.Children)
            {
                aliases[((YamlScalarNode)k).Value!] = (v as YamlScalarNode)?.Value ?? throw y.Error(v, "module alias must be a string");
            }
        }
        var catalog = new CapabilityCatalog(language, aliases);
        foreach (var item in y.Sequence(root, "apis")?.Children ?? [])
        {
            if (item is not YamlMappingNode m) throw y.Error(item, "each api entry must be a mapping");
            y.AllowOnly(m, "names", "caps", "source", "decoder", "returns", "fold", "property", "flags", "note");
            var names = y.Strings(m, "names");
            if (names.Count == 0) throw y.Error(m, "api entry needs 'names'");
            var caps = y.Strings(m, "caps");
            foreach (var c in caps)
            {
                if (!Capabilities.IsKnown(c)) throw y.Error(m, $"unknown capability '{c}'; known: {string.Join(", ", Capabilities.Known.Keys)}");
            }
            var source = y.String(m, "source");
            if (source is not null && !Capabilities.IsSourceKind(source))
            {
                throw y.Error(y.Get(m, "source")!, $"unknown source kind '{source}'; known: {string.Join(", ", Capabilities.SourceKinds.Keys)}");
            }
            var flags = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (y.Map(m, "flags") is { } fm)
            {
                foreach (var (k, v) in fm.Children)
                {
                    var fcaps = y.StringList(v, "flags");
                    foreach (var c in fcaps)
                    {
                        if (!Capabilities.IsKnown(c)) throw y.Error(v, $"unknown capability '{c}'");
                    }
                    flags[((YamlScalarNode)k).Value!] = fcaps;
                }
            }
            foreach (var name in names)
            {
                catalog.Add(new CatalogEntry
                {
                    Name = name,
                    Capabilities = caps,
                    Source = source,
                    Decoder = y.String(m, "decoder"),
                    Returns = y.String(m, "returns"),
                    Fold = y.String(m, "fold"),
                    Property = y.Bool(m, "property") ?? false,
                    Flags = flags,
                    Origin = $"{file}:{m.Start.Line}",
                });
            }
        }
        return catalog;
    }
}

/// <summary>Sensitive paths (rules/catalogs/paths.yaml): which file paths hold secrets, agent state, persistence.</summary>
public sealed class SensitivePaths
{
    private readonly List<(string Kind, string Label, ShortTextRegex Pattern)> _patterns = new();

    public IEnumerable<(string Kind, string Label)> Kinds => _patterns.Select(p => (p.Kind, p.Label));

    // Every string that looks like a path is tested against every pattern, from several rules: remember answers.
    private readonly MemoTable<string, (string Kind, string Label)?> _first;
    private readonly MemoTable<string, IReadOnlyList<(string Kind, string Label)>> _all;

    private SensitivePaths()
    {
        _first = new(8192, FirstMatch);
        _all = new(8192, AllMatches);
    }

    /// <summary>The first path class a path matches: (kind, label) such as ("secret.read", "SSH private key").</summary>
    public (string Kind, string Label)? Match(string path) => _first.Get(path);

    private (string Kind, string Label)? FirstMatch(string path)
    {
        foreach (var (kind, label, pattern) in _patterns)
        {
            if (pattern.IsMatch(path)) return (kind, label);
        }
        return null;
    }

    /// <summary>Every path class a path matches.</summary>
    public IReadOnlyList<(string Kind, string Label)> MatchAll(string path) => _all.Get(path);

    private IReadOnlyList<(string Kind, string Label)> AllMatches(string path)
    {
        List<(string, string)>? hits = null;
        foreach (var (kind, label, pattern) in _patterns)
        {
            if (pattern.IsMatch(path)) (hits ??= []).Add((kind, label));
        }
        return hits ?? (IReadOnlyList<(string, string)>)[];
    }

    public static SensitivePaths Parse(string text, string file)
    {
        var y = new YamlData(file);
        var root = y.LoadRoot(text);
        y.AllowOnly(root, "paths");
        var result = new SensitivePaths();
        foreach (var item in y.Sequence(root, "paths")?.Children ?? [])
        {
            if (item is not YamlMappingNode m) throw y.Error(item, "each path entry must be a mapping");
            y.AllowOnly(m, "kind", "label", "patterns");
            var kind = y.RequiredString(m, "kind");
            var label = y.RequiredString(m, "label");
            foreach (var p in y.Strings(m, "patterns"))
            {
                ShortTextRegex regex;
                try
                {
                    regex = new ShortTextRegex(p, ignoreCase: true);
                }
                catch (ArgumentException ex)
                {
                    throw y.Error(m, $"invalid pattern '{p}': {ex.Message}");
                }
                result._patterns.Add((kind, label, regex));
            }
        }
        return result;
    }
}

/// <summary>Loads the built-in catalogs embedded in the engine (from rules/catalogs/), once per process.</summary>
public static class BuiltinCatalogs
{
    // One lazy entry per language: a gate on a skill of SKILL.md and a shell script parses only the bash catalog.
    private static readonly Lazy<IReadOnlyDictionary<string, Lazy<CapabilityCatalog>>> Catalogs = new(FindAll);
    private static readonly Lazy<SensitivePaths> Paths = new(() =>
        SensitivePaths.Parse(EmbeddedRules.Read("rules/catalogs/paths.yaml") ?? "paths: []", "rules/catalogs/paths.yaml"));

    public static CapabilityCatalog For(Language language) => For(CatalogName(language));

    public static CapabilityCatalog For(string name) =>
        Catalogs.Value.TryGetValue(name, out var c) ? c.Value : new CapabilityCatalog(name, new Dictionary<string, string>());

    public static SensitivePaths SensitivePaths => Paths.Value;

    /// <summary>TypeScript and TSX share the JavaScript catalog.</summary>
    public static string CatalogName(Language language) => language switch
    {
        Language.TypeScript or Language.Tsx or Language.JavaScript => "javascript",
        _ => language.ToId(),
    };

    private static IReadOnlyDictionary<string, Lazy<CapabilityCatalog>> FindAll()
    {
        var result = new Dictionary<string, Lazy<CapabilityCatalog>>(StringComparer.Ordinal);
        foreach (var name in EmbeddedRules.Names("rules/catalogs/"))
        {
            // Capability catalogs are named after their language; other data files (paths, indicators...) are not.
            var language = Path.GetFileNameWithoutExtension(name);
            if (!LanguageNames.TryParse(language, out _)) continue;
            result[language] = new Lazy<CapabilityCatalog>(() => Load(name, language));
        }
        return result;
    }

    private static CapabilityCatalog Load(string name, string language)
    {
        var catalog = CapabilityCatalog.Parse(EmbeddedRules.Read(name)!, name);
        return catalog.Language == language ? catalog
            : throw new InvalidDataException($"{name} declares language '{catalog.Language}'; a built-in catalog is named after its language");
    }
}

/// <summary>Access to the rule packs and catalogs embedded from the repository's rules/ folder.</summary>
public static class EmbeddedRules
{
    private static readonly Assembly Assembly = typeof(EmbeddedRules).Assembly;

    public static IEnumerable<string> Names(string prefix) =>
        Assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    /// <summary>SHA-256 (lower-case hex) over the names and bytes of every embedded rules/catalogs/ file, computed once.</summary>
    public static string CatalogsFingerprint => CatalogsHash.Value;

    private static readonly Lazy<string> CatalogsHash = new(() =>
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var name in Names("rules/catalogs/"))
        {
            using var stream = Assembly.GetManifestResourceStream(name)!;
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{name}\n{bytes.Length}\n"));
            hash.AppendData(bytes.GetBuffer(), 0, (int)bytes.Length);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    });

    /// <summary>
    /// The parser events the build recorded for the embedded file <paramref name="name"/> (embedded as
    /// recorded-events/rules/…/x.yaml, outside rules/ so listing packs and catalogs does not see them),
    /// replayed when <paramref name="text"/> is what they were recorded from; null otherwise.
    /// </summary>
    public static YamlDotNet.Core.IParser? RecordedEvents(string name, string text)
    {
        if (!name.StartsWith("rules/", StringComparison.Ordinal)) return null;
        using var stream = Assembly.GetManifestResourceStream(RecordedEventsPrefix + name);
        if (stream is null) return null;
        var recording = new byte[stream.Length];
        stream.ReadExactly(recording);
        return YamlEventRecording.Replay(recording, text);
    }

    /// <summary>What the build puts before an embedded YAML file's name for its recorded events.</summary>
    public const string RecordedEventsPrefix = "recorded-events/";

    public static string? Read(string name)
    {
        using var stream = Assembly.GetManifestResourceStream(name);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
