using SkillScan.Findings;
using SkillScan.Model;
using SkillScan.Semantics;
using SkillScan.Util;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Rules.Matchers;

/// <summary>
/// `flow:` — data from a source reaching a sink call.
/// <code>
/// flow:
///   from: [env.read]              # source kinds (Capabilities.SourceKinds)
///   detail: "@secret-env"         # optional test on the source's detail (variable name, path, URL)
///   to: [net.send, net.fetch]     # sink: a capability list or a full call selector
///   via: [body, query, url]       # optional: which input carries the data (url, query, header, body, stdin, receiver,
///                                 # option, or code: what an interpreter or eval runs as code)
///   except-credential-use: true   # a credential used as one (see below) is not a finding
///   destination: [exfil]          # optional: only when the sink sends to these host classes
///   not-destination: [vendor-api]
///   escalate: {when: {destination: [exfil]}, to: critical}
/// </code>
/// Credential use: a value sent in a header/credential argument to a destination that is not an exfiltration
/// class; a vendor's own credential (OPENAI_API_KEY to api.openai.com) in any part of the request; or a value
/// that is itself the (non-constant) URL — configuration, not data. In shell commands, a sensitive path given
/// to an uploading command (`curl -F f=@~/.ssh/id_rsa`, `scp ~/.aws/credentials host:`) counts as a source, and
/// data staged in files flows on: see <see cref="Staging"/>.
/// </summary>
public sealed class FlowMatcherKind : IMatcherKind
{
    public string Key => "flow";

    private static readonly string[] Roles = ["url", "query", "header", "body", "stdin", "receiver", "option", "code"];

    public IMatcher Create(YamlNode spec, YamlData yaml, RuleDescriptor rule)
    {
        var r = new SpecReader(yaml, rule, Key);
        var m = r.Mapping(spec, "'flow'");
        r.AllowOnly(m, "from", "detail", "not-detail", "to", "via", "except-credential-use", "destination", "not-destination", "message", "escalate");
        var from = r.TaintKinds(m, "from");
        if (from.Count == 0) throw r.Error(m, "'from' needs at least one source kind");
        var toNode = r.Get(m, "to") ?? throw r.Error(m, "'to' is required (capabilities or a call selector)");
        var via = r.Strings(m, "via");
        foreach (var v in via)
        {
            if (!Roles.Contains(v)) throw r.Error(r.Get(m, "via")!, $"unknown input role '{v}'; known: {string.Join(", ", Roles)}");
        }
        return new FlowMatcher
        {
            From = from,
            Detail = r.Pattern(m, "detail"),
            NotDetail = r.Pattern(m, "not-detail"),
            To = CallSelector.Parse(r, toNode),
            SinkCapabilities = toNode is YamlMappingNode tm ? r.Strings(tm, "capability") : r.Strings(new YamlMappingNode { { "c", toNode } }, "c"),
            Via = via,
            ExceptCredentialUse = r.Bool(m, "except-credential-use"),
            Destination = r.Has(m, "destination") ? ValueCondition.ExpandClasses(r.DestinationClasses(m, "destination")) : null,
            NotDestination = r.Has(m, "not-destination") ? ValueCondition.ExpandClasses(r.DestinationClasses(m, "not-destination")) : null,
            Message = MessageTemplate.Parse(r, m),
            Escalation = Escalation.Parse(r, m),
        };
    }
}

public sealed class FlowMatcher : PackMatcher
{
    private static readonly HashSet<string> PathKinds = new(StringComparer.Ordinal) { "secret.read", "agent.read", "browser.read" };

    /// <summary>The exfiltration classes (a group of indicators.yaml), expanded once rather than by every flow rule on every skill.</summary>
    private static readonly Lazy<HashSet<string>> Exfil = new(() => ValueCondition.ExpandClasses(["exfil"]));

    public required IReadOnlyList<string> From { get; init; }
    public TextPattern? Detail { get; init; }
    public TextPattern? NotDetail { get; init; }
    public required CallSelector To { get; init; }
    public IReadOnlyList<string> SinkCapabilities { get; init; } = [];
    public IReadOnlyList<string> Via { get; init; } = [];
    public bool ExceptCredentialUse { get; init; }
    public HashSet<string>? Destination { get; init; }
    public HashSet<string>? NotDestination { get; init; }
    public MessageTemplate? Message { get; init; }
    public Escalation? Escalation { get; init; }

