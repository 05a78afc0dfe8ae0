using System.Collections.Concurrent;
using SkillScan.Model;
using SkillScan.Semantics;

namespace SkillScan.Rules.Matchers;

/// <summary>A call as rules see it: the fact, its document, whether its words are shell words, and cached answers.</summary>
public sealed class IndexedCall
{
    private readonly ScanSettings _settings;
    private CallInput[]? _inputs;
    private Destination? _destination;
    private string? _name;

    public IndexedCall(DocumentAnalysis document, CallFact call, bool shellWords, CallFact? hostCall, ScanSettings settings)
    {
        Document = document;
        Call = call;
        ShellWords = shellWords;
        HostCall = hostCall;
        _settings = settings;
    }

    public DocumentAnalysis Document { get; }

    public CallFact Call { get; }

    /// <summary>Arguments are shell words (a shell document, or a command line taken from a string).</summary>
    public bool ShellWords { get; }

    /// <summary>For a command found in a string (`os.system("rm -rf ~")`): the call that runs it.</summary>
    public CallFact? HostCall { get; }

    public bool IsSynthetic => HostCall is not null;

    /// <summary>The command name for shell words (`/usr/bin/curl` → `curl`), else the callee.</summary>
    public string Name => _name ??= ShellWords ? ShellStage.CommandName(Call.Callee) : Call.Callee;

    // An array, not an interface: every rule loops over every call's inputs, and foreach over IReadOnlyList boxes
    // an enumerator each time (the allocation, and the collections it caused, were 14% of rules time on JS).
    public CallInput[] Inputs => _inputs ??= CallInputs.Of(Call, ShellWords);

    /// <summary>
    /// Where the call sends to. A request object (`urlopen(req)`, `SendAsync(request)`) takes the destination of the
    /// nearest request built before it in the document (`Request(URL, data=…)`, `new HttpRequestMessage(…, url)`).
    /// </summary>
    public Destination Destination => _destination ??= ResolveDestination();

    /// <summary>The calls of this call's document, in emission order (set by the index).</summary>
    internal IReadOnlyList<IndexedCall> Siblings { get; set; } = Array.Empty<IndexedCall>();

    /// <summary>Position in <see cref="Siblings"/>: narrowed candidate lists are merged back into emission order by it.</summary>
    internal int Ordinal { get; set; }

    private Destination ResolveDestination()
    {
        var own = CallInputs.DestinationOf(Inputs, _settings);
        if (own.IsKnown || CallInputs.RequestObject(Inputs) is not { } request) return own;
        IndexedCall? best = null;
        foreach (var s in Siblings)
        {
            if (ReferenceEquals(s, this) || !IsRequestConstructor(s.Call.Callee)) continue;
            // Built inline in the argument, or the nearest one built before.
            if (request.Span.Start <= s.Call.Span.Start && s.Call.Span.End <= request.Span.End) return CallInputs.DestinationOf(s.Inputs, _settings);
            if (s.Call.Span.Start > Call.Span.Start) continue;
            if (best is null || s.Call.Span.Start > best.Call.Span.Start) best = s;
        }
        return best is null ? own : CallInputs.DestinationOf(best.Inputs, _settings);
    }

    private static bool IsRequestConstructor(string callee) =>
        callee.EndsWith("Request", StringComparison.Ordinal) || callee.EndsWith("HttpRequestMessage", StringComparison.Ordinal) || callee.EndsWith(".request", StringComparison.Ordinal);
}

/// <summary>
/// What every call a selector can match has, read off the selector's own keys before any call is seen: one of
/// <see cref="Capabilities"/>, a callee matching one of <see cref="Callees"/>, a command name matching one of
/// <see cref="Names"/>, shell words. Null where the selector does not say. The index visits only calls that can
/// meet it; the selector still tests each.
/// </summary>
public sealed class CallRequirement(IReadOnlyList<string>? capabilities, IReadOnlyList<NameGlob>? callees, IReadOnlyList<NameGlob>? names, bool shellWords)
{
    public static readonly CallRequirement None = new(null, null, null, false);

