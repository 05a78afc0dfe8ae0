using System.Text.RegularExpressions;
using SkillScan.Util;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Semantics.Markdown;

/// <summary>A phrase found in text: where, what, in which language, and whether it must start an instruction.</summary>
public readonly record struct PhraseMatch(int Index, int Length, string Value, string Language, bool Imperative)
{
    public int End => Index + Length;
}

/// <summary>
/// A list of phrase patterns from the catalog, compiled into one regex per language group. The patterns are
/// alternations of words with bounded gaps; each group is a <see cref="TieredRegex"/>: the interpreter, built in
/// microseconds, for a gate's few kilobytes of prose, the linear engine once a batch has read enough prose to pay
/// for it (and for any search the interpreter runs out of time on), so hostile prose never stalls a scan.
/// </summary>
public sealed class PhraseSet
{
    public static readonly PhraseSet Empty = new([]);

    private readonly IReadOnlyList<(string Language, bool Imperative, Lazy<TieredRegex> Regex, KeywordFilter? Keywords)> _groups;

    /// <param name="groups">Per group: its language, whether it must start an instruction, its regex (built on first
    /// use), and the words its matches need (null when not known): text without them is skipped unread.</param>
    public PhraseSet(IReadOnlyList<(string Language, bool Imperative, Lazy<TieredRegex> Regex, KeywordFilter? Keywords)> groups)
    {
        _groups = groups;
    }

    public IEnumerable<string> Languages => _groups.Select(g => g.Language).Distinct();

    /// <summary>The groups' regexes, for tests that compare engines.</summary>
    public IEnumerable<TieredRegex> Regexes => _groups.Select(g => g.Regex.Value);

    private static bool MayMatch(string text, KeywordFilter? keywords, ref string? lower)
    {
        if (keywords is null) return true;
        lower ??= text.ToLowerInvariant();
        return keywords.MayMatch(lower);
    }

    /// <summary>Every match, group by group.</summary>
    public IReadOnlyList<PhraseMatch> Matches(string text)
    {
        var result = new List<PhraseMatch>();
        string? lower = null;
        foreach (var (language, imperative, regex, keywords) in _groups)
        {
            if (!MayMatch(text, keywords, ref lower)) continue;
            foreach (var m in regex.Value.Matches(text))
            {
                if (m.Length > 0) result.Add(new PhraseMatch(m.Index, m.Length, m.Value, language, imperative));
            }
        }
        return result;
    }

    public bool IsMatch(string text)
    {
        string? lower = null;
        foreach (var (_, _, regex, keywords) in _groups)
        {
            if (MayMatch(text, keywords, ref lower) && regex.Value.IsMatch(text)) return true;
        }
        return false;
    }

    public PhraseMatch? First(string text) => Matches(text).OrderBy(m => m.Index).Cast<PhraseMatch?>().FirstOrDefault();
}

/// <summary>
/// The phrase lists the skillmd pack reads prose with (rules/catalogs/instructions.yaml): override phrases in many
/// languages, secrecy and safety-bypass phrases, credential stores, file hosts, prerequisite words... Loaded once
/// and validated with file and line in every error.
/// </summary>
public sealed class InstructionCatalog
{
    public const string BuiltinName = "rules/catalogs/instructions.yaml";

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline;