    public override void Run(MatchRun run)
    {
        var env = run.Environment;
        var exfil = Exfil.Value;
        foreach (var doc in run.Documents)
        {
            Staging? staging = null;
            foreach (var c in run.Calls.Candidates(doc, To.Requirement))
            {
                if (!To.Matches(c, env)) continue;
                staging ??= run.Calls.StagingFor(doc);
                var dest = c.Destination;
                if (Destination is not null && !dest.Classes.Overlaps(Destination)) continue;
                if (NotDestination is not null && dest.Classes.Overlaps(NotDestination)) continue;

                (TaintSource Source, CallInput Input)? best = null;
                var bestSeverity = Severity.Info;
                var code = Via.Contains("code") ? CallInputs.CodeInputs(c.Call, c.ShellWords).ToHashSet(ReferenceEqualityComparer.Instance) : null;
                // A source also seen in a named part (headers.Authorization) is judged there, not in the whole options object.
                HashSet<(string, string, TextSpan)>? inNamed = null;
                foreach (var (_, v) in c.Call.Named)
                {
                    foreach (var t in v.Taint) (inNamed ??= []).Add((t.Kind, t.Detail, t.Span));
                }
                foreach (var raw in c.Inputs)
                {
                    var input = code is not null && code.Contains(raw.Value) ? raw with { Role = "code" } : raw;
                    if (Via.Count > 0 && !Via.Contains(input.Role)) continue;
                    var positional = input.Key.Length > 0 && char.IsAsciiDigit(input.Key[0]);
                    foreach (var source in SourcesOf(c, input).Concat(staging.SourcesFor(c, input.Value)))
                    {
                        if (positional && input.Role == "body" && inNamed is not null && inNamed.Contains((source.Kind, source.Detail, source.Span))) continue;
                        if (!From.Contains(source.Kind)) continue;
                        if (Detail is not null && !Detail.IsMatch(source.Detail)) continue;
                        if (NotDetail is not null && NotDetail.IsMatch(source.Detail)) continue;
                        if (ExceptCredentialUse && IsCredentialUse(source, input, dest, exfil, env.Indicators)) continue;
                        var severity = Escalation?.Apply(run.Rule.Severity, c, dest, source, env) ?? run.Rule.Severity;
                        if (best is null || severity > bestSeverity)
                        {
                            best = (source, input);
                            bestSeverity = severity;
                        }
                    }
                }
                if (best is not { } found) continue;
                Report(run, c, found.Source, found.Input, dest, bestSeverity);
            }
        }
    }

    /// <summary>The input's taint, plus (shell uploads) a sensitive path handed to a command that sends it.</summary>
    private IEnumerable<TaintSource> SourcesOf(IndexedCall c, CallInput input)
    {
        foreach (var t in input.Value.Taint) yield return t;
        if (!c.ShellWords || !c.Call.Has("net.send") || !From.Any(PathKinds.Contains)) yield break;
        foreach (var candidate in Values.PathCandidates(input.Value))
        {
            var path = candidate.Contains('@') ? candidate[(candidate.IndexOf('@') + 1)..] : candidate;
            if (BuiltinCatalogs.SensitivePaths.Match(path) is { } hit && PathKinds.Contains(hit.Kind))
            {
                yield return new TaintSource(hit.Kind, path, c.Call.Document, input.Value.Span, []);
                yield break;
            }
        }
    }

    public static bool IsCredentialUse(TaintSource source, CallInput input, Destination dest, HashSet<string> exfil, Indicators indicators)
    {
        // A vendor's own credential to the vendor (TELEGRAM_BOT_TOKEN in an api.telegram.org/bot… URL) is use,
        // even where the vendor's API doubles as a drop box.
        if (source.Kind == "env.read" && dest.Host is { } host && indicators.IsVendorCredential(source.Detail, host)) return true;
        if (dest.Classes.Overlaps(exfil)) return false;
        // The secret is the whole (configurable) URL: configuration, not data. Text built around it is not.
        if (input.Role == "url" && !dest.IsKnown && !IsComposite(input.Value.Text)) return true;
        return input.Role == "header";
    }

    /// <summary>Source text that builds a string from parts (concatenation, interpolation, formatting).</summary>
    private static bool IsComposite(string text) =>
        text.Contains('+') || text.Contains('{') || text.Contains('?') || text.Contains('%') || text.Contains(".format(", StringComparison.Ordinal)
        || text.Contains("concat", StringComparison.OrdinalIgnoreCase) || text.Contains("join(", StringComparison.Ordinal) || text.Contains('`');