    public IReadOnlyList<string>? Capabilities => capabilities;

    public IReadOnlyList<NameGlob>? Callees => callees;

    public IReadOnlyList<NameGlob>? Names => names;

    public bool ShellWords => shellWords;

    public bool IsNone => capabilities is null && callees is null && names is null && !shellWords;

    public CallRequirement AndShellWords() => new(capabilities, callees, names, true);

    /// <summary>Whether a call meets the requirement (what the index answers for all calls at once; for tests).</summary>
    public bool Admits(IndexedCall c) =>
        (capabilities is null || capabilities.Any(c.Call.Has))
        && (callees is null || callees.Any(g => g.IsMatch(c.Call.Callee)))
        && (names is null || names.Any(g => g.IsMatch(c.Name)))
        && (!shellWords || c.ShellWords);
}

/// <summary>
/// Every call of a skill, built once per skill and shared by all rules: the extractors' facts, plus the commands
/// inside constant command lines that other languages run (`subprocess.run("curl … | sh", shell=True)`,
/// `exec('rm -rf ~')`, `Process.Start("bash", "-c …")`), lowered by <see cref="ShellWords"/> into calls with the
/// shell catalog's capabilities, so the same rules see them. A later stage of such a pipeline gets a stdin that
/// is tainted as downloaded when an earlier stage downloads.
/// </summary>
public sealed class CallIndex
{
    private static readonly HashSet<string> ShellInterpreters = new(StringComparer.Ordinal) { "sh", "bash", "zsh", "dash", "ksh", "ash" };

    private readonly Dictionary<DocumentAnalysis, DocumentCalls> _byDocument = new(ReferenceEqualityComparer.Instance);

    private CallIndex(SkillAnalysis analysis, ScanSettings settings)
    {
        var all = new List<IndexedCall>();
        foreach (var doc in analysis.Documents)
        {
            var list = new List<IndexedCall>(doc.Facts.Calls.Count);
            var shell = doc.Document.Language == Language.Bash;
            foreach (var call in doc.Facts.Calls)
            {
                list.Add(new IndexedCall(doc, call, shell, null, settings));
                if (!shell && (call.Has("proc.exec") || call.Has("proc.shell")))
                {
                    foreach (var inner in CommandsRunBy(call)) list.Add(new IndexedCall(doc, inner, true, call, settings));
                }
            }
            // Commands installed in a cron table run later, as shell commands: lower them too.
            foreach (var entry in list.ToList())
            {
                if (entry.ShellWords && entry.Name == "crontab" && entry.Call.Stdin?.Constant is { } table)
                {
                    foreach (var inner in ScheduledCommands(entry.Call, table)) list.Add(new IndexedCall(doc, inner, true, entry.Call, settings));
                }
            }
            for (var i = 0; i < list.Count; i++)
            {
                list[i].Siblings = list;
                list[i].Ordinal = i;
            }
            _byDocument[doc] = new DocumentCalls(list);
            all.AddRange(list);
        }
        Calls = all;
    }

    public IReadOnlyList<IndexedCall> Calls { get; }

    public IReadOnlyList<IndexedCall> In(DocumentAnalysis document) =>
        _byDocument.TryGetValue(document, out var calls) ? calls.List : Array.Empty<IndexedCall>();

    /// <summary>
    /// The calls of a document that can meet a requirement, in emission order: a subset of <see cref="In"/> that
    /// holds every call meeting it (the caller still tests each). Every rule used to test every call of the skill;
    /// the call and `any` matchers were a third of a JavaScript file's analysis.
    /// </summary>
    public IndexedCall[] Candidates(DocumentAnalysis document, CallRequirement requirement) =>
        _byDocument.TryGetValue(document, out var calls) ? calls.Candidates(requirement) : [];