    /// <summary>Budget of one regex call over one prose unit.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private static readonly Lazy<InstructionCatalog> BuiltinValue = new(() =>
        Parse(EmbeddedRules.Read(BuiltinName) ?? throw new InvalidOperationException($"{BuiltinName} is not embedded"), BuiltinName, builtin: true));

    public static InstructionCatalog Builtin => BuiltinValue.Value;

    private static readonly string[] Keys =
    [
        "fillers", "override", "system-markers", "secrecy", "secrecy-exempt", "safety-bypass", "safety-flags",
        "credential-stores", "credential-words", "harvest-verbs", "send-verbs", "sensitive-data", "environment-dump", "auth-usage",
        "destination-words", "prerequisite", "download-verbs", "run-verbs", "paste-terminal", "run-dialog", "password", "password-prompt",
        "archive", "risky-extensions", "release-pages", "file-hosts", "paste-sites", "shorteners", "file-drops", "risky-commands", "hidden-exempt",
        "agent-names", "imperative-verbs", "hidden-action-verbs", "declared", "confusables", "brands", "command-words",
    ];

    public IReadOnlySet<string> Fillers { get; private init; } = new HashSet<string>();
    public PhraseSet Override { get; private init; } = PhraseSet.Empty;
    public PhraseSet SystemMarkers { get; private init; } = PhraseSet.Empty;
    public PhraseSet Secrecy { get; private init; } = PhraseSet.Empty;
    public PhraseSet SecrecyExempt { get; private init; } = PhraseSet.Empty;
    public PhraseSet SafetyBypass { get; private init; } = PhraseSet.Empty;
    public PhraseSet SafetyFlags { get; private init; } = PhraseSet.Empty;
    public PhraseSet CredentialStores { get; private init; } = PhraseSet.Empty;
    public PhraseSet CredentialWords { get; private init; } = PhraseSet.Empty;
    public PhraseSet HarvestVerbs { get; private init; } = PhraseSet.Empty;
    public PhraseSet SendVerbs { get; private init; } = PhraseSet.Empty;
    public PhraseSet SensitiveData { get; private init; } = PhraseSet.Empty;
    public PhraseSet EnvironmentDump { get; private init; } = PhraseSet.Empty;
    public PhraseSet AuthUsage { get; private init; } = PhraseSet.Empty;
    public PhraseSet DestinationWords { get; private init; } = PhraseSet.Empty;
    public PhraseSet Prerequisite { get; private init; } = PhraseSet.Empty;
    public PhraseSet DownloadVerbs { get; private init; } = PhraseSet.Empty;
    public PhraseSet RunVerbs { get; private init; } = PhraseSet.Empty;
    public PhraseSet PasteTerminal { get; private init; } = PhraseSet.Empty;
    public PhraseSet RunDialog { get; private init; } = PhraseSet.Empty;
    public PhraseSet Password { get; private init; } = PhraseSet.Empty;
    public PhraseSet PasswordPrompt { get; private init; } = PhraseSet.Empty;
    public PhraseSet Archive { get; private init; } = PhraseSet.Empty;
    public IReadOnlySet<string> RiskyExtensions { get; private init; } = new HashSet<string>();
    public PhraseSet ReleasePages { get; private init; } = PhraseSet.Empty;
    public IReadOnlyList<string> FileHosts { get; private init; } = [];
    public IReadOnlyList<string> PasteSites { get; private init; } = [];
    public IReadOnlyList<string> Shorteners { get; private init; } = [];
    public IReadOnlyList<string> FileDrops { get; private init; } = [];
    public PhraseSet RiskyCommands { get; private init; } = PhraseSet.Empty;
    public PhraseSet HiddenExempt { get; private init; } = PhraseSet.Empty;
    public PhraseSet AgentNames { get; private init; } = PhraseSet.Empty;
    public PhraseSet ImperativeVerbs { get; private init; } = PhraseSet.Empty;
    public PhraseSet HiddenActionVerbs { get; private init; } = PhraseSet.Empty;

    /// <summary>Capability group (network, exec, credentials, writes) → words that declare it.</summary>
    public IReadOnlyDictionary<string, PhraseSet> Declared { get; private init; } = new Dictionary<string, PhraseSet>();

    /// <summary>Look-alike character → the Latin letter it imitates.</summary>
    public IReadOnlyDictionary<char, char> Confusables { get; private init; } = new Dictionary<char, char>();

    public IReadOnlyList<string> Brands { get; private init; } = [];
    public IReadOnlySet<string> CommandWords { get; private init; } = new HashSet<string>();

    /// <param name="builtin">The catalog shipped in the tool: each pattern's own syntax check is left to a test, and
    /// each list's regex is built on first use (start-up; a small skill's prose reaches few lists).</param>
    public static InstructionCatalog Parse(string text, string file, bool builtin = false)
    {
        var y = new YamlData(file) { CheckedByTests = builtin };
        var root = y.LoadRoot(text);
        y.AllowOnly(root, Keys);

        PhraseSet List(string key) => Compile(y, root, key, y.Get(root, key));

        var declared = new Dictionary<string, PhraseSet>(StringComparer.Ordinal);
        if (y.Map(root, "declared") is { } dm)
        {
            foreach (var (k, v) in dm.Children)
            {
                var name = ((YamlScalarNode)k).Value!;
                declared[name] = Compile(y, dm, name, v);
            }
        }
        var confusables = new Dictionary<char, char>();
        if (y.Map(root, "confusables") is { } cm)
        {
            foreach (var (k, v) in cm.Children)
            {
                var from = ((YamlScalarNode)k).Value ?? "";
                var to = (v as YamlScalarNode)?.Value ?? "";
                if (from.Length != 1 || to.Length != 1 || !char.IsAsciiLetterLower(to[0]))
                {
                    throw y.Error(k, "each confusable maps one character to one lower-case Latin letter");
                }
                confusables[from[0]] = to[0];
            }
        }
        return new InstructionCatalog
        {
            Fillers = y.Strings(root, "fillers").Select(s => s.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal),
            Override = List("override"),
            SystemMarkers = List("system-markers"),
            Secrecy = List("secrecy"),
            SecrecyExempt = List("secrecy-exempt"),
            SafetyBypass = List("safety-bypass"),
            SafetyFlags = List("safety-flags"),
            CredentialStores = List("credential-stores"),
            CredentialWords = List("credential-words"),
            HarvestVerbs = List("harvest-verbs"),
            SendVerbs = List("send-verbs"),
            SensitiveData = List("sensitive-data"),
            EnvironmentDump = List("environment-dump"),
            AuthUsage = List("auth-usage"),
            DestinationWords = List("destination-words"),
            Prerequisite = List("prerequisite"),
            DownloadVerbs = List("download-verbs"),
            RunVerbs = List("run-verbs"),
            PasteTerminal = List("paste-terminal"),
            RunDialog = List("run-dialog"),
            Password = List("password"),
            PasswordPrompt = List("password-prompt"),
            Archive = List("archive"),
            RiskyExtensions = y.Strings(root, "risky-extensions").Select(s => s.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal),
            ReleasePages = List("release-pages"),
            FileHosts = y.Strings(root, "file-hosts").Select(s => s.ToLowerInvariant()).ToList(),
            PasteSites = y.Strings(root, "paste-sites").Select(s => s.ToLowerInvariant()).ToList(),
            Shorteners = y.Strings(root, "shorteners").Select(s => s.ToLowerInvariant()).ToList(),
            FileDrops = y.Strings(root, "file-drops").Select(s => s.ToLowerInvariant()).ToList(),
            RiskyCommands = List("risky-commands"),
            HiddenExempt = List("hidden-exempt"),
            AgentNames = List("agent-names"),
            ImperativeVerbs = List("imperative-verbs"),
            HiddenActionVerbs = List("hidden-action-verbs"),
            Declared = declared,
            Confusables = confusables,
            Brands = y.Strings(root, "brands").Select(s => s.ToLowerInvariant()).ToList(),
            CommandWords = y.Strings(root, "command-words").ToHashSet(StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// A key holding either a list of patterns, or a list of groups `{language, imperative, patterns}`.
    /// Every pattern is compiled alone first so a bad one is reported with its own line.
    /// </summary>
    private static PhraseSet Compile(YamlData y, YamlMappingNode parent, string key, YamlNode? node)
    {
        if (node is null) return PhraseSet.Empty;
        if (node is not YamlSequenceNode seq) throw y.Error(node, $"'{key}' must be a list");
        var groups = new List<(string, bool, Lazy<TieredRegex>, KeywordFilter?)>();
        var plain = new List<(YamlNode Node, string Pattern)>();
        foreach (var item in seq.Children)
        {
            switch (item)
            {
                case YamlScalarNode s when s.Value is { Length: > 0 } pattern:
                    plain.Add((s, pattern));
                    break;
                case YamlMappingNode m:
                    y.AllowOnly(m, "language", "imperative", "patterns");
                    var language = y.RequiredString(m, "language");
                    var imperative = y.Bool(m, "imperative") ?? false;
                    var patterns = y.Sequence(m, "patterns") ?? throw y.Error(m, $"'{key}': group '{language}' needs 'patterns'");
                    var list = patterns.Children.Select(p => (p, (p as YamlScalarNode)?.Value ?? throw y.Error(p, "patterns must be strings"))).ToList();
                    groups.Add((language, imperative, Combine(y, list), Keywords(list)));
                    break;
                default:
                    throw y.Error(item, $"'{key}' items must be patterns or {{language, imperative, patterns}} groups");
            }
        }
        if (plain.Count > 0) groups.Insert(0, ("*", false, Combine(y, plain), Keywords(plain)));
        return new PhraseSet(groups);
    }

    /// <summary>What text must contain for any of the patterns to match (null when some pattern cannot say).</summary>
    private static KeywordFilter? Keywords(IReadOnlyList<(YamlNode Node, string Pattern)> patterns) =>
        KeywordFilter.Union(patterns.Select(p => RegexKeywords.Filter(p.Pattern)));

    private static Lazy<TieredRegex> Combine(YamlData y, IReadOnlyList<(YamlNode Node, string Pattern)> patterns)
    {
        var combined = new Lazy<TieredRegex>(() => new TieredRegex(string.Join("|", patterns.Select(p => $"(?:{p.Pattern})")), Options, MatchTimeout));
        if (y.CheckedByTests) return combined;
        foreach (var (node, pattern) in patterns)
        {
            try
            {
                _ = new Regex(pattern, Options, MatchTimeout);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                throw y.Error(node, $"invalid pattern '{pattern}': {ex.Message}");
            }
        }
        _ = combined.Value;
        return combined;
    }
}