    private void Report(MatchRun run, IndexedCall c, TaintSource source, CallInput input, Destination dest, Severity severity)
    {
        var indicators = run.Environment.Indicators;
        var sinkCaps = SinkCapabilities.Count > 0 ? SinkCapabilities : c.Call.Capabilities;
        var sink = Wording.Sink(c.Call, sinkCaps);
        if (c.IsSynthetic) sink += $" (run by {c.HostCall!.Callee})";
        var sourceText = Wording.Source(source);
        var destination = dest.Describe(indicators);
        var values = new Dictionary<string, string>
        {
            ["source"] = sourceText,
            ["sink"] = sink,
            ["callee"] = c.Call.Callee,
            ["name"] = c.Name,
            ["destination"] = destination,
            ["detail"] = Values.Show(source.Detail),
            ["value"] = Values.Show(input.Value.Best),
            ["match"] = CallSelector.ShowCall(c),
            ["file"] = c.Call.Document.File.RepoPath,
            ["decoded"] = "",
        };
        var message = Message?.Render(values)
            ?? $"{Wording.Sentence(sourceText)} reaches {sink} {Wording.Role(input.Role)}" + (dest.IsKnown ? $", sent to {destination}." : ".");
        var steps = new List<FlowStep>(source.Steps.Count + 2)
        {
            new(source.Document, source.Span, $"source: {sourceText}"),
        };
        steps.AddRange(source.Steps);
        steps.Add(new FlowStep(c.Call.Document, c.Call.Span, $"sink: {sink}"));
        var evidence = new Dictionary<string, string>
        {
            ["source"] = source.Kind,
            ["source-detail"] = Values.Show(source.Detail, 200),
            ["sink"] = c.Call.Callee,
            ["via"] = input.Role,
        };
        if (dest.IsKnown) evidence["destination"] = dest.Url ?? dest.Host!;
        var related = new List<RelatedLocation> { new(source.Document.Locate(source.Span), $"Source: {sourceText}") };
        run.Report(c.Call.Document, c.Call.Span, message, severity, steps, evidence, related);
    }
}

/// <summary>
/// Shell scripts pass data through files: `cp ~/Library/Keychains/login.keychain-db "$OUT/"`, `tar czf "$OUT.tgz"
/// -C "$OUT" .`, `curl -F "k=@$OUT.tgz" …`. Staging records, in source order, every shell write, copy or archive
/// whose data comes from a source (its inputs' taint, a sensitive path it copies, or an earlier staged place it
/// mentions), under the names of where it wrote (the path and, for files in a folder, the folder: `$OUT`); a later
/// command that mentions such a name carries the data on. Only shell words: in other languages data stays in
/// variables, which the extractors follow.
/// </summary>
public sealed class Staging
{
    private static readonly HashSet<string> TooGeneral = new(StringComparer.Ordinal)
    {
        "", "/", "~", "$HOME", "${HOME}", "\"$HOME\"", "/tmp", "/var/tmp", "$TMPDIR", "${TMPDIR}", ".", "..", "/dev", "/dev/null", "-",
    };

    private static readonly Staging None = new(new MultiStringSearch());

    /// <summary>Most characters of a value's folded text searched for staged names (its source text is searched whole).</summary>
    private const int MaxSearchedConstant = 4096;

    /// <summary>The names of every place a command writes, searched in later commands' inputs all at once.</summary>
    private readonly MultiStringSearch _names;

    /// <summary>By name id: where (call position) tainted data was staged under that name, and its sources.</summary>
    private readonly Dictionary<int, List<(int Position, int Order, IReadOnlyList<TaintSource> Sources)>> _staged = new();

    private int _stagedCount;

    private readonly Dictionary<IndexedCall, int> _position = new(ReferenceEqualityComparer.Instance);

    private Staging(MultiStringSearch names)
    {
        _names = names;
    }