    /// <summary>
    /// A document with fewer calls than this hands every rule all of them: its indexes and merged answers cost more
    /// than testing a few calls, and most of the corpus's documents have one to three. Narrowing every document, the
    /// corpus's rules CPU was above the unindexed engine's (646 against 612 ms, medians of six noisy interleaved
    /// runs); from 16 calls up it is on par (580 against 590 ms), while an 85 KB script still gains 10–45%.
    /// </summary>
    internal const int SmallDocument = 16;

    /// <summary><see cref="Candidates"/> narrowed whatever the document's size (for tests of the index).</summary>
    internal IndexedCall[] Narrowed(DocumentAnalysis document, CallRequirement requirement) =>
        _byDocument.TryGetValue(document, out var calls) ? calls.Narrowed(requirement) : [];

    private readonly ConcurrentDictionary<DocumentAnalysis, Staging> _staging = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<DocumentAnalysis, IReadOnlyList<IndexedCall>> _sourceOrder = new(ReferenceEqualityComparer.Instance);

    /// <summary>What a document's commands stage in files; built once, shared by the flow rules.</summary>
    public Staging StagingFor(DocumentAnalysis document) => _staging.GetOrAdd(document, d => Staging.Of(InSourceOrder(d)));

    /// <summary>
    /// A document's calls by position in the source (emission order among calls at one position: the lowered
    /// commands of one string keep theirs). Extractors need not emit in source order; staging and the staged-execution
    /// rules are about order. Sorted once per document for all of them.
    /// </summary>
    public IReadOnlyList<IndexedCall> InSourceOrder(DocumentAnalysis document) => _sourceOrder.GetOrAdd(document, d =>
        In(d).Select((c, i) => (c, i)).OrderBy(x => x.c.Call.Span.Start).ThenBy(x => x.i).Select(x => x.c).ToArray());

    public static CallIndex For(RuleContext context) => context.Analysis.Shared(context, static c => new CallIndex(c.Analysis, c.Settings));

    /// <summary>A document's calls with indexes by capability, callee, command name and shell words, built when first asked.</summary>
    private sealed class DocumentCalls
    {
        private readonly IndexedCall[] _all;
        private Dictionary<string, IndexedCall[]>? _byCapability;
        private Dictionary<string, IndexedCall[]>? _byCallee;
        private Dictionary<string, IndexedCall[]>? _byName;
        private IndexedCall[]? _shell;

        // Answers by requirement: a rule asks once per document, a `with` selector once per call its rule matches.
        private readonly Dictionary<CallRequirement, IndexedCall[]> _answers = new(ReferenceEqualityComparer.Instance);

        public DocumentCalls(List<IndexedCall> list)
        {
            List = list;
            _all = [.. list];
        }

        public List<IndexedCall> List { get; }

        public IndexedCall[] Candidates(CallRequirement r) => _all.Length < SmallDocument ? _all : Narrowed(r);

        public IndexedCall[] Narrowed(CallRequirement r)
        {
            if (r.IsNone || _all.Length == 0) return _all;
            if (_answers.TryGetValue(r, out var known)) return known;
            var answer = Narrowest(r);
            _answers[r] = answer;
            return answer;
        }

        /// <summary>The calls under the requirement's narrowest key (a call under several of its values counts once each).</summary>
        private IndexedCall[] Narrowest(CallRequirement r)
        {
            var chosen = _all;
            List<string>? keys = null;
            Dictionary<string, IndexedCall[]>? index = null;
            if (r.ShellWords) chosen = _shell ??= Array.FindAll(_all, static c => c.ShellWords);
            var best = chosen.Length;
            if (r.Capabilities is { } capabilities) Consider([.. capabilities], _byCapability ??= Build(_all, Key.Capabilities));
            if (r.Callees is { } callees) Consider(Matching(callees, _byCallee ??= Build(_all, Key.Callee)), _byCallee);
            if (r.Names is { } names) Consider(Matching(names, _byName ??= Build(_all, Key.Name)), _byName);
            if (index is null) return chosen;
            return keys!.Count == 1 ? index[keys[0]] : Merge(index, keys);

            void Consider(List<string> wanted, Dictionary<string, IndexedCall[]> byKey)
            {
                wanted.RemoveAll(k => !byKey.ContainsKey(k));
                var count = 0;
                foreach (var k in wanted) count += byKey[k].Length;
                if (count >= best) return;
                best = count;
                keys = wanted;
                index = byKey;
            }
        }

