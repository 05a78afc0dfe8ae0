using System.Text.RegularExpressions;
using SkillScan.Model;
using SkillScan.Semantics;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Rules.Matchers;

/// <summary>What a condition may look at besides the call: the skill's files, settings, indicators.</summary>
public sealed class MatchEnvironment
{
    private HashSet<string>? _fileNames;

    public MatchEnvironment(RuleContext context)
    {
        Context = context;
    }

    public RuleContext Context { get; }

    public ScanSettings Settings => Context.Settings;

    public Indicators Indicators => Indicators.Builtin;

    /// <summary>File names shipped in the skill (for `shipped: true`).</summary>
    public IReadOnlySet<string> FileNames =>
        _fileNames ??= Context.Skill.Files.Select(f => f.FileName).ToHashSet(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// A condition on a call's inputs: `in` picks inputs (a position, a role, `any`, `target`, `content`, a named
/// key; default any) and the condition holds when one picked input satisfies every test given:
/// `constant` (a known value matching a regex), `value` (constant or source text matching), `code` (source text
/// matching), `non-constant`, `tainted` (by source kinds, or `any`), `decoded`, `path` (a sensitive-path class from
/// paths.yaml), `destination` (host classes), `shipped` (names a file in the skill), `equals`, `absent`.
/// </summary>
public sealed class ValueCondition
{
    public static readonly string[] Keys =
        ["in", "constant", "value", "code", "non-constant", "tainted", "decoded", "path", "destination", "shipped", "equals", "absent"];

    private string[] _in = ["any"];
    private TextPattern? _constant;
    private TextPattern? _value;
    private TextPattern? _code;
    private bool? _nonConstant;
    private IReadOnlyList<string>? _tainted;
    private bool? _decoded;
    private IReadOnlyList<string>? _path;
    private HashSet<string>? _destination;
    private bool? _shipped;
    private IReadOnlyList<string>? _equals;
    private bool _absent;

    public static ValueCondition Parse(SpecReader r, YamlNode node)
    {
        var m = r.Mapping(node, "a condition");
        r.AllowOnly(m, Keys);
        var c = new ValueCondition();
        if (r.Has(m, "in")) c._in = [.. r.Strings(m, "in")];
        c._constant = r.Pattern(m, "constant");
        c._value = r.Pattern(m, "value");
        c._code = r.Pattern(m, "code");
        if (r.Has(m, "non-constant")) c._nonConstant = r.Bool(m, "non-constant");
        if (r.Has(m, "tainted"))
        {
            var kinds = r.Strings(m, "tainted");
            c._tainted = kinds is ["any"] ? [] : r.TaintKinds(m, "tainted");
        }
        if (r.Has(m, "decoded")) c._decoded = r.Bool(m, "decoded");
        if (r.Has(m, "path")) c._path = r.Strings(m, "path");
        if (r.Has(m, "destination")) c._destination = ExpandClasses(r.DestinationClasses(m, "destination"));
        if (r.Has(m, "shipped")) c._shipped = r.Bool(m, "shipped");
        if (r.Has(m, "equals")) c._equals = r.Strings(m, "equals");
        c._absent = r.Bool(m, "absent");
        if (m.Children.Count == (r.Has(m, "in") ? 1 : 0)) throw r.Error(m, "a condition needs at least one test besides 'in'");
        return c;
    }

    /// <summary>Sensitive-path classes the condition names (checked against paths.yaml by the tests).</summary>
    public IReadOnlyList<string> PathKinds => _path ?? [];

    public static HashSet<string> ExpandClasses(IEnumerable<string> names) =>
        names.SelectMany(Indicators.Builtin.Expand).ToHashSet(StringComparer.Ordinal);

    public bool Holds(IndexedCall call, MatchEnvironment env) => FirstMatch(call, env) is not null || (_absent && !Selected(call).Any());

    // Conditions are tested on every call a rule visits: the loops below allocate nothing on the way (a lambda over
    // a parameter makes its closure when the method is entered, whether or not it runs).

    /// <summary>The first picked input satisfying every test (null when none does).</summary>
    public ValueFact? FirstMatch(IndexedCall call, MatchEnvironment env)
    {
        if (_absent) return null;
        foreach (var selector in _in)
        {
            // The common selectors read the inputs directly; the rest go through CallInputs.Select.
            switch (selector)
            {
                case "any":
                    foreach (var input in call.Inputs)
                    {
                        if (Test(input.Value, env)) return input.Value;
                    }
                    continue;
                case "url" or "query" or "header" or "body":
                    foreach (var input in call.Inputs)
                    {
                        if (input.Role == selector && Test(input.Value, env)) return input.Value;
                    }
                    continue;
                case [>= '0' and <= '9']:
                    var position = selector[0] - '0';
                    if (position < call.Call.Args.Count && Test(call.Call.Args[position], env)) return call.Call.Args[position];
                    continue;
            }
            foreach (var value in CallInputs.Select(call.Call, call.Inputs, selector, call.ShellWords))
            {
                if (Test(value, env)) return value;
            }
        }
        return null;
    }

    private IEnumerable<ValueFact> Selected(IndexedCall call) =>
        _in.SelectMany(s => CallInputs.Select(call.Call, call.Inputs, s, call.ShellWords));

    private bool Test(ValueFact v, MatchEnvironment env)
    {
        if (_constant is not null && (v.Constant is null || !_constant.IsMatch(v.Constant))) return false;
        if (_value is not null && !_value.IsMatch(v.Best)) return false;
        if (_code is not null && !_code.IsMatch(v.Text)) return false;
        if (_nonConstant is { } nc && Values.IsConstant(v) == nc) return false;
        if (_tainted is not null && !(_tainted.Count == 0 ? v.IsTainted : HasTaintKind(v.Taint, _tainted))) return false;
        if (_decoded is { } d && Values.IsDecoded(v) != d) return false;
        if (_path is not null && !MatchesPath(v, _path)) return false;
        if (_destination is not null)
        {
            var dest = Destinations.FromValue(v, env.Indicators, env.Settings, allowBareHost: true);
            if (dest is null || !dest.Classes.Overlaps(_destination)) return false;
        }
        if (_shipped is { } s && IsShipped(v, env) != s) return false;
        if (_equals is not null && !EqualsOne(v, _equals)) return false;
        return true;
    }

    /// <summary>Whether one of the taint's sources is of one of the kinds.</summary>
    public static bool HasTaintKind(IReadOnlyList<TaintSource> taint, IReadOnlyList<string> kinds)
    {
        foreach (var t in taint)
        {
            if (kinds.Contains(t.Kind)) return true;
        }
        return false;
    }

    private static bool EqualsOne(ValueFact v, IReadOnlyList<string> values)
    {
        var text = v.Best.Trim().Trim('\'', '"');
        foreach (var e in values)
        {
            if (string.Equals(e, text, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    public static bool MatchesPath(ValueFact v, IReadOnlyCollection<string> kinds)
    {
        var paths = BuiltinCatalogs.SensitivePaths;
        foreach (var candidate in Values.PathCandidates(v))
        {
            foreach (var (kind, _) in paths.MatchAll(candidate))
            {
                if (kinds.Contains(kind)) return true;
            }
        }
        return false;
    }

    private static bool IsShipped(ValueFact v, MatchEnvironment env)
    {
        foreach (var candidate in Values.PathCandidates(v))
        {
            var name = candidate.Trim().Trim('\'', '"');
            var slash = Math.Max(name.LastIndexOf('/'), name.LastIndexOf('\\'));
            if (slash >= 0) name = name[(slash + 1)..];
            if (name.Length > 0 && env.FileNames.Contains(name)) return true;
        }
        return false;
    }
}

/// <summary>
/// Which calls a matcher looks at. Every key is optional and all given must hold:
/// `callee` / `not-callee` (globs over the canonical callee), `name` (globs over the command name, for shell words),
/// `capability` (any of), `not-capability` (none of), `resolved-via` and `code` (regexes over how the name was resolved and over the call's
/// source text), `flags` (each entry `-r|-R|--recursive`: one of the alternatives present; `-r` also matches
/// combined short flags like `-rf`), `not-flags`, `arg` (each regex matches some operand or flag value), `no-args`,
/// `piped-from` (stdin tainted by these kinds), `where` (conditions that all hold), `where-any` (one holds),
/// `unless` (none holds), `with` (the same document also makes a call matching this nested selector).
/// </summary>
public sealed class CallSelector
{
    public static readonly string[] Keys =
        ["callee", "not-callee", "name", "capability", "not-capability", "resolved-via", "code", "flags", "not-flags", "arg", "no-args",
         "piped-from", "where", "where-any", "unless", "with"];

    private List<NameGlob> _callee = [];
    private List<NameGlob> _notCallee = [];
    private List<NameGlob> _name = [];
    private List<string> _capabilities = [];
    private List<string> _notCapabilities = [];
    private TextPattern? _resolvedVia;
    private TextPattern? _code;
    private List<string[]> _flags = [];
    private List<string[]> _notFlags = [];
    private List<TextPattern> _args = [];
    private bool _noArgs;
    private List<string>? _pipedFrom;
    private List<ValueCondition> _where = [];
    private List<ValueCondition> _whereAny = [];
    private List<ValueCondition> _unless = [];
    private CallSelector? _with;

    public IEnumerable<ValueCondition> AllConditions =>
        _where.Concat(_whereAny).Concat(_unless).Concat(_with?.AllConditions ?? []);

    /// <summary>
    /// What every call this selector matches has (the positive keys that <see cref="Matches"/> tests first, on the
    /// call alone): one of the `capability` list, a callee matching `callee`, a command name matching `name`.
    /// </summary>
    public CallRequirement Requirement => _requirement ??= new CallRequirement(
        _capabilities.Count > 0 ? _capabilities.ToArray() : null, _callee.Count > 0 ? _callee.ToArray() : null,
        _name.Count > 0 ? _name.ToArray() : null, shellWords: false);

    private CallRequirement? _requirement;

    /// <summary>The nested `with` selector, if any.</summary>
    public CallSelector? With => _with;

    /// <summary>Whether another call of the same document (not the call itself) matches the selector.</summary>
    public bool MatchedBesides(IndexedCall call, MatchEnvironment env)
    {
        foreach (var o in CallIndex.For(env.Context).Candidates(call.Document, Requirement))
        {
            if (!ReferenceEquals(o, call) && Matches(o, env)) return true;
        }
        return false;
    }

    /// <summary>Parses a selector; a plain list is shorthand for `capability: [...]`.</summary>
    public static CallSelector Parse(SpecReader r, YamlNode node, params string[] extraKeys)
    {
        var s = new CallSelector();
        if (node is YamlSequenceNode or YamlScalarNode)
        {
            var wrapper = new YamlMappingNode { { "capability", node } };
            s._capabilities = r.Capabilities(wrapper, "capability");
            return s;
        }
        var m = r.Mapping(node, "a call selector");
        r.AllowOnly(m, [.. Keys, .. extraKeys]);
        s._callee = r.NameGlobs(m, "callee");
        s._notCallee = r.NameGlobs(m, "not-callee");
        s._name = r.NameGlobs(m, "name");
        s._capabilities = r.Capabilities(m, "capability");
        s._notCapabilities = r.Capabilities(m, "not-capability");
        s._resolvedVia = r.Pattern(m, "resolved-via");
        s._code = r.Pattern(m, "code");
        s._flags = r.Strings(m, "flags").Select(f => f.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        s._notFlags = r.Strings(m, "not-flags").Select(f => f.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        s._args = r.Patterns(m, "arg");
        s._noArgs = r.Bool(m, "no-args");
        if (r.Has(m, "piped-from")) s._pipedFrom = r.TaintKinds(m, "piped-from");
        s._where = Conditions(r, m, "where");
        s._whereAny = Conditions(r, m, "where-any");
        s._unless = Conditions(r, m, "unless");
        if (r.Get(m, "with") is { } with) s._with = Parse(r, with);
        return s;
    }

    private static List<ValueCondition> Conditions(SpecReader r, YamlMappingNode m, string key)
    {
        var node = r.Get(m, key);
        return node switch
        {
            null => [],
            YamlSequenceNode seq => seq.Children.Select(c => ValueCondition.Parse(r, c)).ToList(),
            YamlMappingNode single => [ValueCondition.Parse(r, single)],
            _ => throw r.Error(node, $"'{key}' must be a condition or a list of conditions"),
        };
    }

    public bool Matches(IndexedCall c, MatchEnvironment env)
    {
        // Every rule asks this of every call: the common early answers allocate nothing.
        var call = c.Call;
        if (_callee.Count > 0 && !AnyMatch(_callee, call.Callee)) return false;
        if (_notCallee.Count > 0 && AnyMatch(_notCallee, call.Callee)) return false;
        if (_name.Count > 0 && !AnyMatch(_name, c.Name)) return false;
        if (_capabilities.Count > 0 && !call.HasAny(_capabilities)) return false;
        if (_notCapabilities.Count > 0 && call.HasAny(_notCapabilities)) return false;
        return MatchesRest(c, env);
    }

    private static bool AnyMatch(List<NameGlob> globs, string text)
    {
        foreach (var g in globs)
        {
            if (g.IsMatch(text)) return true;
        }
        return false;
    }

    private bool MatchesRest(IndexedCall c, MatchEnvironment env)
    {
        var call = c.Call;
        if (_resolvedVia is not null && (call.ResolvedVia is null || !_resolvedVia.IsMatch(call.ResolvedVia))) return false;
        if (_code is not null && !CodeMatches(c)) return false;
        foreach (var alternatives in _flags)
        {
            if (!HasOneOf(call, alternatives)) return false;
        }
        foreach (var alternatives in _notFlags)
        {
            if (HasOneOf(call, alternatives)) return false;
        }
        if ((_args.Count > 0 || _noArgs) && !ArgsMatch(call)) return false;
        if (_pipedFrom is not null && (call.Stdin is null || !ValueCondition.HasTaintKind(call.Stdin.Taint, _pipedFrom))) return false;
        foreach (var w in _where)
        {
            if (!w.Holds(c, env)) return false;
        }
        if (_whereAny.Count > 0 && !AnyHolds(_whereAny, c, env)) return false;
        if (AnyHolds(_unless, c, env)) return false;
        if (_with is not null && !_with.MatchedBesides(c, env)) return false;
        return true;
    }

    private static bool HasOneOf(CallFact call, string[] flags)
    {
        foreach (var f in flags)
        {
            if (HasFlag(call, f)) return true;
        }
        return false;
    }

    private static bool AnyHolds(List<ValueCondition> conditions, IndexedCall c, MatchEnvironment env)
    {
        foreach (var w in conditions)
        {
            if (w.Holds(c, env)) return true;
        }
        return false;
    }

    /// <summary>`no-args` and `arg`: over the operands, and flag values too (`osascript -e '…'`, `-o file`): extractors differ in what they keep positional.</summary>
    private bool ArgsMatch(CallFact call)
    {
        var operands = call.Args.Where(a => !CallInputs.IsFlag(a.Best)).Select(a => a.Best).ToList();
        if (_noArgs && operands.Count > 0) return false;
        var words = operands.Concat(call.Named.Where(kv => kv.Key.StartsWith('-')).Select(kv => kv.Value.Best)).ToList();
        return _args.All(p => words.Any(p.IsMatch));
    }

    /// <summary>The first input a `where` condition picked, for messages ("{value}").</summary>
    public ValueFact? Witness(IndexedCall c, MatchEnvironment env)
    {
        foreach (var w in _where.Concat(_whereAny))
        {
            if (w.FirstMatch(c, env) is { } v) return v;
        }
        return null;
    }

    /// <summary>The call's own source text (for a command found in a string: the string's command words).</summary>
    public static string CallText(IndexedCall c) =>
        c.IsSynthetic ? SyntheticText(c) : c.Call.Document.Slice(c.Call.Span);

    /// <summary>The call's text for a message: <see cref="Values.Show(ReadOnlySpan{char}, int)"/> without copying the whole call.</summary>
    public static string ShowCall(IndexedCall c, int max = 100) =>
        c.IsSynthetic ? Values.Show(SyntheticText(c), max) : Values.Show(c.Call.Document.SliceSpan(c.Call.Span), max);

    private static string SyntheticText(IndexedCall c) => c.Call.Callee + " " + string.Join(' ', c.Call.Args.Select(a => a.Best));

    /// <summary>
    /// Calls longer than this take their `code` answer from the pattern's matches over the whole document (a match
    /// starting inside the call), found once per document: a call's text holds every call nested in it, and
    /// matching each call's text on its own would be quadratic in the nesting (200,000 levels of `$(…)`).
    /// </summary>
    internal const int CodeWindow = 4096;

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SourceDocument, CodeIndex> _codeIndex = new();

    private bool CodeMatches(IndexedCall c)
    {
        if (c.IsSynthetic) return _code!.IsMatch(SyntheticText(c));
        var span = c.Call.Span;
        var doc = c.Call.Document;
        if (!_codeIndex.TryGetValue(doc, out var index))
        {
            index = new CodeIndex(_code!, doc.Text);
            _codeIndex.AddOrUpdate(doc, index);
        }
        // Every match holds one of the pattern's literals: a call with none starting inside it cannot match. One
        // search of the document answers this for all its calls, whose texts nest (a `code:` selector with no other
        // key tests every call, and searching each call's text was the costliest rule on an 80 KB script).
        if (index.LiteralStarts is { } literals && !AnyStartsWithin(literals, span)) return false;
        return span.Length <= CodeWindow ? _code!.IsMatch(doc.SliceSpan(span)) : AnyStartsWithin(index.MatchStarts, span);
    }

    private static bool AnyStartsWithin(int[] starts, TextSpan span)
    {
        var at = Array.BinarySearch(starts, span.Start);
        if (at < 0) at = ~at;
        return at < starts.Length && starts[at] < span.End;
    }

    /// <summary>Where, in one document, the `code` pattern's literals occur and (for long calls, when asked) its matches start.</summary>
    private sealed class CodeIndex(TextPattern code, string text)
    {
        private int[]? _matchStarts;

        public int[]? LiteralStarts { get; } = code.LiteralStarts(text);

        public int[] MatchStarts => _matchStarts ??= [.. code.Matches(text).Select(m => m.Index)];
    }

    /// <summary>
    /// A flag is present as its own word, as `--long=value`, as a named argument, or (single-letter short flags) inside
    /// a group of short flags (`-r` in `-rf`).
    /// </summary>
    public static bool HasFlag(CallFact call, string flag)
    {
        foreach (var (k, _) in call.Named)
        {
            if (string.Equals(k, flag, StringComparison.Ordinal)) return true;
        }
        var shortLetter = flag.Length == 2 && flag[0] == '-' && char.IsLetterOrDigit(flag[1]) ? flag[1] : '\0';
        foreach (var a in call.Args)
        {
            var w = a.Best;
            if (w == flag) return true;
            if (flag.StartsWith("--", StringComparison.Ordinal) && w.StartsWith(flag + "=", StringComparison.Ordinal)) return true;
            if (shortLetter != '\0' && IsShortFlagGroup(w) && w.IndexOf(shortLetter, 1) > 0) return true;
        }
        return false;
    }

    /// <summary>`-rf`, `-xzvf`: one dash and letters only.</summary>
    private static bool IsShortFlagGroup(string w)
    {
        if (w.Length < 3 || w[0] != '-' || w[1] == '-') return false;
        for (var i = 1; i < w.Length; i++)
        {
            if (!char.IsAsciiLetter(w[i])) return false;
        }
        return true;
    }
}

/// <summary>
/// Severity adjustments of a rule: `escalate: [{when: {...}, to: critical}, ...]` (a single mapping is fine too).
/// The first entry whose `when` holds (an entry without `when` always holds) sets the severity; `to` may be higher
/// or lower than the rule's severity.
/// `when` takes the condition tests (on the matched call's inputs) plus `destination` (classes of where the call
/// sends), `source` (kinds of the flow's source), `source-host` (classes of the host a downloaded source came from),
/// `with` (the same document also makes a call matching this selector) and `with-string` (a string of the same
/// document matches this regex).
/// </summary>
public sealed class Escalation
{
    private readonly List<(ValueCondition? Condition, HashSet<string>? Destination, List<string>? Source, HashSet<string>? SourceHost, CallSelector? With, TextPattern? WithString, Severity To)> _steps = new();

    public static Escalation? Parse(SpecReader r, YamlMappingNode spec)
    {
        var node = r.Get(spec, "escalate");
        if (node is null) return null;
        var items = node switch
        {
            YamlSequenceNode seq => seq.Children.ToList(),
            YamlMappingNode single => [single],
            _ => throw r.Error(node, "'escalate' must be a mapping or a list of mappings"),
        };
        var e = new Escalation();
        foreach (var item in items)
        {
            var m = r.Mapping(item, "an escalate entry");
            r.AllowOnly(m, "when", "to");
            var to = r.SeverityValue(m, "to") ?? throw r.Error(m, "an escalate entry needs 'to'");
            // Without `when` the entry always applies (a fixed severity for one alternative of `any`).
            var when = r.Get(m, "when") is { } whenNode ? r.Mapping(whenNode, "'when'") : new YamlMappingNode();
            HashSet<string>? dest = null;
            List<string>? source = null;
            HashSet<string>? sourceHost = null;
            CallSelector? with = null;
            TextPattern? withString = null;
            var rest = new YamlMappingNode();
            foreach (var (k, v) in when.Children)
            {
                switch (((YamlScalarNode)k).Value)
                {
                    case "destination":
                        dest = ValueCondition.ExpandClasses(r.DestinationClasses(when, "destination"));
                        break;
                    case "source":
                        source = r.TaintKinds(when, "source");
                        break;
                    case "source-host":
                        sourceHost = ValueCondition.ExpandClasses(r.DestinationClasses(when, "source-host"));
                        break;
                    case "with":
                        with = CallSelector.Parse(r, v);
                        break;
                    case "with-string":
                        withString = r.Pattern(when, "with-string");
                        break;
                    default:
                        rest.Add(k, v);
                        break;
                }
            }
            var condition = rest.Children.Count > 0 ? ValueCondition.Parse(r, rest) : null;
            e._steps.Add((condition, dest, source, sourceHost, with, withString, to));
        }
        return e;
    }

    public IEnumerable<ValueCondition> Conditions =>
        _steps.Where(s => s.Condition is not null).Select(s => s.Condition!).Concat(_steps.SelectMany(s => s.With?.AllConditions ?? []));

    /// <summary>The `with` selectors of the steps.</summary>
    public IEnumerable<CallSelector> WithSelectors => _steps.Where(s => s.With is not null).Select(s => s.With!);

    public Severity Apply(Severity severity, IndexedCall? call, Destination? destination, TaintSource? source, MatchEnvironment env)
    {
        foreach (var (condition, dest, kinds, sourceHost, with, withString, to) in _steps)
        {
            if (condition is not null && (call is null || !condition.Holds(call, env))) continue;
            if (with is not null && (call is null || !with.MatchedBesides(call, env))) continue;
            if (withString is not null && (call is null || !call.Document.Facts.Strings.Any(x => withString.IsMatch(x.Value)))) continue;
            if (dest is not null && (destination is null || !destination.Classes.Overlaps(dest))) continue;
            if (kinds is not null && (source is null || !kinds.Contains(source.Kind))) continue;
            if (sourceHost is not null)
            {
                var host = source is null ? null : Destinations.FromValue(new ValueFact(source.Span, source.Detail, source.Detail), env.Indicators, env.Settings, allowBareHost: true);
                if (host is null || !host.Classes.Overlaps(sourceHost)) continue;
            }
            return to;
        }
        return severity;
    }
}