    /// <summary>
    /// Data staged in files by the shell calls of a document, for every source kind (flow rules keep the kinds they
    /// look for), so one pass serves them all. Linear in the document: each input is searched once for all written
    /// names together (a file of 20,000 writes and 20,000 uploads took 6 minutes when each input was searched for
    /// each name in turn). <paramref name="ordered"/>: the document's calls in source order
    /// (<see cref="CallIndex.InSourceOrder"/>).
    /// </summary>
    public static Staging Of(IReadOnlyList<IndexedCall> ordered)
    {
        if (!ordered.Any(c => c.ShellWords)) return None;
        var names = new MultiStringSearch();
        var targetsOf = new List<ValueFact>?[ordered.Count];
        for (var i = 0; i < ordered.Count; i++)
        {
            var c = ordered[i];
            if (!c.ShellWords || !Writes(c)) continue;
            targetsOf[i] = CallInputs.WriteTargets(c.Call, true).ToList();
            foreach (var target in targetsOf[i]!)
            {
                foreach (var token in Tokens(target)) names.Add(token);
            }
        }
        if (names.Count == 0) return None;
        var result = new Staging(names);
        for (var i = 0; i < ordered.Count; i++)
        {
            var c = ordered[i];
            result._position[c] = i;
            if (targetsOf[i] is not { } targets) continue;
            var sources = new List<TaintSource>();
            foreach (var input in c.Inputs)
            {
                if (targets.Any(t => ReferenceEquals(t, input.Value))) continue;
                sources.AddRange(input.Value.Taint);
                var kindsSeen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var candidate in Values.PathCandidates(input.Value))
                {
                    // The first sensitive path of each kind the input copies.
                    if (BuiltinCatalogs.SensitivePaths.Match(candidate) is { } hit && kindsSeen.Add(hit.Kind))
                    {
                        sources.Add(new TaintSource(hit.Kind, candidate, c.Call.Document, input.Value.Span, []));
                    }
                }
                sources.AddRange(result.Mentioned(input.Value, i));
            }
            if (sources.Count == 0) continue;
            var distinct = sources.DistinctBy(t => (t.Kind, t.Detail)).ToList();
            foreach (var target in targets)
            {
                foreach (var token in Tokens(target))
                {
                    var staged = distinct.Select(t => t.Through(c.Call.Document, c.Call.Span, $"staged in {token}")).ToList();
                    var id = names.IdOf(token);
                    if (!result._staged.TryGetValue(id, out var list)) result._staged[id] = list = new();
                    list.Add((i, result._stagedCount++, staged));
                }
            }
        }
        return result;
    }

    /// <summary>Sources a later command picks up by mentioning a staged place.</summary>
    public IEnumerable<TaintSource> SourcesFor(IndexedCall call, ValueFact input) =>
        _staged.Count == 0 || !call.ShellWords || !_position.TryGetValue(call, out var at) ? [] : Mentioned(input, at);

    private IEnumerable<TaintSource> Mentioned(ValueFact input, int before)
    {
        if (_staged.Count == 0) return [];
        var found = new SortedDictionary<int, IReadOnlyList<TaintSource>>();
        var best = input.Best.Length > MaxSearchedConstant ? input.Best[..MaxSearchedConstant] : input.Best;
        foreach (var text in ReferenceEquals(best, input.Text) || best == input.Text ? [input.Text] : new[] { input.Text, best })
        {
            foreach (var (start, id) in _names.Find(text))
            {
                if (!_staged.TryGetValue(id, out var entries) || !IsName(text, start, _names.LengthOf(id))) continue;
                foreach (var (position, order, sources) in entries)
                {
                    if (position < before) found[order] = sources;
                }
            }
        }
        // In the order the places were staged, as before: the first source found is the one a message names.
        var result = new List<TaintSource>();
        foreach (var sources in found.Values) result.AddRange(sources);
        return result;
    }

    private static bool Writes(IndexedCall c) =>
        c.Call.Has("fs.write") || c.Call.Has("archive.create") || c.Name is "redirect-write" or "tee" || Indicators.Builtin.CopyCommands.Contains(c.Name);

    /// <summary>A written path's names: itself, and its folder unless that is a shared place (/tmp, ~).</summary>
    private static IEnumerable<string> Tokens(ValueFact target)
    {
        var path = target.Best.Trim().Replace("\"", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal).TrimEnd('/');
        if (!TooGeneral.Contains(path)) yield return path;
        var slash = path.LastIndexOf('/');
        if (slash > 0)
        {
            var folder = path[..slash];
            if (!TooGeneral.Contains(folder)) yield return folder;
        }
    }

    /// <summary>`$OUT` in `k=@$OUT.tgz`: not inside a longer name on the left, not followed by a name character.</summary>
    private static bool IsName(string text, int at, int length)
    {
        var before = at == 0 || !(char.IsLetterOrDigit(text[at - 1]) || text[at - 1] == '_');
        var end = at + length;
        var after = end >= text.Length || !(char.IsLetterOrDigit(text[end]) || text[end] is '_' or '-');
        return before && after;
    }
}