        /// <summary>
        /// The names in the index that a glob list matches: exact globs are looked up, wildcard globs tried on each
        /// distinct name (never more names than calls, and the globs remember their answers).
        /// </summary>
        private static List<string> Matching(IReadOnlyList<NameGlob> globs, Dictionary<string, IndexedCall[]> byKey)
        {
            var result = new List<string>();
            foreach (var g in globs)
            {
                if (g.IsExact)
                {
                    if (!result.Contains(g.Glob)) result.Add(g.Glob);
                    continue;
                }
                foreach (var key in byKey.Keys)
                {
                    if (g.IsMatch(key) && !result.Contains(key)) result.Add(key);
                }
            }
            return result;
        }

        private enum Key { Capabilities, Callee, Name }

        private static Dictionary<string, IndexedCall[]> Build(IndexedCall[] all, Key kind)
        {
            var lists = new Dictionary<string, List<IndexedCall>>(StringComparer.Ordinal);
            foreach (var c in all)
            {
                if (kind == Key.Capabilities)
                {
                    var capabilities = c.Call.Capabilities;
                    for (var i = 0; i < capabilities.Count; i++) Add(capabilities[i], c);
                }
                else
                {
                    Add(kind == Key.Callee ? c.Call.Callee : c.Name, c);
                }
            }
            var result = new Dictionary<string, IndexedCall[]>(lists.Count, StringComparer.Ordinal);
            foreach (var (key, list) in lists) result[key] = [.. list];
            return result;

            void Add(string key, IndexedCall c)
            {
                if (!lists.TryGetValue(key, out var list)) lists[key] = list = [];
                // A call listing a capability twice is one candidate.
                if (list.Count == 0 || !ReferenceEquals(list[^1], c)) list.Add(c);
            }
        }

        /// <summary>The calls under any of the keys, once each, in emission order.</summary>
        private static IndexedCall[] Merge(Dictionary<string, IndexedCall[]> index, List<string> keys)
        {
            var found = new List<IndexedCall>();
            foreach (var k in keys) found.AddRange(index[k]);
            found.Sort(static (a, b) => a.Ordinal.CompareTo(b.Ordinal));
            var result = new List<IndexedCall>(found.Count);
            foreach (var c in found)
            {
                if (result.Count == 0 || !ReferenceEquals(result[^1], c)) result.Add(c);
            }
            return [.. result];
        }
    }

    /// <summary>
    /// The commands of a cron table (`*/10 * * * * curl … | sh`, `@reboot /opt/x`): each line without its schedule
    /// (and the user field of system tables), lowered like a command line.
    /// </summary>
    public static List<CallFact> ScheduledCommands(CallFact crontab, string table)
    {
        var result = new List<CallFact>();
        foreach (var raw in table.Split('\n').Take(200))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var skip = fields[0].StartsWith('@') ? 1 : 5;
            if (fields.Length <= skip || fields[0].Contains('=')) continue;
            if (fields.Length > skip + 1 && fields[skip] == "root") skip++;
            var command = string.Join(' ', fields.Skip(skip));
            result.AddRange(LowerLine(crontab, ShellWords.Parse(command), ValueFact.NoTaint, $"scheduled by {crontab.Callee}"));
        }
        return result;
    }

    /// <summary>The commands a process-starting call runs, when its command line is known.</summary>
    public static List<CallFact> CommandsRunBy(CallFact call)
    {
        var result = new List<CallFact>();
        var stages = new List<ShellStage>();
        string? program = null;
        List<string>? words = null;
        IReadOnlyList<TaintSource> listTaint = ValueFact.NoTaint;

        var fileName = Named(call, "FileName");
        var arguments = Named(call, "Arguments");
        if (fileName?.Constant is { } fn)
        {
            // ProcessStartInfo { FileName = "bash", Arguments = "-c …" }
            if (arguments?.Constant is { } argLine) stages.AddRange(ShellWords.Parse("'" + fn.Replace("'", "") + "' " + argLine));
            else program = fn;
        }
        else if (call.Args.Count > 0)
        {
            var first = call.Args[0];
            if (ListElements(first.Text) is { } elements)
            {
                words = elements;
                listTaint = first.Taint;
            }
            else if (first.Constant is null && Interpolated(first.Text) is { } template && (call.Has("proc.shell") || IsShellTrue(call)))
            {
                // `npm install ${pkg}`, f"pip install {pkg}": the parts are shell words, the holes are not constant.
                stages.AddRange(ShellWords.Parse(template));
                listTaint = first.Taint;
            }
            else if (first.Constant is { } constant)
            {
                if (call.Has("proc.shell") || IsShellTrue(call) || (call.Args.Count == 1 && constant.Trim().Contains(' ')))
                {
                    stages.AddRange(ShellWords.Parse(constant));
                }
                else
                {
                    program = constant;
                    words = [];
                    for (var i = 1; i < call.Args.Count; i++)
                    {
                        var a = call.Args[i];
                        if (ListElements(a.Text) is { } list)
                        {
                            words.AddRange(list);
                            listTaint = a.Taint;
                        }
                        else if (a.Constant is { } c && call.Args.Count == 2 && c.Contains(' ')) words.AddRange(ShellWords.Parse(c).FirstOrDefault()?.Words ?? []);
                        else words.Add(a.Best);
                    }
                }
            }
        }
        if (program is not null) stages.Add(new ShellStage([program, .. words ?? []], [], 0, 0));
        else if (words is { Count: > 0 }) stages.Add(new ShellStage(words, [], 0, 0));

        // `sh -c "…"` inside: its command line too (two levels are plenty).
        for (var pass = 0; pass < 2; pass++)
        {
            var added = new List<ShellStage>();
            foreach (var s in stages)
            {
                if (!ShellInterpreters.Contains(s.Name)) continue;
                var c = s.Words.ToList().IndexOf("-c");
                if (c > 0 && c + 1 < s.Words.Count)
                {
                    var offset = stages.Concat(added).Max(x => x.Pipeline) + 1;
                    added.AddRange(ShellWords.Parse(s.Words[c + 1]).Select(x => x with { Pipeline = x.Pipeline + offset }));
                }
            }
            if (added.Count == 0 || stages.Count + added.Count > ShellWords.MaxStages) break;
            stages.AddRange(added.Where(a => !stages.Any(s => s.Words.SequenceEqual(a.Words))));
            if (pass == 0 && added.All(a => !ShellInterpreters.Contains(a.Name))) break;
        }

        return LowerLine(call, stages, listTaint, $"command line run by {call.Callee}");
    }

    /// <summary>Turns parsed stages into calls with the shell catalog's capabilities, pipes and redirections.</summary>
    private static List<CallFact> LowerLine(CallFact call, List<ShellStage> stages, IReadOnlyList<TaintSource> listTaint, string via)
    {
        var result = new List<CallFact>();
        var catalog = BuiltinCatalogs.For(Language.Bash);
        foreach (var stage in stages)
        {
            if (stage.Words.Count == 0 && stage.WriteTargets.Count == 0) continue;
            var earlier = stages.Where(s => s.Pipeline == stage.Pipeline && s.Position < stage.Position).ToList();
            var stdin = earlier.Count == 0 ? null : PipedInput(call, earlier, catalog);
            if (stage.Words.Count > 0)
            {
                result.Add(Lower(call, stage.Words[0], stage.Words.Skip(1), stdin, catalog, listTaint, via));
            }
            foreach (var target in stage.WriteTargets)
            {
                var output = new ValueFact(call.Span, string.Join(' ', stage.Words));
                result.Add(new CallFact
                {
                    Document = call.Document,
                    Callee = "redirect-write",
                    Capabilities = ["fs.write"],
                    Span = call.Span,
                    CalleeSpan = call.CalleeSpan,
                    Args = [Word(call, target)],
                    Stdin = output,
                    ResolvedVia = $"redirection in the {via}",
                });
            }
        }
        return result;
    }

    /// <summary>
    /// What lowering must know even for commands the shell catalog does not list: which commands are
    /// interpreters and which download (the catalog's entries win when present).
    /// </summary>
    private static readonly Dictionary<string, string[]> Essentials = new(StringComparer.Ordinal)
    {
        ["sh"] = ["proc.interpreter"], ["bash"] = ["proc.interpreter"], ["zsh"] = ["proc.interpreter"], ["dash"] = ["proc.interpreter"],
        ["ksh"] = ["proc.interpreter"], ["python"] = ["proc.interpreter"], ["python3"] = ["proc.interpreter"], ["node"] = ["proc.interpreter"],
        ["perl"] = ["proc.interpreter"], ["ruby"] = ["proc.interpreter"], ["eval"] = ["code.eval"],
        ["curl"] = ["net.fetch"], ["wget"] = ["net.fetch"],
    };

    private static CallFact Lower(CallFact host, string program, IEnumerable<string> args, ValueFact? stdin, CapabilityCatalog catalog,
        IReadOnlyList<TaintSource> listTaint, string via)
    {
        // Like the shell extractor: the callee is the command name, a path it was run by is the `program` input.
        var name = ShellStage.CommandName(program);
        var argList = args.Select(a => Word(host, a, listTaint)).ToList();
        var named = program != name ? new Dictionary<string, ValueFact> { ["program"] = Word(host, program, listTaint) } : CallFact.EmptyNamed;
        var entry = catalog.Lookup(name);
        var caps = new List<string>(entry?.Capabilities ?? (Essentials.TryGetValue(name, out var essential) ? essential : []));
        if (entry is not null)
        {
            foreach (var (flag, flagCaps) in entry.Flags)
            {
                if (argList.Any(a => a.Best == flag || a.Best.StartsWith(flag + "=", StringComparison.Ordinal)))
                {
                    caps.AddRange(flagCaps.Where(c => !caps.Contains(c)));
                }
            }
        }
        return new CallFact
        {
            Document = host.Document,
            Callee = name,
            Capabilities = caps,
            Span = host.Span,
            CalleeSpan = host.CalleeSpan,
            Args = argList,
            Named = named,
            Stdin = stdin,
            ResolvedVia = via,
        };
    }

    /// <summary>What earlier pipeline stages feed a stage: downloaded (tainted net.fetch) when one of them downloads.</summary>
    private static ValueFact PipedInput(CallFact host, List<ShellStage> earlier, CapabilityCatalog catalog)
    {
        var text = string.Join(" | ", earlier.Select(s => string.Join(' ', s.Words)));
        var taint = new List<TaintSource>();
        foreach (var s in earlier)
        {
            var entry = catalog.Lookup(s.Name);
            var downloads = entry is null ? Essentials.TryGetValue(s.Name, out var e) && e.Contains("net.fetch")
                : entry.Source == "net.fetch" || entry.Capabilities.Contains("net.fetch");
            if (downloads)
            {
                var url = s.Words.Skip(1).FirstOrDefault(w => w.Contains("://", StringComparison.Ordinal))
                    ?? s.Words.Skip(1).FirstOrDefault(w => !CallInputs.IsFlag(w)) ?? s.Name;
                taint.Add(new TaintSource("net.fetch", url, host.Document, host.Span, []));
            }
        }
        return new ValueFact(host.Span, text, null, taint);
    }

    /// <summary>A word as a value: constant unless it expands something; a non-literal list element keeps the list's taint.</summary>
    private static ValueFact Word(CallFact host, string word, IReadOnlyList<TaintSource>? listTaint = null)
    {
        var expands = word.Contains('$') || word.Contains('`');
        return new(host.Span, word, expands ? null : word, expands ? listTaint : null);
    }

    private static bool IsShellTrue(CallFact call) => Named(call, "shell")?.Best is "True" or "true" or "1";

    /// <summary>
    /// A JS template literal or Python f-string as a command line, its interpolations turned into `$(…)` words
    /// (so they count as unknown): `` `npm i ${p}` `` → `npm i $(p)`. Null for anything else.
    /// </summary>
    public static string? Interpolated(string text)
    {
        var t = text.Trim();
        string body;
        bool python;
        if (t.Length >= 2 && t[0] == '`' && t[^1] == '`')
        {
            body = t[1..^1];
            python = false;
        }
        else if (t.Length >= 3 && (t[0] is 'f' or 'F') && (t[1] is '"' or '\'') && t[^1] == t[1])
        {
            body = t[2..^1];
            python = true;
        }
        else
        {
            return null;
        }
        var sb = new System.Text.StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var open = python ? body[i] == '{' && (i + 1 >= body.Length || body[i + 1] != '{') : body[i] == '$' && i + 1 < body.Length && body[i + 1] == '{';
            if (!open)
            {
                sb.Append(body[i]);
                continue;
            }
            var start = python ? i + 1 : i + 2;
            var depth = 1;
            var j = start;
            for (; j < body.Length && depth > 0; j++)
            {
                if (body[j] == '{') depth++;
                else if (body[j] == '}') depth--;
            }
            if (depth != 0) return null;
            sb.Append("$(").Append(body[start..(j - 1)].Replace(' ', '_')).Append(')');
            i = j - 1;
        }
        return sb.ToString();
    }

    private static ValueFact? Named(CallFact call, string key)
    {
        foreach (var (k, v) in call.Named)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) return v;
        }
        return null;
    }

    /// <summary>The elements of a list/array literal's source text (`['rm', '-rf', x]`), quoted ones unquoted.</summary>
    public static List<string>? ListElements(string text)
    {
        var t = text.Trim();
        if (t.Length < 2) return null;
        if (t.StartsWith("new[]", StringComparison.Ordinal) || t.StartsWith("new string[]", StringComparison.Ordinal))
        {
            var brace = t.IndexOf('{');
            if (brace < 0 || !t.EndsWith('}')) return null;
            t = "[" + t[(brace + 1)..^1] + "]";
        }
        if (!((t[0] == '[' && t[^1] == ']') || (t[0] == '(' && t[^1] == ')' && t.Contains(',')))) return null;
        var result = new List<string>();
        var depth = 0;
        var start = 1;
        char quote = '\0';
        for (var i = 1; i < t.Length - 1; i++)
        {
            var ch = t[i];
            if (quote != '\0')
            {
                if (ch == '\\') i++;
                else if (ch == quote) quote = '\0';
                continue;
            }
            if (ch is '\'' or '"' or '`') quote = ch;
            else if (ch is '(' or '[' or '{') depth++;
            else if (ch is ')' or ']' or '}') depth--;
            else if (ch == ',' && depth == 0)
            {
                Add(t[start..i]);
                start = i + 1;
            }
        }
        Add(t[start..^1]);
        return result;

        void Add(string element)
        {
            var e = element.Trim();
            if (e.Length == 0) return;
            var literals = Values.StringLiterals(e).ToList();
            result.Add(literals.Count == 1 && (e.StartsWith('\'') || e.StartsWith('"') || e.StartsWith('`') || e.StartsWith("r'") || e.StartsWith("r\""))
                ? literals[0] : "$(" + e + ")");
        }
    }
}
